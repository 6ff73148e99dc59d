/**
 * `evaluate`: AWS's policy evaluation logic (IAM User Guide, "Policy evaluation logic", "Cross-account
 * policy evaluation logic", "Permissions boundaries"), as a truth table over what each kind of
 * policy says about one request:
 *
 * 1. an explicit Deny in any policy (SCPs, resource, identity, boundary, session) -> ExplicitDeny;
 * 2. SCPs (unless the principal is in the management account): every level of the organisation,
 *    root first, must allow -> else ImplicitDeny (scp);
 * 3. same account (foundation models, owned by no account, count as the caller's):
 *    - the resource policy allows the user or session by name (or, for a user, everyone) -> Allow:
 *      implicit denies in identity policies, boundaries and session policies do not matter;
 *    - it allows the role behind the session (or, for a session, everyone: see statement.ts) ->
 *      Allow unless the boundary or a session policy does not allow (identity policies do not matter);
 *    - else the identity policies must allow, then the boundary, then the session policies;
 *    - a role trust policy and a KMS key policy are the exception: it must allow (naming the
 *      account only delegates to the identity policies, as everywhere); with no key policy
 *      statement for the caller, IAM policies grant nothing on the key (KMS's rule);
 * 4. cross-account: the caller's side (identity, boundary, session) must allow, and the resource
 *    policy must allow the caller in any form (account, role, session or user).
 * The account root user needs no identity policy; SCPs and explicit denies still bind it.
 * An empty `session` list means no session policy was passed.
 */
import { statementsOf } from "./compile.js";
import { appliesTo, prepare, principalGrant, type Grant, type PreparedRequest } from "./statement.js";
import type { AuthzRequest, CompiledPolicy, Decision, MatchedStatement, PolicyKind, PolicySet } from "./types.js";

const GRANT_RANK: Record<Grant, number> = { account: 1, role: 2, direct: 3 };

/** What the policies of one request said; filled in AWS's order so denies[0] is the deciding one. */
interface Seen {
  readonly denies: MatchedStatement[];
  readonly allows: MatchedStatement[];
  /** The strongest way a resource policy allow reached the caller. */
  grant: Grant | undefined;
}

/** Collects the statements of one policy that apply; returns whether one of them allows. */
function scan(policy: CompiledPolicy, r: PreparedRequest, out: Seen): boolean {
  let allowed = false;
  for (const s of statementsOf(policy)) {
    let grant: Grant | undefined;
    if (s.principal) {
      grant = principalGrant(s.principal, r.principal, s.allow);
      if (grant === undefined) continue;
    }
    if (!appliesTo(s, r)) continue;
    if (!s.allow) { out.denies.push(s.matched); continue; }
    out.allows.push(s.matched);
    allowed = true;
    if (grant !== undefined && (out.grant === undefined || GRANT_RANK[grant] > GRANT_RANK[out.grant])) out.grant = grant;
  }
  return allowed;
}

function scanAll(policies: readonly CompiledPolicy[], r: PreparedRequest, out: Seen): boolean {
  let allowed = false;
  for (const p of policies) if (scan(p, r, out)) allowed = true;
  return allowed;
}

export function evaluate(request: AuthzRequest, policies: PolicySet): Decision {
  const r = prepare(request);
  const who = request.principal;
  const out: Seen = { denies: [], allows: [], grant: undefined };

  let scpAllows = true;
  if (!who.isManagementAccount) for (const level of policies.scpLevels ?? []) if (!scanAll(level, r, out)) scpAllows = false;
  if (policies.resource) scan(policies.resource, r, out);
  const identityAllows = scanAll(policies.identity, r, out) || who.isRoot === true;
  const boundaryAllows = policies.boundary ? scan(policies.boundary, r, out) : true;
  // An empty list of session policies is the same as none passed (AssumeRole without Policy or PolicyArns).
  const sessionAllows = policies.session && policies.session.length > 0 ? scanAll(policies.session, r, out) : true;

  const matched = out.denies.length === 0 ? out.allows : out.denies.concat(out.allows);
  const firstDeny = out.denies[0];
  if (firstDeny) return { decision: "ExplicitDeny", matched, deniedBy: firstDeny.kind };
  const refusedBy = decide(request, policies, out.grant, scpAllows, identityAllows, boundaryAllows, sessionAllows);
  return refusedBy === undefined ? { decision: "Allow", matched } : { decision: "ImplicitDeny", matched, deniedBy: refusedBy };
}

/** With no explicit deny: the kind of policy that leaves the request implicitly denied, if any. */
function decide(
  request: AuthzRequest, policies: PolicySet, grant: Grant | undefined,
  scp: boolean, identity: boolean, boundary: boolean, session: boolean,
): PolicyKind | undefined {
  if (!scp) return "scp";
  const limits = !boundary ? "boundary" : !session ? "session" : undefined;
  const resourceKind = policies.resource?.kind ?? "resource";
  const crossAccount = request.resourceAccount !== "" && request.resourceAccount !== request.principal.accountId;
  if (crossAccount) return !identity ? "identity" : limits ?? (grant === undefined ? resourceKind : undefined);
  if (grant === "direct") return undefined;
  if (grant === "role") return limits;
  if ((resourceKind === "trust" || resourceKind === "key") && grant === undefined) return resourceKind;
  return !identity ? "identity" : limits;
}
