import { anthropicOperations } from "../http/anthropic/index.js";
import type { Capability } from "./capability.js";
import type { Models } from "./models.js";

/**
 * Anthropic's Messages and Models APIs over the models capability's inference, resolver and
 * catalogue: no state of its own, so one pipeline, one policy and one audit trail govern it with
 * Converse and InvokeModel. Bedrock API keys in `x-api-key` are the bearer scheme's
 * (compose/api-keys.ts).
 */
export function anthropicCapability(models: Models): Capability {
  return { name: "anthropic", operations: anthropicOperations(models.inference, models.resolver, models.catalogue) };
}
