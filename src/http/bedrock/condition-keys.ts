import type { ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys each Bedrock action plinth serves supplies beside those of every request
 * (see http/iam/condition-keys.ts for how these tables are read). Converse and ConverseStream are
 * authorised as InvokeModel and InvokeModelWithResponseStream, so they supply the same keys.
 * Through an inference profile an inference supplies `bedrock:InferenceProfileArn` (on the
 * profile and on each foundation model it routes to) and, for an application profile, its tags
 * as `aws:ResourceTag/*` (on the profile; foundation models take no tags). Through a provisioned
 * model the call is authorised on the provisioned model's ARN, with its tags as `aws:ResourceTag/*`.
 */
const RESOURCE_TAG = "aws:ResourceTag/${TagKey}";
const REQUEST_TAG = "aws:RequestTag/${TagKey}";
const NO_ROUTERS = "plinth has no prompt routers";
const NO_PROJECTS = "plinth has no Bedrock projects";
const NO_REQUEST_TAGS = "these requests carry no tags";
const UNTAGGED = { [RESOURCE_TAG]: "foundation models, the only resources plinth serves these actions on, take no tags" };

export const BEDROCK_CONDITION_KEYS: ConditionKeyDeclarations = {
  // The guardrail the request applies (AWS's documented form, with :<version>), and the service
  // tier the request asks for (`default` when it names none); Converse and ConverseStream supply
  // both from their body (http/bedrock-runtime/converse-routes.ts guardrailConditions).
  "bedrock:InvokeModel": {
    supplied: ["bedrock:GuardrailIdentifier", "bedrock:ServiceTier", "bedrock:InferenceProfileArn", RESOURCE_TAG],
    notSupplied: {
      "bedrock:PromptRouterArn": NO_ROUTERS,
      "bedrock:ModelArn": "AWS supplies it for project and imported-model invocations, which plinth has not; a provisioned model is authorised on its own ARN (with its tags)",
      "bedrock:ProjectArn": NO_PROJECTS,
      [REQUEST_TAG]: NO_REQUEST_TAGS,
      "aws:TagKeys": NO_REQUEST_TAGS,
    },
  },
  "bedrock:InvokeModelWithResponseStream": {
    supplied: ["bedrock:GuardrailIdentifier", "bedrock:ServiceTier", "bedrock:InferenceProfileArn", RESOURCE_TAG],
    notSupplied: { "bedrock:PromptRouterArn": NO_ROUTERS },
  },
  "bedrock:CountTokens": { supplied: [] },
  "bedrock:ListFoundationModels": { supplied: [] },
  "bedrock:GetFoundationModel": { supplied: [] },
  "bedrock:PutResourcePolicy": { supplied: [], notSupplied: { ...UNTAGGED, [REQUEST_TAG]: NO_REQUEST_TAGS, "aws:TagKeys": NO_REQUEST_TAGS } },
  "bedrock:GetResourcePolicy": { supplied: [], notSupplied: UNTAGGED },
  "bedrock:DeleteResourcePolicy": { supplied: [], notSupplied: UNTAGGED },
  // Inference profiles: an application profile's tags are its aws:ResourceTag/*; a system one has none.
  "bedrock:ListInferenceProfiles": { supplied: [] },
  "bedrock:GetInferenceProfile": { supplied: [RESOURCE_TAG] },
  "bedrock:CreateInferenceProfile": {
    supplied: [REQUEST_TAG, "aws:TagKeys"],
    notSupplied: { [RESOURCE_TAG]: "the profile being created has no tags yet: the ones it will have are aws:RequestTag/*" },
  },
  "bedrock:DeleteInferenceProfile": { supplied: [RESOURCE_TAG] },
  // Provisioned throughput: Create's documented resources are the foundation (or custom) model it
  // reserves units of, which take no tags, so only the request's tags; the others act on the
  // provisioned model, whose tags are its aws:ResourceTag/*.
  "bedrock:CreateProvisionedModelThroughput": {
    supplied: [REQUEST_TAG, "aws:TagKeys"],
    notSupplied: { [RESOURCE_TAG]: "AWS documents it for custom models, which plinth has not; foundation models take no tags" },
  },
  "bedrock:GetProvisionedModelThroughput": { supplied: [RESOURCE_TAG] },
  "bedrock:ListProvisionedModelThroughputs": { supplied: [] },
  "bedrock:UpdateProvisionedModelThroughput": { supplied: [RESOURCE_TAG] },
  "bedrock:DeleteProvisionedModelThroughput": { supplied: [RESOURCE_TAG] },
  "bedrock:TagResource": { supplied: [REQUEST_TAG, "aws:TagKeys", RESOURCE_TAG] },
  "bedrock:UntagResource": { supplied: ["aws:TagKeys", RESOURCE_TAG] },
  "bedrock:ListTagsForResource": { supplied: [RESOURCE_TAG] },
  // Guardrails: a guardrail's tags are its aws:ResourceTag/*; CreateGuardrail's resource types in
  // the reference are the automated reasoning policies and guardrail profiles it may name, which
  // plinth has not (it authorises the create on the ARN the new guardrail will have).
  "bedrock:CreateGuardrail": {
    supplied: [REQUEST_TAG, "aws:TagKeys"],
    notSupplied: { [RESOURCE_TAG]: "the guardrail being created has no tags yet, and plinth has no automated reasoning policies" },
  },
  "bedrock:GetGuardrail": { supplied: [RESOURCE_TAG] },
  "bedrock:ListGuardrails": { supplied: [RESOURCE_TAG] },
  "bedrock:UpdateGuardrail": { supplied: [RESOURCE_TAG] },
  "bedrock:DeleteGuardrail": { supplied: [RESOURCE_TAG] },
  "bedrock:CreateGuardrailVersion": { supplied: [RESOURCE_TAG] },
  // ApplyGuardrail, and inference naming a guardrail (authorised as ApplyGuardrail on it too).
  "bedrock:ApplyGuardrail": { supplied: [RESOURCE_TAG] },
  // Enforced configurations: the reference lists no resource type and no condition key for them.
  "bedrock:PutEnforcedGuardrailConfiguration": { supplied: [] },
  "bedrock:ListEnforcedGuardrailsConfiguration": { supplied: [] },
  "bedrock:DeleteEnforcedGuardrailConfiguration": { supplied: [] },
  // The mode the request asks for, so an SCP can forbid any mode but `none`. AWS documents the
  // key for this action only; inference calls record the mode in force (RequestNotes) instead.
  "bedrock:PutAccountDataRetention": { supplied: ["bedrock:DataRetentionMode"] },
  "bedrock:GetAccountDataRetention": { supplied: [] },
  // Invocation logging's configuration: authorised on `*`, no request-specific keys.
  "bedrock:PutModelInvocationLoggingConfiguration": { supplied: [] },
  "bedrock:GetModelInvocationLoggingConfiguration": { supplied: [] },
  "bedrock:DeleteModelInvocationLoggingConfiguration": { supplied: [] },
};
