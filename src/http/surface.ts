import { ANTHROPIC_OPERATION_NAMES } from "./anthropic/index.js";
import { CLOUDTRAIL_OPERATION_NAMES } from "./cloudtrail/index.js";
import { DATA_RETENTION_OPERATION_NAMES } from "./bedrock/data-retention-routes.js";
import { STORED_DATA_OPERATION_NAMES } from "./bedrock/stored-data-routes.js";
import { INVOCATION_LOGGING_OPERATION_NAMES } from "./bedrock/invocation-logging-routes.js";
import { GUARDRAIL_OPERATION_NAMES } from "./bedrock/guardrail-routes.js";
import { ENFORCED_GUARDRAIL_OPERATION_NAMES } from "./bedrock/enforced-guardrail-routes.js";
import { GUARDRAIL_RUNTIME_OPERATION_NAMES } from "./bedrock-runtime/guardrail/apply-routes.js";
import { INFERENCE_PROFILE_OPERATION_NAMES } from "./bedrock/inference-profile-routes.js";
import { PROVISIONED_OPERATION_NAMES } from "./bedrock/provisioned-routes.js";
import { RESOURCE_POLICY_OPERATION_NAMES } from "./bedrock/resource-policy-routes.js";
import { TAG_OPERATION_NAMES } from "./bedrock/tag-routes.js";
import { IAM_OPERATION_NAMES } from "./iam/index.js";
import { KMS_OPERATION_NAMES } from "./kms/index.js";
import { OPENAI_OPERATION_NAMES } from "./openai/index.js";
import type { Operation } from "./operation.js";
import { ORGANIZATIONS_OPERATION_NAMES } from "./organizations/index.js";
import { STS_OPERATION_NAMES } from "./sts/index.js";

/**
 * The API surface plinth declares, per signing service. Start-up refuses to run when a declared
 * operation has no handler or a handler is not declared, so the surface cannot drift from what
 * is documented (smithy's server does the same).
 */
export const DECLARED_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  bedrock: [
    "Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream", "CountTokens",
    "ListFoundationModels", "GetFoundationModel",
    ...RESOURCE_POLICY_OPERATION_NAMES,
    ...INFERENCE_PROFILE_OPERATION_NAMES,
    ...PROVISIONED_OPERATION_NAMES,
    ...ENFORCED_GUARDRAIL_OPERATION_NAMES,
    ...GUARDRAIL_RUNTIME_OPERATION_NAMES,
    ...GUARDRAIL_OPERATION_NAMES,
    ...TAG_OPERATION_NAMES,
    ...DATA_RETENTION_OPERATION_NAMES,
    // plinth's own: the data inventory (action plinth:ListStoredData).
    ...STORED_DATA_OPERATION_NAMES,
    ...INVOCATION_LOGGING_OPERATION_NAMES,
    ...OPENAI_OPERATION_NAMES,
    // Anthropic's Messages API (/anthropic/v1), signed for `bedrock` as Bedrock serves it.
    ...ANTHROPIC_OPERATION_NAMES,
  ],
  // Each RPC surface declares its operations beside its routes; they are gathered here.
  iam: IAM_OPERATION_NAMES,
  sts: STS_OPERATION_NAMES,
  organizations: ORGANIZATIONS_OPERATION_NAMES,
  cloudtrail: CLOUDTRAIL_OPERATION_NAMES,
  kms: KMS_OPERATION_NAMES,
};

export function assertSurfaceComplete(operations: readonly Operation[], declared = DECLARED_OPERATIONS): void {
  const expected = new Set(Object.entries(declared).flatMap(([service, names]) => names.map((n) => `${service}:${n}`)));
  const actual = new Set(operations.map((op) => `${op.signingService}:${op.name}`));
  const missing = [...expected].filter((k) => !actual.has(k));
  const undeclared = [...actual].filter((k) => !expected.has(k));
  if (missing.length > 0 || undeclared.length > 0) {
    throw new Error(`the API surface is inconsistent: no handler for [${missing.join(", ")}], undeclared handlers [${undeclared.join(", ")}]`);
  }
}
