import { Fault } from "../kernel/index.js";
import type { RequestContext } from "../kernel/index.js";
import type { MatchedStatement } from "../policy/index.js";

export type ConditionMap = ReadonlyMap<string, string | boolean | number | readonly (string | boolean | number)[]>;

/**
 * An authorisation decision as a value: whether the request may proceed and the statements that
 * decided (explicit denies first; for an allow, the allowing statements of each policy kind that
 * had to allow). The caller decides what a deny becomes; the audit trail records either.
 */
export interface AuthorizationDecision {
  readonly allowed: boolean;
  readonly statements: readonly MatchedStatement[];
  /** For a denial: AWS's wording, naming the action, the resource and why; content-free. */
  readonly message?: string;
}

export interface Authorizer {
  /**
   * Decides whether the principal may do `action` on `resource`; never throws for a denial.
   * `extra` holds condition keys the operation itself supplies (bedrock:GuardrailIdentifier, aws:RequestTag/...).
   */
  decide(ctx: RequestContext, action: string, resource: string, extra?: ConditionMap): Promise<AuthorizationDecision>;
}

/** For use cases that authorise a second resource themselves: a denial becomes an access-denied fault. */
export async function requireAllowed(authorizer: Authorizer, ctx: RequestContext, action: string, resource: string, extra?: ConditionMap): Promise<AuthorizationDecision> {
  const decision = await authorizer.decide(ctx, action, resource, extra);
  if (!decision.allowed) throw new Fault("access-denied", decision.message ?? `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${resource}`);
  return decision;
}

/** The label an audit record gives a statement: `policy#sid`, or `policy#index` without a sid. */
export function statementLabel(m: MatchedStatement): string {
  return m.sid ? `${m.policy}#${m.sid}` : `${m.policy}#${m.index}`;
}
