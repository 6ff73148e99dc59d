import { anthropicOperations } from "../http/anthropic/index.js";
import type { InferenceService } from "../service/inference.js";
import type { ModelResolver } from "../service/resources/index.js";
import type { Capability } from "./capability.js";

/**
 * Anthropic's Messages API over the models capability's inference and resolver: no state of its
 * own, so one pipeline, one policy and one audit trail govern it with Converse and InvokeModel.
 * Bedrock API keys in `x-api-key` are the bearer scheme's (compose/api-keys.ts).
 */
export function anthropicCapability(inference: InferenceService, resolver: ModelResolver): Capability {
  return { name: "anthropic", operations: anthropicOperations(inference, resolver) };
}
