/**
 * Policy size quotas, in characters, as AWS documents them:
 * - IAM (reference_iam-quotas): managed policy 6,144; inline policies, the sum of all of an
 *   entity's inline policies: user 2,048, group 5,120, role 10,240; role trust policy 2,048
 *   (raisable to 4,096). IAM does not count white space.
 * - STS (AssumeRole `Policy`): a session policy's plaintext is at most 2,048 characters.
 * - Organizations (orgs_reference_limits, SCP syntax): an SCP is at most 5,120 characters and
 *   every character counts, white space included.
 * - KMS key policies (PutKeyPolicy `Policy`): at most 32,768 characters, white space included.
 * - Bedrock resource policies: no documented figure; plinth takes 20,480 (IAM's largest quota, 10,240,
 *   doubled), counted like IAM's.
 * Inline quotas apply to a sum, so the IAM service checks them itself with `policySize`; the
 * per-document defaults below are what one policy of each kind may never exceed.
 */
import type { PolicyKind } from "./types.js";

export const POLICY_SIZE_LIMITS = {
  managed: 6144,
  userInline: 2048,
  groupInline: 5120,
  roleInline: 10240,
  trust: 2048,
  trustRaised: 4096,
  session: 2048,
  scp: 5120,
  resource: 20480,
  key: 32768,
} as const;

export interface SizeRule {
  readonly maxLength: number;
  /** Organizations counts white space; IAM and STS do not. */
  readonly countWhitespace: boolean;
}

export function defaultSizeRule(kind: PolicyKind): SizeRule {
  switch (kind) {
    case "identity": return { maxLength: POLICY_SIZE_LIMITS.roleInline, countWhitespace: false };
    case "boundary": return { maxLength: POLICY_SIZE_LIMITS.managed, countWhitespace: false };
    case "session": return { maxLength: POLICY_SIZE_LIMITS.session, countWhitespace: false };
    case "scp": return { maxLength: POLICY_SIZE_LIMITS.scp, countWhitespace: true };
    case "resource": return { maxLength: POLICY_SIZE_LIMITS.resource, countWhitespace: false };
    case "trust": return { maxLength: POLICY_SIZE_LIMITS.trust, countWhitespace: false };
    case "key": return { maxLength: POLICY_SIZE_LIMITS.key, countWhitespace: true };
  }
}

/** IAM and STS documents may hold only tab, line feed, carriage return and U+0020–U+00FF. */
export function usesIamCharset(kind: PolicyKind): boolean {
  return kind === "identity" || kind === "boundary" || kind === "session" || kind === "trust";
}
