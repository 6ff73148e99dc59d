import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { fault, isFault, sensitive } from "../../kernel/index.js";
import type {
  ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, Sensitive, StreamEvent,
} from "../../kernel/index.js";
import type { ModelProvider } from "../port.js";
import { decodeConverse, encodeConversation, encodeConverse } from "./codec.js";
import { Deadline } from "./deadline.js";
import { invokeJson } from "./invoke.js";
import { decodeCohere, decodeTitan, encodeEmbed } from "./embed-codec.js";
import { callFault, streamFault, tooLarge } from "./errors.js";
import { limitResponses } from "./response-limits.js";
import { StreamTranslator } from "./stream-codec.js";
import { baseModelId } from "./wire.js";

/** `provider.model...`: what a bare foundation-model id looks like (an application profile's ARN ends in a bare id of its own). */
const FOUNDATION_MODEL_ID = /^[a-z0-9-]+\.[a-z0-9]/;

/** This adapter's slice of config: nothing else reaches it. */
export interface BedrockProviderConfig {
  readonly id: string;
  readonly region: string;
  readonly timeoutMs: number;
  /** Overrides the regional endpoint, e.g. a VPC endpoint (or, in tests, a loopback). */
  readonly endpoint?: string;
  /** The operator's credentials; absent, the SDK's default provider chain finds them. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: Sensitive<string>;
    readonly sessionToken?: Sensitive<string>;
  };
}

export interface BedrockProviderOptions {
  /** An SDK request handler (e.g. @smithy/node-http-handler's NodeHttpHandler for HTTP/1.1). */
  readonly requestHandler?: unknown;
}

/** Exceptions the upstream may send as the first event of a stream, before any content. */
const EARLY_STREAM_EXCEPTIONS = new Set([
  "ThrottlingException", "ValidationException", "ServiceUnavailableException", "InternalServerException", "ModelTimeoutException",
]);

export class BedrockProvider implements ModelProvider {
  readonly id: string;
  readonly documents = "native" as const;
  readonly #client: BedrockRuntimeClient;
  readonly #timeoutMs: number;

