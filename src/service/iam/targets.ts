import type { Principal, RequestContext } from "../../kernel/index.js";
import type { GroupRecord, IamEntityKind, MfaDeviceRecord, ManagedPolicyRecord, RoleRecord, Tag } from "../../store/iam-port.js";
import type { AccessKeyWithOwner, UserRecord } from "../../store/index.js";
import { AWS_MANAGED_ACCOUNT, iamArn, parseIamArn } from "./arns.js";
import type { IamResourceType } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { constraint, invalidInput, noSuchEntity } from "./errors.js";
import { checkPolicyArn } from "./policy-lookup.js";
import { checkAccessKeyId, checkArn, checkName, checkSerialNumber } from "./validate.js";

/**
 * What an IAM request acts on, found once, before it is authorised (the pipeline's resolve step),
 * with the facts its condition keys need. It is authorised on the entity's own ARN, path
 * included, so an Allow or a Deny about `user/ops/*` means what it says. A name that finds
 * nothing is authorised on the ARN the name gives (path `/`), as AWS does, and the use case then
 * answers NoSuchEntity: a caller who may not act there learns nothing of what exists.
 */
export interface Target<E> {
  readonly type: IamResourceType;
  /** The ARN authorised: the entity's own, or the one the request's name gives. */
  readonly arn: string;
  /** Absent: nothing by that name in the caller's account. */
  readonly entity?: E;
  /** IAM's NoSuchEntity wording for this request, used when `entity` is absent. */
  readonly missing: string;
  /** The entity's tags (aws:ResourceTag/..., and iam:ResourceTag/... for users and roles). */
  readonly tags: readonly Tag[];
  /** The entity's permissions boundary now (users and roles): iam:PermissionsBoundary. */
  readonly permissionsBoundary?: string;
}

/** After authorisation: the entity, or NoSuchEntity. */
export function found<E>(target: Target<E>): E {
  if (target.entity === undefined) throw noSuchEntity(target.missing);
  return target.entity;
}

/** A user, group or role found by name, reduced to what policy operations need. */
export interface PolicyHolder {
  readonly kind: IamEntityKind;
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

export const KIND_TITLE = { user: "User", group: "Group", role: "Role" } as const;

/** The ARN a by-name request is authorised on when the name finds nothing. */
export function requestedArn(principal: Principal, type: IamResourceType, name: string): string {
  return iamArn(principal.accountId, type, "/", name);
}

/** The user a request is about: the one named, or the calling IAM user when none is. */
export function targetUserName(principal: Principal, userName: string | undefined): string {
  if (userName !== undefined) return userName;
  if (principal.type !== "IAMUser") throw constraint("userName", "Must specify userName when calling with non-User credentials");
  return principal.userName;
}

/** The lookups behind every IAM operation's resolve step, each in the caller's account. */
export class Targets {
  constructor(private readonly deps: IamDeps) {}

  /** No name: the calling IAM user, as IAM reads CreateAccessKey, GetUser, ... without one. */
  async user(ctx: RequestContext, userName: string | undefined): Promise<Target<UserRecord>> {
    if (userName !== undefined) checkName("userName", userName, 128);
    const name = targetUserName(ctx.principal, userName);
    const user = await this.deps.identity.getUserByName(ctx.principal.accountId, name);
    const missing = `The user with name ${name} cannot be found.`;
    if (!user) return { type: "user", arn: requestedArn(ctx.principal, "user", name), missing, tags: [] };
    const [tags, permissionsBoundary] = await Promise.all([this.deps.iam.listTags(user.arn), this.deps.iam.getPermissionsBoundary("user", user.userId)]);
    return { type: "user", arn: user.arn, entity: user, missing, tags, ...(permissionsBoundary ? { permissionsBoundary } : {}) };
  }

  async group(ctx: RequestContext, groupName: string): Promise<Target<GroupRecord>> {
    checkName("groupName", groupName, 128);
    const group = await this.deps.iam.getGroup(ctx.principal.accountId, groupName);
    const missing = `The group with name ${groupName} cannot be found.`;
    // IAM groups take no tags and no boundary.
    return group ? { type: "group", arn: group.arn, entity: group, missing, tags: [] } : { type: "group", arn: requestedArn(ctx.principal, "group", groupName), missing, tags: [] };
  }

  async role(ctx: RequestContext, roleName: string): Promise<Target<RoleRecord>> {
    checkName("roleName", roleName, 64);
    const role = await this.deps.iam.getRole(ctx.principal.accountId, roleName);
    const missing = `The role with name ${roleName} cannot be found.`;
    if (!role) return { type: "role", arn: requestedArn(ctx.principal, "role", roleName), missing, tags: [] };
    const tags = await this.deps.iam.listTags(role.arn);
    return { type: "role", arn: role.arn, entity: role, missing, tags, ...(role.permissionsBoundaryArn ? { permissionsBoundary: role.permissionsBoundaryArn } : {}) };
  }

