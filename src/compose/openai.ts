import { openAiOperations } from "../http/openai/index.js";
import type { Capability } from "./capability.js";
import type { Models } from "./models.js";

/**
 * The OpenAI-compatible API under /openai/v1: operations only. It serves the models
 * capability's catalogue through the same inference service and resolver as Converse, and every
 * other capability (authentication, policies, retention, audit) applies to it unchanged.
 */
export function openAiCapability(models: Models): Capability {
  return { name: "openai", operations: openAiOperations(models.inference, models.resolver, models.catalogue) };
}
