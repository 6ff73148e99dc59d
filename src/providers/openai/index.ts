import type { ModelProvider } from "../port.js";
import { OpenAiProvider } from "./client.js";
import type { OpenAiProviderConfig } from "./client.js";

export type { OpenAiProviderConfig } from "./client.js";

/**
 * Any OpenAI-compatible Chat Completions / Embeddings endpoint: OpenAI, vLLM, Ollama, llama.cpp,
 * LM Studio. Documents: as extracted text (`documents: "text"`) — PDFs read by pdf.js, text
 * formats as themselves, doc/docx/xls/xlsx refused by name. Reasoning is `reasoning_effort` (a
 * token budget is refused); cache marks are accepted and left to the upstream's automatic
 * prefix caching; structured output is a strict json_schema `response_format`.
 */
export function createOpenAiProvider(config: OpenAiProviderConfig): ModelProvider {
  return new OpenAiProvider(config);
}