  /** The user, group or role whose policies an inline-policy or attachment operation changes. */
  async holder(ctx: RequestContext, kind: IamEntityKind, name: string): Promise<Target<PolicyHolder>> {
    switch (kind) {
      case "user": return asHolder(await this.user(ctx, name), (u) => ({ kind, id: u.userId, name: u.userName, arn: u.arn }));
      case "group": return asHolder(await this.group(ctx, name), (g) => ({ kind, id: g.groupId, name: g.groupName, arn: g.arn }));
      case "role": return asHolder(await this.role(ctx, name), (r) => ({ kind, id: r.roleId, name: r.roleName, arn: r.arn }));
    }
  }

  /** SimulatePrincipalPolicy's PolicySourceArn: a user, group or role of the caller's account, by its exact ARN. */
  async policySource(ctx: RequestContext, arn: string): Promise<Target<PolicyHolder>> {
    checkArn("policySourceArn", arn);
    const parsed = parseIamArn(arn);
    if (!parsed || (parsed.type !== "user" && parsed.type !== "group" && parsed.type !== "role")) {
      throw invalidInput("policySourceArn", "PolicySourceArn must be the ARN of an IAM user, group or role.");
    }
    const missing = `The ${parsed.type} with ARN ${arn} cannot be found.`;
    const absent: Target<PolicyHolder> = { type: parsed.type, arn, missing, tags: [] };
    if (parsed.accountId !== ctx.principal.accountId) return absent;
    const holder = await this.holder(ctx, parsed.type, parsed.name);
    return holder.entity?.arn === arn ? { ...holder, missing } : absent;
  }

  /** A managed policy of the caller's account or AWS's; another account's reads as absent. */
  async policy(ctx: RequestContext, policyArn: string): Promise<Target<ManagedPolicyRecord>> {
    checkPolicyArn("policyArn", policyArn);
    const account = parseIamArn(policyArn)!.accountId;
    const policy = account === ctx.principal.accountId || account === AWS_MANAGED_ACCOUNT ? await this.deps.iam.getPolicy(policyArn) : undefined;
    const missing = `Policy ${policyArn} does not exist or is not attachable.`;
    if (!policy) return { type: "policy", arn: policyArn, missing, tags: [] };
    return { type: "policy", arn: policy.arn, entity: policy, missing, tags: await this.deps.iam.listTags(policy.arn) };
  }

  /** A virtual MFA device of the caller's account, by its serial number (its ARN). */
  async mfaDevice(ctx: RequestContext, serialNumber: string): Promise<Target<MfaDeviceRecord>> {
    checkSerialNumber(serialNumber);
    const parsed = parseIamArn(serialNumber);
    const device = parsed?.type === "mfa" && parsed.accountId === ctx.principal.accountId ? await this.deps.iam.getMfaDevice(serialNumber) : undefined;
    const missing = `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`;
    if (!device) return { type: "mfa", arn: serialNumber, missing, tags: [] };
    return { type: "mfa", arn: device.serialNumber, entity: device, missing, tags: await this.deps.iam.listTags(device.serialNumber) };
  }

  /**
   * GetAccessKeyLastUsed: the key's owner is the resource. A key not of the caller's account is
   * authorised on the caller itself, then reported absent.
   */
  async accessKey(ctx: RequestContext, accessKeyId: string): Promise<Target<AccessKeyWithOwner>> {
    checkAccessKeyId(accessKeyId);
    const key = await this.deps.identity.getAccessKey(accessKeyId);
    const missing = `The Access Key with id ${accessKeyId} cannot be found.`;
    if (!key || key.accountId !== ctx.principal.accountId) return { type: "user", arn: ctx.principal.arn, missing, tags: [] };
    return { type: "user", arn: key.arn, entity: key, missing, tags: await this.deps.iam.listTags(key.arn) };
  }
}

function asHolder<E>(target: Target<E>, holder: (entity: E) => PolicyHolder): Target<PolicyHolder> {
  return { ...target, entity: target.entity === undefined ? undefined : holder(target.entity) };
}

/** A second entity a request names (AddUserToGroup's user): found, not authorised, as in IAM. */
export async function userByName(deps: IamDeps, accountId: string, userName: string): Promise<UserRecord> {
  checkName("userName", userName, 128);
  const user = await deps.identity.getUserByName(accountId, userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}
