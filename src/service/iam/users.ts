import type { RequestContext } from "../../kernel/index.js";
import type { Tag } from "../../store/iam-port.js";
import type { UserRecord } from "../../store/index.js";
import { newUserId } from "../identity/ids.js";
import { iamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import { alreadyExists, deleteConflict, translating } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { findPolicy } from "./policy-lookup.js";
import { addTags } from "./tags.js";
import { checkName, checkPath, checkPathPrefix, checkTags } from "./validate.js";

export interface UserView extends UserRecord {
  readonly permissionsBoundaryArn?: string;
  readonly tags?: readonly Tag[];
}

export interface CreateUserInput {
  readonly userName: string;
  readonly path?: string;
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
}

/** CreateUser, GetUser, ListUsers, DeleteUser. */
export class Users {
  constructor(private readonly deps: IamDeps) {}

  async create(ctx: RequestContext, input: CreateUserInput): Promise<UserView> {
    const { accountId } = ctx.principal;
    const path = input.path ?? "/";
    checkName("userName", input.userName, 64);
    checkPath("path", path);
    checkTags("tags", input.tags ?? []);
    if (input.permissionsBoundary !== undefined) await findPolicy(this.deps, ctx.principal, "permissionsBoundary", input.permissionsBoundary);
    if (await this.deps.identity.getUserByName(accountId, input.userName)) throw alreadyExists(`User with name ${input.userName} already exists.`);
    const user: UserRecord = {
      userId: newUserId(), accountId, userName: input.userName, path,
      arn: iamArn(accountId, "user", path, input.userName), createdAt: this.deps.clock.now(),
    };
    await translating(this.deps.identity.createUser(user), "conflict", () => alreadyExists(`User with name ${input.userName} already exists.`));
    if (input.permissionsBoundary !== undefined) await this.deps.iam.setPermissionsBoundary("user", user.userId, input.permissionsBoundary);
    if (input.tags?.length) await addTags(this.deps, user.arn, input.tags, "User");
    changedAccount(this.deps, ctx);
    return { ...user, permissionsBoundaryArn: input.permissionsBoundary, tags: input.tags?.length ? input.tags : undefined };
  }

  /** The user as found before authorisation: its tags and boundary were read then. */
  async get(_ctx: RequestContext, target: Target<UserRecord>): Promise<UserView> {
    const user = found(target);
    return { ...user, permissionsBoundaryArn: target.permissionsBoundary, tags: target.tags.length ? target.tags : undefined };
  }

  async list(ctx: RequestContext, input: { readonly pathPrefix?: string } & PageRequest): Promise<Page<UserRecord>> {
    if (input.pathPrefix !== undefined) checkPathPrefix("pathPrefix", input.pathPrefix);
    const users = await this.deps.iam.listUsers(ctx.principal.accountId, input.pathPrefix);
    return paginate(users, (u) => u.userName.toLowerCase(), input);
  }

  /** Refused while the user has access keys, MFA devices, policies or groups, in IAM's order. */
  async delete(ctx: RequestContext, target: Target<UserRecord>): Promise<void> {
    const user = found(target);
    const { identity, iam } = this.deps;
    if ((await identity.listAccessKeys(user.userId)).length > 0) throw deleteConflict("Cannot delete entity, must delete access keys first.");
    if ((await this.deps.serviceCredentials.list(user.userId)).length > 0) throw deleteConflict("Cannot delete entity, must delete service specific credentials first.");
    if ((await iam.listMfaDevices(user.accountId, user.userId)).some((d) => d.userId === user.userId)) throw deleteConflict("Cannot delete entity, must delete MFA device first.");
    if ((await iam.listInlinePolicyNames("user", user.userId)).length > 0) throw deleteConflict("Cannot delete entity, must delete policies first.");
    if ((await iam.listAttachedPolicies("user", user.userId)).length > 0) throw deleteConflict("Cannot delete entity, must detach all policies first.");
    if ((await iam.listGroupsForUser(user.userId)).length > 0) throw deleteConflict("Cannot delete entity, must remove user from all groups first.");
    await translating(iam.deleteUser(user.userId), "conflict", () => deleteConflict("Cannot delete entity, it still has access keys, service specific credentials, groups, policies or an MFA device."));
    changedAccount(this.deps, ctx);
  }
}
