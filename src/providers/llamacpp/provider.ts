import { sensitive } from "../../kernel/index.js";
import type {
  ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent,
} from "../../kernel/index.js";
import type { ModelProvider } from "../port.js";
import { generateChat, type ChatJob } from "./chat.js";
import { resolveSettings, type LlamaCppProviderConfig, type LlamaCppSettings } from "./config.js";
import { checkInference, checkStopSequences, toChatHistory } from "./conversation.js";
import { checkEmbedRequest, embedTexts } from "./embeddings.js";
import type { LoadedModel } from "./loaded-model.js";
import { ModelRegistry } from "./registry.js";
import { RequestControl } from "./request-control.js";
import { streamChat } from "./stream.js";
import { outputBudget, renderedTokenCount } from "./tokens.js";

/**
 * Local GGUF models through llama.cpp. The time limit starts once the model is in memory:
 * loading is a one-off cost per model and file size, not a property of the request.
 */
class LlamaCppProvider implements ModelProvider {
  readonly id: string;
  readonly #settings: LlamaCppSettings;
  readonly #registry: ModelRegistry;

  constructor(settings: LlamaCppSettings) {
    this.id = settings.id;
    this.#settings = settings;
    this.#registry = new ModelRegistry(settings);
  }

  async converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult> {
    const { loaded, job, inputTokens } = await this.#prepare(request);
    const control = new RequestControl(signal, loaded.name, this.#settings.timeoutMs, "deadline");
    try {
      const outcome = await generateChat(loaded, job, control);
      return {
        message: sensitive({ role: "assistant", content: [{ type: "text", text: outcome.text }] }),
        stopReason: outcome.stopReason,
        usage: { inputTokens, outputTokens: outcome.outputTokens, totalTokens: inputTokens + outcome.outputTokens },
      };
    } finally {
      control.dispose();
    }
  }

  async *converseStream(request: ConverseRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    const { loaded, job, inputTokens } = await this.#prepare(request);
    yield* streamChat(loaded, job, inputTokens, signal, this.#settings.timeoutMs);
  }

  async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
    const loaded = await this.#registry.get(request.model);
    const texts = checkEmbedRequest(loaded, request);
    const control = new RequestControl(signal, loaded.name, this.#settings.timeoutMs, "deadline");
    try {
      return await embedTexts(loaded, request, texts, control);
    } finally {
      control.dispose();
    }
  }

  async countTokens(request: CountTokensRequest, _signal: AbortSignal): Promise<number> {
    // Tokenizing needs neither a context nor the queue, so it is not timed or abortable.
    const history = toChatHistory(request.model, request.conversation.reveal());
    return renderedTokenCount(await this.#registry.get(request.model), history);
  }

  close(): Promise<void> {
    return this.#registry.close();
  }

  /** Everything that can be refused is refused here, before the request waits for the model. */
  async #prepare(request: ConverseRequest): Promise<{ loaded: LoadedModel; job: ChatJob; inputTokens: number }> {
    const conversation = request.conversation.reveal();
    checkInference(request.inference);
    const stopSequences = checkStopSequences(conversation.stopSequences);
    const history = toChatHistory(request.model, conversation);
    const loaded = await this.#registry.get(request.model);
    const inputTokens = renderedTokenCount(loaded, history);
    const maxTokens = outputBudget(loaded, inputTokens, request.inference.maxTokens);
    return { loaded, inputTokens, job: { history, maxTokens, stopSequences, inference: request.inference } };
  }
}

export function createLlamaCppProvider(config: LlamaCppProviderConfig): ModelProvider {
  return new LlamaCppProvider(resolveSettings(config));
}
