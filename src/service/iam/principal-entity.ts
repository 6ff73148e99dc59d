import type { RequestContext } from "../../kernel/index.js";
import type { IamEntityKind } from "../../store/iam-port.js";
import type { IamDeps } from "./deps.js";
import { findGroup, findRole, findUser } from "./entities.js";
import { checkName } from "./validate.js";

/** A user, group or role found by name, reduced to what policy operations need. */
export interface PolicyHolder {
  readonly kind: IamEntityKind;
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

export const KIND_TITLE = { user: "User", group: "Group", role: "Role" } as const;

const NAME_MAX = { user: 128, group: 128, role: 64 } as const;

export async function findHolder(deps: IamDeps, ctx: RequestContext, kind: IamEntityKind, name: string, action: string): Promise<PolicyHolder> {
  checkName(`${kind}Name`, name, NAME_MAX[kind]);
  switch (kind) {
    case "user": {
      const u = await findUser(deps, ctx, action, name);
      return { kind, id: u.userId, name: u.userName, arn: u.arn };
    }
    case "group": {
      const g = await findGroup(deps, ctx, action, name);
      return { kind, id: g.groupId, name: g.groupName, arn: g.arn };
    }
    case "role": {
      const r = await findRole(deps, ctx, action, name);
      return { kind, id: r.roleId, name: r.roleName, arn: r.arn };
    }
  }
}
