import { abortsBy, isFault } from "../../kernel/index.js";
import { closedFault, malformedAnswer, streamFault, timeoutFault, unreachableFault } from "./faults.js";
import { UndecodableBody, UnsupportedCoding } from "./body.js";
import { ResponseTooLarge } from "./limits.js";
import { SseEventTooLarge } from "./sse.js";
import type { UpstreamResponse } from "./transport.js";

export type Phase = "connect" | "body" | "stream";

/**
 * The cancellation state of one call: the caller's signal, our timer and provider close. Each
 * of them cancels the request (its connection goes with it, which the upstream sees as the
 * client going away); no AbortController of our own is needed.
 */
export class Attempt {
  readonly caller: AbortSignal;
  readonly timeoutMs: number;
  timedOut = false;
  closed = false;
  /** A stream has handed on at least one message: the caller holds part of an answer. */
  delivered = false;
  /** Cancels the request (before its answer) or closes the answer's connection (after). */
  cancel: (() => void) | undefined;
  response: UpstreamResponse | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #onAbort = (): void => this.cancel?.();
  readonly #onTimeout = (): void => {
    this.timedOut = true;
    this.cancel?.();
  };

  constructor(caller: AbortSignal, timeoutMs: number) {
    this.caller = caller;
    this.timeoutMs = timeoutMs;
    caller.addEventListener("abort", this.#onAbort, { once: true });
  }

  arm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    // The caller's deadline (the service's, with the model's timeout) already bounds this wait
    // when it comes no later than ours: ours could only fire after it, and the caller's fault is
    // the one reported either way (failure() answers the caller's reason first). A second timer
    // would be set and cleared on every call for nothing.
    const by = abortsBy(this.caller);
    if (by !== undefined && by <= performance.now() + this.timeoutMs) {
      this.#timer = undefined;
      return;
    }
    this.#timer = setTimeout(this.#onTimeout, this.timeoutMs);
  }

  disarm(): void {
    clearTimeout(this.#timer);
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
  }

  /**
   * Ends the call. A response read to its end has already handed its connection back to the pool
   * for the next call, so a successful call cancels nothing; anything else (an error answer not
   * read, a stream its consumer left early) closes the connection.
   */
  dispose(): void {
    clearTimeout(this.#timer);
    this.caller.removeEventListener("abort", this.#onAbort);
    if (this.response?.body.readableEnded !== true) this.cancel?.();
  }

  /** What to throw for an error raised while the call was in `phase`. */
  failure(error: unknown, phase: Phase, status = 200): unknown {
    // The caller cancelled: hand back its own reason, so it recognises it.
    if (this.caller.aborted) return this.caller.reason;
    if (this.timedOut) return timeoutFault(this.timeoutMs);
    if (this.closed) return closedFault();
    if (isFault(error)) return error;
    if (unreadable(error)) {
      // The upstream answered, but not with something we can take: too much, or bytes that do
      // not decode. Before any message this is a bad answer (model-error); once the caller
      // holds part of a stream, it is the stream that broke.
      return phase === "stream" && this.delivered ? streamFault(error.message) : malformedAnswer(status, error.message);
    }
    if (phase === "connect") return unreachableFault();
    if (phase === "body") return malformedAnswer(status, "the connection broke before the body was complete");
    return streamFault("the connection broke before the stream was complete");
  }
}

function unreadable(error: unknown): error is Error {
  return error instanceof ResponseTooLarge || error instanceof SseEventTooLarge || error instanceof UnsupportedCoding || error instanceof UndecodableBody;
}
