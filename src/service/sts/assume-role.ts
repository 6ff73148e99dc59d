import { Fault, invalid } from "../../kernel/index.js";
import type { Principal, RequestContext } from "../../kernel/index.js";
import { compilePolicy } from "../../policy/index.js";
import type { ConditionValue } from "../../policy/index.js";
import type { RoleRecord, Tag } from "../../store/iam-port.js";
import type { StsDeps } from "./deps.js";
import { checkMfa } from "./mfa-check.js";
import { checkInlinePolicy, managedSessionPolicies, packOrRefuse } from "./session-policies.js";
import { planSessionLabels } from "./session-tags.js";
import type { SessionLabels } from "./session-tags.js";
import type { StsSessionFacts } from "./session-tokens.js";
import { decideAssumeRole } from "./trust.js";
import type { AssumeRoleInput, AssumeRoleResult } from "./types.js";

export const ROLE_SESSION_DURATION = { min: 900, max: 43_200, default: 3600, chained: 3600 } as const;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

/**
 * AssumeRole: credentials for a session of a role, after the role's trust policy (and, where
 * AWS requires it, the caller's own policies) allowed the caller. The steps run so that nothing
 * about a role is revealed to a caller it does not trust: a missing role and a refusal read the
 * same, and the role's settings (maximum duration, managed policies) are consulted only after
 * the trust decision.
 */
export async function assumeRole(deps: StsDeps, input: AssumeRoleInput, ctx: RequestContext): Promise<AssumeRoleResult> {
  const caller = ctx.principal;
  const duration = input.durationSeconds ?? ROLE_SESSION_DURATION.default;
  if (!Number.isInteger(duration) || duration < ROLE_SESSION_DURATION.min || duration > ROLE_SESSION_DURATION.max) {
    throw invalid("durationSeconds", `Member must have value greater than or equal to ${ROLE_SESSION_DURATION.min} and less than or equal to ${ROLE_SESSION_DURATION.max}`);
  }
  checkInlinePolicy(input.policy, input.policyArns, deps.catalog);
  const callerSession = caller.session as StsSessionFacts | undefined;
  const labels = planSessionLabels(input, callerSession);
  const target = ROLE_ARN.exec(input.roleArn);
  if (!target) throw invalid("roleArn", "Member must be the ARN of an IAM role");

  const role = await deps.roles.getRole(target[1]!, target[2]!);
  if (caller.type === "Root" || !role || role.arn.toLowerCase() !== input.roleArn.toLowerCase()) throw refused(caller, "sts:AssumeRole", input.roleArn);

  const now = deps.clock.now();
  if (input.mfa) await checkMfa(deps.mfa, input.mfa, ctx);
  const mfaAuthenticatedAt = input.mfa ? now : callerSession?.mfaAuthenticatedAt;

  await authorizeAssumption(deps, ctx, role, input, labels);

  // Any temporary credentials (a role session, or GetSessionToken's) make this role chaining.
  if (callerSession !== undefined && duration > ROLE_SESSION_DURATION.chained) {
    throw new Fault("validation", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", { field: "durationSeconds" });
  }
  if (duration > role.maxSessionDurationSeconds) {
    throw new Fault("validation", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", { field: "durationSeconds" });
  }
  const policies = [...(input.policy !== undefined ? [input.policy] : []), ...await managedSessionPolicies(deps.roles, role, input.policyArns, deps.catalog)];
  const facts = { policies, tags: labels.tags, transitiveTagKeys: labels.transitiveTagKeys };
  const packed = policies.length + labels.tags.length > 0 ? packOrRefuse(facts) : undefined;

  const name = input.roleSessionName;
  const arn = `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${name}`;
  const credentials = await deps.tokens.issue({
    principal: { type: "AssumedRole", accountId: role.accountId, arn, userId: `${role.roleId}:${name}`, userName: name, roleArn: role.arn, roleId: role.roleId },
    issuedAt: now,
    expiresAt: new Date(now.getTime() + duration * 1000),
    sourceArn: caller.arn,
    ...(mfaAuthenticatedAt ? { mfaAuthenticatedAt } : {}),
    ...(labels.sourceIdentity !== undefined ? { sourceIdentity: labels.sourceIdentity } : {}),
    ...(packed ? { session: { facts, packed: packed.packed } } : {}),
  });
  return {
    credentials, arn, assumedRoleId: `${role.roleId}:${name}`,
    ...(packed ? { packedPolicySize: packed.percent } : {}),
    ...(labels.sourceIdentity !== undefined ? { sourceIdentity: labels.sourceIdentity } : {}),
  };
}

async function authorizeAssumption(deps: StsDeps, ctx: RequestContext, role: RoleRecord, input: AssumeRoleInput, labels: SessionLabels): Promise<void> {
  const compiled = compilePolicy(role.trustPolicy, "trust", `${role.arn}:trust`, { maxLength: Number.MAX_SAFE_INTEGER, ...(deps.catalog ? { catalog: deps.catalog } : {}) });
  if (!compiled.ok) throw new Fault("internal", "A stored trust policy could not be compiled", {}, new Error(`trust policy of ${role.roleId} does not compile`));
  const facts = await deps.callers.callerFacts(ctx, trustContext(input, await deps.roles.listTags(role.arn)));
  const actions = ["sts:AssumeRole",
    ...(labels.tags.length > 0 ? ["sts:TagSession"] : []),
    ...(labels.sourceIdentity !== undefined ? ["sts:SetSourceIdentity"] : [])];
  const answer = decideAssumeRole({ caller: facts, roleArn: role.arn, roleAccountId: role.accountId, trust: compiled.policy, actions });
  if (!answer.allowed) throw refused(ctx.principal, answer.action, input.roleArn);
}

/**
 * The condition keys AssumeRole adds to the caller's request context (keys lower-cased): the
 * request's, and the role's tags (aws:ResourceTag/..., iam:ResourceTag/...), as declared in
 * http/sts/condition-keys.ts.
 */
export function trustContext(input: AssumeRoleInput, roleTags: readonly Tag[] = []): Map<string, ConditionValue | readonly ConditionValue[]> {
  const extra = new Map<string, ConditionValue | readonly ConditionValue[]>();
  for (const tag of roleTags) {
    extra.set(`aws:resourcetag/${tag.key.toLowerCase()}`, tag.value);
    extra.set(`iam:resourcetag/${tag.key.toLowerCase()}`, tag.value);
  }
  extra.set("sts:rolesessionname", input.roleSessionName);
  if (input.externalId !== undefined) extra.set("sts:externalid", input.externalId);
  if (input.sourceIdentity !== undefined) extra.set("sts:sourceidentity", input.sourceIdentity);
  if (input.tags.length > 0) {
    for (const tag of input.tags) extra.set(`aws:requesttag/${tag.key.toLowerCase()}`, tag.value);
    extra.set("aws:tagkeys", input.tags.map((t) => t.key));
  }
  if (input.transitiveTagKeys.length > 0) extra.set("sts:transitivetagkeys", [...input.transitiveTagKeys]);
  if (input.mfa) {
    // MFA verified with this very request: present, and no time has passed since.
    extra.set("aws:multifactorauthpresent", true);
    extra.set("aws:multifactorauthage", 0);
  }
  return extra;
}

function refused(caller: Principal, action: string, roleArn: string): Fault {
  return new Fault("access-denied", `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`);
}
