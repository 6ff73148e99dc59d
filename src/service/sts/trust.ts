import { evaluate } from "../../policy/index.js";
import type { CompiledPolicy, Decision, MatchedStatement } from "../../policy/index.js";
import type { CallerFacts } from "./ports.js";

/**
 * Whether a caller may assume a role. The engine knows a role trust policy's place in AWS's
 * evaluation logic (src/policy/evaluate.ts), so one evaluation per action decides, with the
 * caller's own policies and the trust policy as the resource-based policy:
 * - the trust policy must allow the caller (an identity policy alone never lets anyone assume a
 *   role); an explicit deny anywhere refuses;
 * - same account, the trust policy naming the user or session itself: nothing else is needed;
 *   naming the role behind a session: boundary and session policies must allow too; naming the
 *   account: the caller's identity policies must allow the action on the role;
 * - another account: the caller's identity policies must allow as well;
 * - SCPs bind as everywhere.
 * Every action in `actions` must pass (sts:AssumeRole, plus sts:TagSession when the session
 * gets tags and sts:SetSourceIdentity when it carries a source identity).
 */
export interface TrustQuestion {
  readonly caller: CallerFacts;
  readonly roleArn: string;
  readonly roleAccountId: string;
  readonly trust: CompiledPolicy;
  readonly actions: readonly string[];
}

export type TrustAnswer =
  | { readonly allowed: true; readonly matched: readonly MatchedStatement[] }
  | { readonly allowed: false; readonly action: string; readonly decision: Decision };

export function decideAssumeRole(q: TrustQuestion): TrustAnswer {
  const matched: MatchedStatement[] = [];
  for (const action of q.actions) {
    const decision = evaluate(
      { principal: q.caller.principal, action, resource: q.roleArn, resourceAccount: q.roleAccountId, context: q.caller.context },
      { ...q.caller.policies, resource: q.trust },
    );
    if (decision.decision !== "Allow") return { allowed: false, action, decision };
    matched.push(...decision.matched);
  }
  return { allowed: true, matched };
}
