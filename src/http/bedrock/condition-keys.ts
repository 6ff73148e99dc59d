import type { ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys each Bedrock action plinth serves supplies beside those of every request
 * (see http/iam/condition-keys.ts for how these tables are read). Converse and ConverseStream are
 * authorised as InvokeModel and InvokeModelWithResponseStream, so they supply the same keys.
 * plinth serves foundation models only: the keys of the other resource kinds AWS documents for
 * these actions (provisioned and imported models, inference profiles, prompt routers, projects,
 * guardrails and knowledge bases as policy holders) name nothing here.
 */
const RESOURCE_TAG = "aws:ResourceTag/${TagKey}";
const UNTAGGED = { [RESOURCE_TAG]: "foundation models, the only resources plinth serves these actions on, take no tags" };
const NO_PROFILES = "plinth serves foundation models only, not inference profiles or prompt routers";
const NO_PROJECTS = "plinth has no Bedrock projects";
const NO_REQUEST_TAGS = "these requests carry no tags";

const INVOKE_NOT_SUPPLIED = {
  ...UNTAGGED,
  "bedrock:InferenceProfileArn": NO_PROFILES,
  "bedrock:PromptRouterArn": NO_PROFILES,
};

export const BEDROCK_CONDITION_KEYS: ConditionKeyDeclarations = {
  // The guardrail the request applies (AWS's documented form, with :<version>), and the service
  // tier the request asks for (`default` when it names none); Converse and ConverseStream supply
  // both from their body (http/bedrock-runtime/converse-routes.ts guardrailConditions).
  "bedrock:InvokeModel": {
    supplied: ["bedrock:GuardrailIdentifier", "bedrock:ServiceTier"],
    notSupplied: {
      ...INVOKE_NOT_SUPPLIED,
      "bedrock:ModelArn": NO_PROFILES,
      "bedrock:ProjectArn": NO_PROJECTS,
      "aws:RequestTag/${TagKey}": NO_REQUEST_TAGS,
      "aws:TagKeys": NO_REQUEST_TAGS,
    },
  },
  "bedrock:InvokeModelWithResponseStream": { supplied: ["bedrock:GuardrailIdentifier", "bedrock:ServiceTier"], notSupplied: INVOKE_NOT_SUPPLIED },
  "bedrock:CountTokens": { supplied: [] },
  "bedrock:ListFoundationModels": { supplied: [] },
  "bedrock:GetFoundationModel": { supplied: [] },
  "bedrock:PutResourcePolicy": { supplied: [], notSupplied: { ...UNTAGGED, "aws:RequestTag/${TagKey}": NO_REQUEST_TAGS, "aws:TagKeys": NO_REQUEST_TAGS } },
  "bedrock:GetResourcePolicy": { supplied: [], notSupplied: UNTAGGED },
  "bedrock:DeleteResourcePolicy": { supplied: [], notSupplied: UNTAGGED },
};
