import type { Principal, RequestContext } from "../../kernel/index.js";
import type { GroupRecord, RoleRecord } from "../../store/iam-port.js";
import type { UserRecord } from "../../store/index.js";
import { iamArn } from "./arns.js";
import type { IamResourceType } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { constraint, noSuchEntity } from "./errors.js";

/**
 * Finding the entities a request names, in the caller's account, as IAM reports their absence.
 * Every lookup also confirms the authorisation when the entity's real ARN differs from the one
 * the request was authorised on (see IamDeps.authorizeEntity).
 */

/** The ARN the pipeline authorises a by-name request on, before anything is read. */
export function requestedArn(principal: Principal, type: IamResourceType, name: string): string {
  return iamArn(principal.accountId, type, "/", name);
}

/** The user a request is about: the one named, or the calling IAM user when none is. */
export function targetUserName(principal: Principal, userName: string | undefined): string {
  if (userName !== undefined) return userName;
  if (principal.type !== "IAMUser") throw constraint("userName", "Must specify userName when calling with non-User credentials");
  return principal.userName;
}

/** The ARN a request about `userName` (or the caller) is authorised on. */
export function userResourceArn(principal: Principal, userName: string | undefined): string {
  return userName === undefined ? principal.arn : requestedArn(principal, "user", userName);
}

async function confirm(deps: IamDeps, ctx: RequestContext, action: string, authorisedOn: string, actual: string): Promise<void> {
  if (actual !== authorisedOn && deps.authorizeEntity) await deps.authorizeEntity(ctx, action, actual);
}

export async function findUser(deps: IamDeps, ctx: RequestContext, action: string, userName: string | undefined): Promise<UserRecord> {
  const name = targetUserName(ctx.principal, userName);
  const user = await deps.identity.getUserByName(ctx.principal.accountId, name);
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  await confirm(deps, ctx, action, userResourceArn(ctx.principal, userName), user.arn);
  return user;
}

export async function findGroup(deps: IamDeps, ctx: RequestContext, action: string, groupName: string): Promise<GroupRecord> {
  const group = await deps.iam.getGroup(ctx.principal.accountId, groupName);
  if (!group) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  await confirm(deps, ctx, action, requestedArn(ctx.principal, "group", groupName), group.arn);
  return group;
}

export async function findRole(deps: IamDeps, ctx: RequestContext, action: string, roleName: string): Promise<RoleRecord> {
  const role = await deps.iam.getRole(ctx.principal.accountId, roleName);
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  await confirm(deps, ctx, action, requestedArn(ctx.principal, "role", roleName), role.arn);
  return role;
}

/** Users added to a group or named in a second member (AddUserToGroup) are found without a second check. */
export async function findUserQuietly(deps: IamDeps, accountId: string, userName: string): Promise<UserRecord> {
  const user = await deps.identity.getUserByName(accountId, userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}
