import type { Principal } from "../../kernel/index.js";
import type { CallerIdentity } from "./types.js";

/** GetCallerIdentity: who the verified credentials belong to (a role session answers as itself). */
export function callerIdentity(principal: Principal): CallerIdentity {
  return { account: principal.accountId, arn: principal.arn, userId: principal.userId };
}
