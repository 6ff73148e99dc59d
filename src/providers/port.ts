import type {
  ConverseRequest, ConverseResult, CountTokensRequest, EmbedRequest, EmbedResult, StreamEvent,
} from "../kernel/index.js";

export type DocumentHandling = "native" | "text";

/**
 * The one port every model provider adapter implements. An adapter sees the request it serves
 * and nothing else: no request context, principal, logger, audit trail or key material. It
 * cancels its upstream call when `signal` aborts.
 *
 * Failures are thrown as kernel Faults:
 * - the upstream refused the input as invalid (HTTP 400/422)  -> "validation"
 * - the model cannot do what was asked (images, tools, embeddings on a chat model, ...) -> "validation"
 * - upstream 429 -> "throttling"; 408/504 or our timeout -> "model-timeout"
 * - upstream 5xx or any other error status -> "model-error" with originalStatusCode
 * - a stream that breaks or is malformed after it started -> "model-stream-error"
 * - an answer over a size limit, or not decodable in its content coding -> "model-error"
 *   (or "model-stream-error" once part of a stream was handed on); see http-upstream/limits.ts
 * - upstream unreachable -> "service-unavailable"
 * A Fault message names status codes and upstream error *codes* only: never the upstream's
 * message text (it may echo the prompt) and never a credential.
 */
export interface ModelProvider {
  readonly id: string;
  /**
   * How the adapter gives document blocks to the model: `native` as documents the upstream reads
   * itself, `text` as text the adapter extracted (providers/documents); absent, it takes none.
   * The model catalogue shows it, so a caller knows whether layout and images in a PDF count.
   */
  readonly documents?: DocumentHandling;
  converse(request: ConverseRequest, signal: AbortSignal): Promise<ConverseResult>;
  converseStream(request: ConverseRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResult>;
  countTokens(request: CountTokensRequest, signal: AbortSignal): Promise<number>;
  /** Releases sockets, model handles and worker threads. */
  close(): Promise<void>;
}
