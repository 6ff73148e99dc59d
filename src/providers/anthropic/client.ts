import type { ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent } from "../../kernel/index.js";
import type { Sensitive } from "../../kernel/index.js";
import { HttpUpstream, isRecord } from "../http-upstream/index.js";
import type { ModelProvider } from "../port.js";
import { betaHeader, cannotEmbed, fromCountTokens, fromMessageResponse, toMessagesRequest, toPrompt } from "./codec.js";
import { MessageStreamTranslator } from "./codec-stream.js";

export interface AnthropicProviderConfig {
  readonly id: string;
  /** The bare host, as the Anthropic SDK takes it (e.g. `https://api.anthropic.com`). */
  readonly baseUrl: string;
  readonly apiKey: Sensitive<string>;
  readonly timeoutMs: number;
  /** The `anthropic-version` header; the API's one stable version by default. */
  readonly anthropicVersion?: string;
}

export const DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

/** The Anthropic Messages API adapter: HTTP and credentials here, translation in the codecs. */
export class AnthropicProvider implements ModelProvider {
  readonly id: string;
  readonly documents = "native" as const;
  readonly #baseUrl: string;
  readonly #apiKey: Sensitive<string>;
  readonly #version: string;
  readonly #http: HttpUpstream;

  constructor(config: AnthropicProviderConfig) {
    this.id = config.id;
    this.#baseUrl = config.baseUrl.replace(/\/+$/, "");
    this.#apiKey = config.apiKey;
    this.#version = config.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION;
    this.#http = new HttpUpstream({ timeoutMs: config.timeoutMs, errorCode });
  }

  async converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult> {
    const body = toMessagesRequest(request, false);
    const answer = await this.#http.postJson(this.#post("/v1/messages", body, signal, betaHeader(request)));
    return fromMessageResponse(answer, request.responseFieldPaths);
  }

  async *converseStream(request: ConverseRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const body = toMessagesRequest(request, true);
    const translator = new MessageStreamTranslator(request.responseFieldPaths);
    for await (const message of this.#http.postSse(this.#post("/v1/messages", body, signal, betaHeader(request)))) {
      yield* translator.push(message.data);
    }
    yield* translator.end();
  }

  async embed(_request: EmbedRequest, _signal: AbortSignal): Promise<EmbedResult> {
    throw cannotEmbed();
  }

  async countTokens(request: CountTokensRequest, signal: AbortSignal): Promise<number> {
    const body = toPrompt(request.model, request.conversation.reveal());
    const beta = betaHeader({ model: request.model, conversation: request.conversation, inference: {} });
    return fromCountTokens(await this.#http.postJson(this.#post("/v1/messages/count_tokens", body, signal, beta)));
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #post(path: string, body: unknown, signal: AbortSignal, beta?: string) {
    // The key is revealed only here, into the one header the upstream reads it from.
    const headers: Record<string, string> = { "x-api-key": this.#apiKey.reveal(), "anthropic-version": this.#version };
    if (beta !== undefined) headers["anthropic-beta"] = beta;
    return { url: `${this.#baseUrl}${path}`, headers, body, signal };
  }
}

/** `{"type": "error", "error": {"type": "rate_limit_error", ...}}`: the type, never the message. */
function errorCode(body: unknown): unknown {
  return isRecord(body) && isRecord(body.error) ? body.error.type : undefined;
}