  constructor(config: BedrockProviderConfig, options: BedrockProviderOptions = {}) {
    this.id = config.id;
    this.#timeoutMs = config.timeoutMs;
    this.#client = new BedrockRuntimeClient(clientConfig(config, options));
    limitResponses(this.#client);
  }

  async converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult> {
    const body = encodeConverse(request);
    const answer = await this.#call(signal, (abortSignal) =>
      this.#client.send(new ConverseCommand({ modelId: request.model, ...body }), { abortSignal }));
    const { message, stopReason, usage, additionalFields, serviceTier } = decodeConverse(answer);
    return {
      message: sensitive(message), stopReason, usage,
      ...(additionalFields ? { additionalFields: sensitive(additionalFields) } : {}),
      ...(serviceTier ? { serviceTier } : {}),
    };
  }

  async *converseStream(request: ConverseRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const body = encodeConverse(request);
    const deadline = new Deadline(signal, this.#timeoutMs);
    let opened = false;
    let yielded = false;
    let finished = false;
    try {
      const answer = await this.#client.send(new ConverseStreamCommand({ modelId: request.model, ...body }), { abortSignal: deadline.signal });
      opened = true;
      const translator = new StreamTranslator();
      for await (const item of answer.stream ?? []) {
        deadline.arm();
        for (const event of translator.push(item)) {
          deadline.pause();
          yield event;
          yielded = true;
          deadline.arm();
        }
      }
      translator.finish();
      finished = true;
    } catch (error) {
      // Before the caller holds any event, an oversized answer is a bad answer, as in the HTTP adapters.
      const early = !opened || (!yielded && (EARLY_STREAM_EXCEPTIONS.has((error as { name?: string })?.name ?? "") || tooLarge(error) !== undefined));
      throw deadline.outcome() ?? (early ? callFault(error) : streamFault(error));
    } finally {
      if (!finished) deadline.cancel();
      deadline.pause();
    }
  }

  async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResult> {
    const plan = encodeEmbed(request);
    return this.#call(signal, async (abortSignal) => {
      const vectors: number[][] = [];
      let inputTokens = 0;
      // One call at a time: a batch of texts should not burst the operator's upstream quota.
      for (const body of plan.bodies) {
        const answer = await invokeJson(this.#client, request.model, body, abortSignal);
        if ("inputText" in body) {
          const titan = decodeTitan(answer.json);
          vectors.push(titan.vector);
          inputTokens += titan.inputTokens ?? answer.inputTokens ?? 0;
        } else {
          vectors.push(...decodeCohere(answer.json, body.texts.length));
          inputTokens += answer.inputTokens ?? 0;
        }
      }
      if (vectors.some((v) => v.length !== vectors[0]?.length)) {
        throw fault("model-error", "upstream answered embeddings of differing dimensions");
      }
      return { vectors: sensitive(vectors), inputTokens };
    });
  }

  /**
   * Bedrock's own count. It counts only some models (Anthropic's among them), and only by a bare
   * foundation-model id: an inference-profile id or ARN, the usual way to configure the newer
   * models, is refused. A profile serves that same model, so a refusal is retried with the bare
   * id; a model Bedrock will not count is refused clearly (no tokenizer here fits the families it
   * leaves out: Nova, Llama, Mistral, gpt-oss).
   */
  async countTokens(request: CountTokensRequest, signal: AbortSignal): Promise<number> {
    const converse = encodeConversation(request.conversation.reveal());
    const count = async (modelId: string): Promise<number> => {
      const answer = await this.#call(signal, (abortSignal) =>
        this.#client.send(new CountTokensCommand({ modelId, input: { converse } }), { abortSignal }));
      if (typeof answer.inputTokens !== "number") throw fault("model-error", "upstream answered no token count");
      return answer.inputTokens;
    };
    const refused = (error: unknown): boolean => isFault(error) && error.kind === "validation";
    const bare = baseModelId(request.model);
    try {
      return await count(request.model);
    } catch (error) {
      if (!refused(error)) throw error;
    }
    if (bare !== request.model && FOUNDATION_MODEL_ID.test(bare)) {
      try {
        return await count(bare);
      } catch (error) {
        if (!refused(error)) throw error;
      }
    }
    // The upstream's reason is not read (its text may quote the prompt), so both causes are named.
    throw fault("validation", "CountTokens is not available for this model: upstream Bedrock refused to count this input for it (it counts tokens for some models only), and plinth has no tokenizer for its family", { field: "modelId" });
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  /** Runs one non-streaming upstream call under the caller's signal and our timeout. */
  async #call<T>(signal: AbortSignal, run: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new Deadline(signal, this.#timeoutMs);
    try {
      return await run(deadline.signal);
    } catch (error) {
      throw deadline.outcome() ?? callFault(error);
    } finally {
      deadline.pause();
    }
  }
}

function clientConfig(config: BedrockProviderConfig, options: BedrockProviderOptions): BedrockRuntimeClientConfig {
  const credentials = config.credentials;
  return {
    region: config.region,
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    // Retries belong to the caller (its SDK retries throttling and 5xx already); retrying here
    // as well would multiply load on the upstream and stretch the caller's wait past its timeout.
    maxAttempts: 1,
    ...(options.requestHandler !== undefined
      ? { requestHandler: options.requestHandler as BedrockRuntimeClientConfig["requestHandler"] }
      : {}),
    ...(credentials
      ? {
          // A provider function, so the secret is revealed per signing and never sits in the
          // client's config object; SigV4 is pinned so a stray bearer token cannot displace it.
          credentials: async () => ({
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey.reveal(),
            ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken.reveal() } : {}),
          }),
          authSchemePreference: ["sigv4"],
        }
      : {}),
  };
}
