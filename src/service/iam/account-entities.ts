import type { GroupRecord, IamEntityKind, RoleRecord } from "../../store/iam-port.js";
import type { UserRecord } from "../../store/index.js";
import type { IamDeps } from "./deps.js";

/**
 * The account's users, groups and roles, to keep answers about policies to the caller's own
 * account: an AWS-managed policy is attached across every account, and its attachments in
 * other accounts are none of the caller's business.
 */
export interface AccountEntity {
  readonly kind: IamEntityKind;
  readonly id: string;
  readonly name: string;
  readonly path: string;
}

export interface AccountEntities {
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly groups: ReadonlyMap<string, GroupRecord>;
  readonly roles: ReadonlyMap<string, RoleRecord>;
}

export async function accountEntities(deps: IamDeps, accountId: string): Promise<AccountEntities> {
  const [users, groups, roles] = await Promise.all([deps.iam.listUsers(accountId), deps.iam.listGroups(accountId), deps.iam.listRoles(accountId)]);
  return {
    users: new Map(users.map((u) => [u.userId, u])),
    groups: new Map(groups.map((g) => [g.groupId, g])),
    roles: new Map(roles.map((r) => [r.roleId, r])),
  };
}

function describe(all: AccountEntities, kind: IamEntityKind, id: string): AccountEntity | undefined {
  switch (kind) {
    case "user": { const u = all.users.get(id); return u && { kind, id, name: u.userName, path: u.path }; }
    case "group": { const g = all.groups.get(id); return g && { kind, id, name: g.groupName, path: g.path }; }
    case "role": { const r = all.roles.get(id); return r && { kind, id, name: r.roleName, path: r.path }; }
  }
}

/** The caller's entities the policy is attached to. */
export async function attachedInAccount(deps: IamDeps, all: AccountEntities, policyArn: string): Promise<AccountEntity[]> {
  const linked = await deps.iam.listEntitiesForPolicy(policyArn);
  return linked.map((e) => describe(all, e.kind, e.entityId)).filter((e): e is AccountEntity => e !== undefined);
}

/** The caller's users and roles whose permissions boundary is the policy. */
export async function boundedInAccount(deps: IamDeps, all: AccountEntities, policyArn: string): Promise<AccountEntity[]> {
  const out: AccountEntity[] = [];
  for (const user of all.users.values()) {
    if ((await deps.iam.getPermissionsBoundary("user", user.userId)) === policyArn) out.push({ kind: "user", id: user.userId, name: user.userName, path: user.path });
  }
  for (const role of all.roles.values()) {
    if (role.permissionsBoundaryArn === policyArn) out.push({ kind: "role", id: role.roleId, name: role.roleName, path: role.path });
  }
  return out;
}
