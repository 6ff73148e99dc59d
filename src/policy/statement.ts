/**
 * A statement compiled for evaluation, and the test of whether it applies to a request. Checks run
 * cheapest first (action, resource, principal, then conditions), so most statements are dismissed
 * by one string comparison.
 */
import type { PrincipalNode, StatementNode } from "./ast.js";
import { compileArnTokens, splitArn, type ArnMatcher } from "./arn-match.js";
import { compileCondition, type ConditionFn } from "./compile-condition.js";
import { compileGlob, globTokens, hasWildcard, type Matcher } from "./glob.js";
import type { AuthzPrincipal, AuthzRequest, MatchedStatement, PolicyKind, RequestContextValues } from "./types.js";
import { constantText, isConstant, resolveTokens, type Template } from "./variables.js";

export interface CompiledStatement {
  /** The record a decision reports; built once, shared by every decision. */
  readonly matched: MatchedStatement;
  readonly allow: boolean;
  readonly notAction: boolean;
  readonly action: Matcher;
  /** Absent: any resource (a resource policy statement without Resource). */
  readonly resource?: { readonly not: boolean; readonly test: (r: PreparedRequest) => boolean };
  readonly principal?: PrincipalNode;
  readonly conditions: readonly ConditionFn[];
}

/** The request, with what statements need computed once (the ARN split only if a statement gets that far). */
export class PreparedRequest {
  readonly action: string;
  readonly context: RequestContextValues;
  readonly principal: AuthzPrincipal;
  private parts: readonly string[] | undefined | null = null;

  constructor(private readonly request: AuthzRequest) {
    this.action = request.action.toLowerCase();
    this.context = request.context;
    this.principal = request.principal;
  }

  get resourceParts(): readonly string[] | undefined {
    if (this.parts === null) this.parts = splitArn(this.request.resource);
    return this.parts;
  }
}

export function prepare(request: AuthzRequest): PreparedRequest {
  return new PreparedRequest(request);
}

export function compileStatement(node: StatementNode, label: string, kind: PolicyKind): CompiledStatement {
  const matched: MatchedStatement = Object.freeze({
    policy: label, kind, index: node.index, effect: node.effect, ...(node.sid !== undefined ? { sid: node.sid } : {}),
  });
  return {
    matched,
    allow: node.effect === "Allow",
    notAction: node.notAction,
    action: actionMatcher(node.actions),
    ...(node.resource ? { resource: { not: node.resource.not, test: resourceMatcher(node.resource.patterns) } } : {}),
    ...(node.principal ? { principal: node.principal } : {}),
    conditions: node.conditions.map(compileCondition),
  };
}

/** Action names are case-insensitive: patterns are lower-cased here, the request's action once in `prepare`. */
function actionMatcher(patterns: readonly string[]): Matcher {
  if (patterns.includes("*")) return () => true;
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)).map((p) => p.toLowerCase()));
  const globs = patterns.filter(hasWildcard).map((p) => compileGlob(p, true));
  if (globs.length === 0) return (a) => exact.has(a);
  return (a) => {
    if (exact.has(a)) return true;
    for (const g of globs) if (g(a)) return true;
    return false;
  };
}

function resourceMatcher(patterns: readonly Template[]): (r: PreparedRequest) => boolean {
  const fixed: ArnMatcher[] = patterns.filter(isConstant).map((t) => compileArnTokens(globTokens(constantText(t))));
  const dynamic = patterns.filter((t) => !isConstant(t));
  return (r) => {
    for (const m of fixed) if (m(r.resourceParts)) return true;
    for (const t of dynamic) {
      const tokens = resolveTokens(t, r.context);
      if (tokens && compileArnTokens(tokens)(r.resourceParts)) return true;
    }
    return false;
  };
}

/**
 * Action, resource and conditions; the principal is the caller's business. A policy variable the
 * request cannot resolve (and that has no default) is a value that equals and matches nothing, as
 * IAM documents for variables with no value: a resource pattern holding it matches no resource, a
 * positive condition value holding it matches nothing, and a negated operator therefore holds
 * unless another of its values matches (so "deny unless the resource's tag equals mine" still
 * denies a caller without the tag).
 */
export function appliesTo(s: CompiledStatement, r: PreparedRequest): boolean {
  if (s.action(r.action) === s.notAction) return false;
  if (s.resource && s.resource.test(r) === s.resource.not) return false;
  for (const c of s.conditions) if (!c(r.context)) return false;
  return true;
}

/**
 * How a resource-policy statement's Principal reaches the caller, strongest first:
 * "direct" names the very user or session; "role" names the role behind a session; "account" names
 * the caller's account, which only delegates to the account's own policies.
 *
 * Everyone (`"*"`, or an Allow with NotPrincipal) needs no identity policy in the caller's account
 * (IAM's Principal page), so it is "direct" for users; whether it also escapes a role's boundary
 * and session policies AWS does not say, so for a role session it counts as naming the role
 * (limited by both): the reading that keeps an administrator's cap in force.
 */
export type Grant = "direct" | "role" | "account";

export function principalGrant(p: PrincipalNode, who: AuthzPrincipal, allow: boolean): Grant | undefined {
  const everyone: Grant = who.roleArn !== undefined ? "role" : "direct";
  if (!p.not) {
    if (p.anyone) return everyone;
    if (p.arns.includes(who.arn)) return "direct";
    if (who.roleArn !== undefined && p.arns.includes(who.roleArn)) return "role";
    if (p.accounts.includes(who.accountId)) return who.isRoot ? "direct" : "account";
    return undefined;
  }
  // NotPrincipal. AWS may evaluate the account, then the role, then the session: a Deny spares a
  // caller only when every one of them is listed (its docs tell authors to list them all); an
  // Allow (which AWS advises against) reaches only callers none of whose identities is listed.
  if (p.anyone) return undefined;
  const listed = who.isRoot ? [p.accounts.includes(who.accountId)] : [p.accounts.includes(who.accountId), p.arns.includes(who.arn)];
  if (!who.isRoot && who.roleArn !== undefined) listed.push(p.arns.includes(who.roleArn));
  const reached = allow ? !listed.some(Boolean) : !listed.every(Boolean);
  return reached ? (allow ? everyone : "direct") : undefined;
}
