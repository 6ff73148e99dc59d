import type { ConverseResult, EmbedResult, StreamEvent } from "../../../kernel/index.js";
import type { ConverseCommand, EmbedCommand } from "../../../service/commands.js";

/**
 * The contract of one model family's native InvokeModel body. A family translates between the
 * JSON its models speak and the domain vocabulary; it never sees HTTP, and its Faults name the
 * JSON path inside the native body (`textGenerationConfig.temperature`) without quoting content.
 */

/** Response options a request asked for that the domain command has no room for. */
export interface NativeEmbedOptions {
  /** Cohere's `embedding_types`: when present the response is `embeddings_by_type`. */
  readonly embeddingTypes?: readonly "float"[];
}

export type NativeDecoded =
  | { readonly kind: "converse"; readonly command: ConverseCommand; readonly streamProcessingMode?: "sync" | "async" }
  | { readonly kind: "embed"; readonly command: EmbedCommand; readonly options?: NativeEmbedOptions };

/** Per stream: turns domain events into the family's chunk objects (the HTTP layer frames them). */
export interface NativeStreamEncoder {
  /** 0..n chunk objects per event; the last chunk (on `metadata`) carries the invocation metrics. */
  push(event: StreamEvent): unknown[];
}

/** Milliseconds on a monotonic clock; injectable so latency metrics are testable. */
export type Millis = () => number;

export interface NativeFamily {
  /** 'anthropic' | 'meta' | 'nova' | 'titan-text' | 'titan-embed' | 'cohere-embed' | 'mistral' */
  readonly name: string;
  decode(body: unknown, modelId: string): NativeDecoded;
  encodeConverse?(result: ConverseResult, modelId: string): unknown;
  /** `options` is the `options` of the decoded request, when it had any. */
  encodeEmbed?(result: EmbedResult, command: EmbedCommand, options?: NativeEmbedOptions): unknown;
  /** `now` defaults to `performance.now`: latency is measured from the encoder's creation. */
  streamEncoder?(modelId: string, now?: Millis): NativeStreamEncoder;
}
