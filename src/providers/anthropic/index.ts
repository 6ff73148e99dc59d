import type { ModelProvider } from "../port.js";
import { AnthropicProvider } from "./client.js";
import type { AnthropicProviderConfig } from "./client.js";

export type { AnthropicProviderConfig } from "./client.js";

/**
 * Anthropic's Messages API (api.anthropic.com, or anything that serves the same protocol).
 * Documents: native (`documents: "native"`) — PDFs as base64 document blocks, txt/md/csv/html
 * as plain-text document sources; doc/docx/xls/xlsx are refused by name. Reasoning is
 * `thinking` with a token budget (an effort level is refused), cache marks are `cache_control`,
 * structured output is `output_format` and strict tools `strict`, both with their beta header.
 */
export function createAnthropicProvider(config: AnthropicProviderConfig): ModelProvider {
  return new AnthropicProvider(config);
}
