import type { ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent } from "../../kernel/index.js";
import { invalid } from "../../kernel/index.js";
import type { Sensitive } from "../../kernel/index.js";
import { HttpUpstream, isRecord } from "../http-upstream/index.js";
import type { ModelProvider } from "../port.js";
import { cannotCountTokens, countChatTokens, openAiEncodingFor, textCounter } from "../tokens/index.js";
import { fromChatCompletion, toChatRequest } from "./codec.js";
import { fromEmbeddingResponse, toEmbeddingRequest } from "./codec-embed.js";
import { ChatStreamTranslator } from "./codec-stream.js";

export interface OpenAiProviderConfig {
  readonly id: string;
  /** As the OpenAI SDK takes it, including `/v1` (e.g. `http://127.0.0.1:11434/v1` for Ollama). */
  readonly baseUrl: string;
  /** Optional: local servers (Ollama, llama.cpp) usually need none. */
  readonly apiKey?: Sensitive<string>;
  readonly timeoutMs: number;
}

/** The OpenAI-compatible adapter: HTTP and credentials here, translation in the codecs. */
export class OpenAiProvider implements ModelProvider {
  readonly id: string;
  readonly #baseUrl: string;
  readonly #apiKey: Sensitive<string> | undefined;
  readonly #http: HttpUpstream;

  constructor(config: OpenAiProviderConfig) {
    this.id = config.id;
    this.#baseUrl = config.baseUrl.replace(/\/+$/, "");
    this.#apiKey = config.apiKey;
    this.#http = new HttpUpstream({ timeoutMs: config.timeoutMs, errorCode });
  }

  async converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult> {
    const body = toChatRequest(request, false);
    return fromChatCompletion(await this.#http.postJson(this.#post("/chat/completions", body, signal)));
  }

  async *converseStream(request: ConverseRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const body = toChatRequest(request, true);
    const translator = new ChatStreamTranslator();
    for await (const message of this.#http.postSse(this.#post("/chat/completions", body, signal))) {
      yield* translator.push(message.data);
    }
    yield* translator.end();
  }

  async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
    const body = toEmbeddingRequest(request);
    const answer = await this.#http.postJson(this.#post("/embeddings", body, signal));
    return fromEmbeddingResponse(answer, body.input.length, request.normalize === true);
  }

  /**
   * The Chat Completions API has no count endpoint. OpenAI's own models are counted locally with
   * their published tokenizer over the request this adapter would send (tokens/chat-count.ts says
   * how close that is); any other model behind a compatible server is refused, since an OpenAI
   * encoding would give a confident wrong number for it.
   */
  async countTokens(request: CountTokensRequest, _signal: AbortSignal): Promise<number> {
    const encoding = openAiEncodingFor(request.model);
    if (!encoding) throw cannotCountTokens();
    request.conversation.reveal().messages.forEach((m, i) => m.content.forEach((b, j) => {
      if (b.type === "image") throw invalid(`messages.${i}.content.${j}.image`, "plinth cannot count the tokens of an image for this model");
    }));
    const body = toChatRequest({ model: request.model, conversation: request.conversation, inference: {} }, false);
    return countChatTokens(body, await textCounter(encoding));
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #post(path: string, body: unknown, signal: AbortSignal) {
    // The key is revealed only here, into the one header the upstream reads it from.
    const headers: Record<string, string> = this.#apiKey ? { authorization: `Bearer ${this.#apiKey.reveal()}` } : {};
    return { url: `${this.#baseUrl}${path}`, headers, body, signal };
  }
}

/** `{"error": {"code": ..., "type": ...}}`: the code, else the type; never the message. */
function errorCode(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  return body.error.code ?? body.error.type;
}
