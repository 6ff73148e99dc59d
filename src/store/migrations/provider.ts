import type { Migration, MigrationProvider } from "kysely";
import type { DialectTypes } from "./dialect-types.js";
import { identity } from "./0001_identity.js";
import { meta } from "./0002_meta.js";
import { iamPolicies } from "./0003_iam_policies.js";
import { iamPrincipals } from "./0004_iam_principals.js";
import { iamPolicyLinks } from "./0005_iam_policy_links.js";
import { iamTagsAndMfa } from "./0006_iam_tags_mfa.js";
import { organization } from "./0007_organization.js";
import { resourcePolicies } from "./0008_resource_policies.js";
import { mfaAttempts } from "./0009_mfa_attempts.js";
import { serviceSpecificCredentials } from "./0010_service_specific_credentials.js";
import { inferenceProfiles } from "./0011_inference_profiles.js";
import { audit } from "./0012_audit.js";
import { dataRetention } from "./0013_data_retention.js";
import { invocationLogging } from "./0014_invocation_logging.js";
import { kms } from "./0015_kms.js";
import { auditFrontiers } from "./0016_audit_frontiers.js";
import { kmsLastUsed } from "./0017_kms_last_used.js";
import { guardrails } from "./0018_guardrails.js";
import { enforcedGuardrails } from "./0019_enforced_guardrails.js";
import { provisionedThroughput } from "./0020_provisioned_throughput.js";

/**
 * Every migration, in code rather than discovered on disk, so the build output is complete by
 * itself. Names sort in the order they run; a released migration is never edited, only followed.
 */
export function migrationProvider(types: DialectTypes): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_identity": identity(types),
    "0002_meta": meta(),
    "0003_iam_policies": iamPolicies(),
    "0004_iam_principals": iamPrincipals(),
    "0005_iam_policy_links": iamPolicyLinks(),
    "0006_iam_tags_mfa": iamTagsAndMfa(types),
    "0007_organization": organization(),
    "0008_resource_policies": resourcePolicies(),
    "0009_mfa_attempts": mfaAttempts(),
    "0010_service_specific_credentials": serviceSpecificCredentials(types),
    "0011_inference_profiles": inferenceProfiles(),
    "0012_audit": audit(types),
    "0013_data_retention": dataRetention(),
    "0014_invocation_logging": invocationLogging(types),
    "0015_kms": kms(types),
    "0016_audit_frontiers": auditFrontiers(types),
    "0017_kms_last_used": kmsLastUsed(),
    "0018_guardrails": guardrails(types),
    "0019_enforced_guardrails": enforcedGuardrails(),
    "0020_provisioned_throughput": provisionedThroughput(),
  };
  return { getMigrations: async () => migrations };
}
