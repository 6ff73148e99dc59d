import type { ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent } from "../../kernel/index.js";
import { invalid } from "../../kernel/index.js";
import type { Sensitive } from "../../kernel/index.js";
import { HttpUpstream, isRecord, malformedAnswer } from "../http-upstream/index.js";
import type { ModelProvider } from "../port.js";
import { cannotCountTokens, countChatTokens, openAiEncodingFor, textCounter } from "../tokens/index.js";
import { fromChatCompletion, toChatRequest } from "./codec.js";
import { extractDocuments } from "./codec-documents.js";
import { fromEmbeddingResponse, toEmbeddingRequest } from "./codec-embed.js";
import { ChatStreamTranslator } from "./codec-stream.js";

export interface OpenAiProviderConfig {
  readonly id: string;
  /** As the OpenAI SDK takes it, including `/v1` (e.g. `http://127.0.0.1:11434/v1` for Ollama). */
  readonly baseUrl: string;
  /** Optional: local servers (Ollama, llama.cpp) usually need none. */
  readonly apiKey?: Sensitive<string>;
  readonly timeoutMs: number;
  /** The server's own token-counting endpoint, when it has one (vLLM's /tokenize). */
  readonly tokenizeEndpoint?: "vllm" | undefined;
}

/** The OpenAI-compatible adapter: HTTP and credentials here, translation in the codecs. */
export class OpenAiProvider implements ModelProvider {
  readonly id: string;
  readonly documents = "text" as const;
  readonly #baseUrl: string;
  readonly #apiKey: Sensitive<string> | undefined;
  readonly #http: HttpUpstream;
  readonly #tokenize: "vllm" | undefined;

  constructor(config: OpenAiProviderConfig) {
    this.id = config.id;
    this.#tokenize = config.tokenizeEndpoint;
    this.#baseUrl = config.baseUrl.replace(/\/+$/, "");
    this.#apiKey = config.apiKey;
    this.#http = new HttpUpstream({ timeoutMs: config.timeoutMs, errorCode });
  }

  async converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult> {
    const body = toChatRequest(request, false, await extractDocuments(request.conversation.reveal(), signal));
    return fromChatCompletion(await this.#http.postJson(this.#post("/chat/completions", body, signal)), request.responseFieldPaths);
  }

  async *converseStream(request: ConverseRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const body = toChatRequest(request, true, await extractDocuments(request.conversation.reveal(), signal));
    const translator = new ChatStreamTranslator(request.responseFieldPaths);
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
   * The Chat Completions API has no count endpoint. A server that has its own (vLLM's /tokenize,
   * when the operator names it) counts exactly, through the model's chat template. Otherwise
   * OpenAI's own models are counted locally with their published tokenizer over the request this
   * adapter would send (tokens/chat-count.ts says how close that is), and any other model is
   * refused, since an OpenAI encoding would give a confident wrong number for it.
   */
  async countTokens(request: CountTokensRequest, signal: AbortSignal): Promise<number> {
    const texts = await extractDocuments(request.conversation.reveal(), signal);
    const body = () => toChatRequest({ model: request.model, conversation: request.conversation, inference: {} }, false, texts);
    if (this.#tokenize === "vllm") {
      const { model, messages, tools } = body();
      const answer = await this.#http.postJson({ ...this.#post("/tokenize", { model, messages, ...(tools ? { tools } : {}), add_generation_prompt: true }, signal), url: `${serverRoot(this.#baseUrl)}/tokenize` });
      return fromTokenizeAnswer(answer);
    }
    const encoding = openAiEncodingFor(request.model);
    if (!encoding) throw cannotCountTokens();
    request.conversation.reveal().messages.forEach((m, i) => m.content.forEach((b, j) => {
      if (b.type === "image") throw invalid(`messages.${i}.content.${j}.image`, "plinth cannot count the tokens of an image for this model");
    }));
    return countChatTokens(body(), await textCounter(encoding), signal);
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

/** vLLM serves /tokenize at the server root, beside the /v1 the OpenAI API lives under. */
const serverRoot = (baseUrl: string): string => baseUrl.replace(/\/v1$/, "");

/** vLLM's TokenizeResponse: `{count, max_model_len, tokens}`. */
function fromTokenizeAnswer(body: unknown): number {
  const count = isRecord(body) ? body.count : undefined;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) throw malformedAnswer(200, "count is missing");
  return count;
}

/** `{"error": {"code": ..., "type": ...}}`: the code, else the type; never the message. */
function errorCode(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  return body.error.code ?? body.error.type;
}
