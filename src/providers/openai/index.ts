import type { ModelProvider } from "../port.js";
import { OpenAiProvider } from "./client.js";
import type { OpenAiProviderConfig } from "./client.js";

export type { OpenAiProviderConfig } from "./client.js";

/** Any OpenAI-compatible Chat Completions / Embeddings endpoint: OpenAI, vLLM, Ollama, llama.cpp, LM Studio. */
export function createOpenAiProvider(config: OpenAiProviderConfig): ModelProvider {
  return new OpenAiProvider(config);
}
