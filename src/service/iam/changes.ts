import type { RequestContext } from "../../kernel/index.js";
import type { IamDeps } from "./deps.js";

/**
 * After a write to the caller's account's IAM state (a policy, an attachment, a boundary, a
 * group's members, a user's or role's tags): this node's authorizer drops what it cached of that
 * account, so the next request here is decided on the new state.
 */
export function changedAccount(deps: IamDeps, ctx: RequestContext): void {
  deps.changes.notify({ scope: "account", accountId: ctx.principal.accountId });
}
