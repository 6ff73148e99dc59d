import { Fault, invalid } from "../../kernel/index.js";
import { compilePolicy, policySize, POLICY_SIZE_LIMITS } from "../../policy/index.js";
import type { IamCatalog } from "../../policy/index.js";
import type { RoleRecord } from "../../store/iam-port.js";
import type { RoleDirectory } from "./ports.js";
import { PACKED_LIMIT, packSession, packedPercent } from "./token-format.js";
import type { PackedSession } from "./token-format.js";

/**
 * Session policies (AssumeRole `Policy` and `PolicyArns`) can only narrow what the role allows.
 * They are validated here with the policy engine's grammar and carried, as documents, inside
 * the session token so that any node can apply them without a lookup.
 */
export const MAX_POLICY_PLAINTEXT = POLICY_SIZE_LIMITS.session;
export const MAX_POLICY_ARNS = 10;
const IAM_POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy\//;

/** STS's PackedPolicyTooLarge (src/http/sts maps the reason). */
export const PACKED_POLICY_TOO_LARGE = "packed-policy-too-large";
const tooLarge = (message: string): Fault => new Fault("validation", message, { reason: PACKED_POLICY_TOO_LARGE });

/** The inline session policy, validated before anything else is looked up. */
export function checkInlinePolicy(policy: string | undefined, policyArns: readonly string[], catalog: IamCatalog | undefined): void {
  // AWS counts the inline document and the managed policy ARNs against one plaintext quota.
  const plaintext = (policy === undefined ? 0 : policySize(policy, false)) + policyArns.reduce((n, arn) => n + arn.length, 0);
  if (plaintext > MAX_POLICY_PLAINTEXT) {
    throw tooLarge(`The session policy and policy ARNs use ${plaintext} characters; at most ${MAX_POLICY_PLAINTEXT} are allowed.`);
  }
  if (policy === undefined) return;
  const compiled = compilePolicy(policy, "session", "session-policy/inline", { maxLength: Number.MAX_SAFE_INTEGER, ...(catalog ? { catalog } : {}) });
  if (!compiled.ok) {
    const first = compiled.problems[0];
    const where = first && first.path !== "" ? `${first.path}: ` : "";
    throw new Fault("malformed-policy", `The session policy is not valid: ${where}${first?.message ?? "it could not be read"}`, { field: "policy" });
  }
}

/** The managed session policies' default versions; each must be in the role's account (or AWS-managed). */
export async function managedSessionPolicies(roles: RoleDirectory, role: RoleRecord, arns: readonly string[], catalog: IamCatalog | undefined): Promise<string[]> {
  const documents: string[] = [];
  for (const [i, arn] of arns.entries()) {
    const field = `policyArns.member.${i + 1}.arn`;
    const account = IAM_POLICY_ARN.exec(arn)?.[1];
    if (account === undefined || (account !== "aws" && account !== role.accountId)) {
      throw invalid(field, "Member must be the ARN of a managed policy in the role's account");
    }
    const policy = await roles.getPolicy(arn);
    const version = policy && await roles.getPolicyVersion(arn, policy.defaultVersionId);
    if (!version) throw invalid(field, "Member must be the ARN of an existing managed policy");
    const compiled = compilePolicy(version.document, "session", arn, { maxLength: POLICY_SIZE_LIMITS.managed, ...(catalog ? { catalog } : {}) });
    if (!compiled.ok) throw new Fault("malformed-policy", `The managed policy ${arn} cannot be used as a session policy.`, { field });
    documents.push(version.document);
  }
  return documents;
}

/** The compressed session facts and how full they make the packed space; over 100% is refused. */
export function packOrRefuse(session: PackedSession): { packed: Buffer; percent: number } {
  const packed = packSession(session);
  const percent = packedPercent(packed);
  if (packed.length > PACKED_LIMIT) throw tooLarge(`Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
  return { packed, percent };
}
