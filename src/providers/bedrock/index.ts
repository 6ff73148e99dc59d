import { BedrockProvider } from "./client.js";
import type { BedrockProviderConfig, BedrockProviderOptions } from "./client.js";
import type { ModelProvider } from "../port.js";

export type { BedrockProviderConfig, BedrockProviderOptions } from "./client.js";

/**
 * Amazon Bedrock in one region as an upstream, through the official SDK: the SDK signs each
 * call with the operator's credentials (SigV4); nothing of the caller's reaches it but the
 * request it serves. Everything Converse has a member for goes through natively, documents of
 * every format included (`documents: "native"`); whether the model takes them is the upstream's
 * call, and its refusal comes back as a validation fault.
 */
export function createBedrockProvider(config: BedrockProviderConfig, options?: BedrockProviderOptions): ModelProvider {
  return new BedrockProvider(config, options);
}
