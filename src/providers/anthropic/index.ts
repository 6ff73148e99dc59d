import type { ModelProvider } from "../port.js";
import { AnthropicProvider } from "./client.js";
import type { AnthropicProviderConfig } from "./client.js";

export type { AnthropicProviderConfig } from "./client.js";

/** Anthropic's Messages API (api.anthropic.com, or anything that serves the same protocol). */
export function createAnthropicProvider(config: AnthropicProviderConfig): ModelProvider {
  return new AnthropicProvider(config);
}
