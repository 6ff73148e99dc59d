import { refuseAnthropicOptions } from "../anthropic-options.js";
import { invalid, sensitive } from "../../kernel/index.js";
import type {
  ContentBlock, ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent,
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
import { planOutput } from "./tools.js";
import { outputBudget, renderedTokenCount } from "./tokens.js";

/**
 * Local GGUF models through llama.cpp. The time limit starts once the model is in memory:
 * loading is a one-off cost per model and file size, not a property of the request.
 *
 * What a request gets: text, and txt/md/csv/html documents as text (other formats and images
 * are refused by name); tools through node-llama-cpp's function calling when the file has a chat
 * template, or forced by toolChoice under a grammar on any model (calls are returned as toolUse
 * blocks, never run); outputConfig.textFormat as a JSON-schema grammar; an answer of at most
 * DEFAULT_MAX_TOKENS (512) tokens when the request names no maxTokens. Reasoning is refused;
 * cache points, service tiers and latency modes are accepted and change nothing here.
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
      const content: ContentBlock[] = outcome.text.length > 0 || outcome.toolUses.length === 0 ? [{ type: "text", text: outcome.text }] : [];
      return {
        message: sensitive({ role: "assistant", content: [...content, ...outcome.toolUses] }),
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
    const conversation = request.conversation.reveal();
    const loaded = await this.#chatModel(request.model);
    const plan = planOutput(request.model, conversation, loaded.chatTemplate);
    return renderedTokenCount(loaded, toChatHistory(request.model, conversation, plan), plan.mode === "auto" ? plan.functions : undefined);
  }

  close(): Promise<void> {
    return this.#registry.close();
  }

  /** Everything that can be refused is refused here, before the request waits for the model. */
  async #prepare(request: ConverseRequest): Promise<{ loaded: LoadedModel; job: ChatJob; inputTokens: number }> {
    const conversation = request.conversation.reveal();
    checkInference(request.model, request.inference);
    checkProviderOptions(request);
    const stopSequences = checkStopSequences(conversation.stopSequences);
    // Shape errors first, before a model is loaded; the plan needs the file's facts.
    toChatHistory(request.model, conversation);
    const loaded = await this.#chatModel(request.model);
    const plan = planOutput(request.model, conversation, loaded.chatTemplate);
    const history = toChatHistory(request.model, conversation, plan);
    const inputTokens = renderedTokenCount(loaded, history, plan.mode === "auto" ? plan.functions : undefined);
    const maxTokens = outputBudget(loaded, inputTokens, request.inference.maxTokens);
    return { loaded, inputTokens, job: { history, maxTokens, stopSequences, inference: request.inference, plan } };
  }

  async #chatModel(model: string): Promise<LoadedModel> {
    const loaded = await this.#registry.get(model);
    if (loaded.kind === "embedding") throw invalid("modelId", `model '${model}' is an embedding model; it does not chat`);
    return loaded;
  }
}

/** Members only another provider family understands are refused, not dropped. */
function checkProviderOptions(request: ConverseRequest): void {
  refuseAnthropicOptions(request.anthropic);
}

export function createLlamaCppProvider(config: LlamaCppProviderConfig): ModelProvider {
  return new LlamaCppProvider(resolveSettings(config));
}
