import { isFault } from "../../kernel/index.js";
import { closedFault, malformedAnswer, safeCode, statusFault, streamFault, timeoutFault, unreachableFault } from "./faults.js";
import { SseDecoder, SseLineTooLong } from "./sse.js";
import type { SseMessage } from "./sse.js";

/** One POST to a provider. Headers include the credential, added by the adapter's client. */
export interface UpstreamPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The caller's signal: aborting it cancels the upstream request. */
  readonly signal: AbortSignal;
}

export interface HttpUpstreamOptions {
  /**
   * Bounds a whole non-streaming call; for a stream, the wait for its headers and for each next
   * chunk, so a long generation that keeps producing tokens is not cut off.
   */
  readonly timeoutMs: number;
  /** Picks the provider's error code (never its message) out of a parsed error body. */
  readonly errorCode: (body: unknown) => unknown;
}

type Phase = "connect" | "body" | "stream";

/** The cancellation state of one call: the caller's signal, our timer and provider close. */
class Attempt {
  readonly controller = new AbortController();
  readonly caller: AbortSignal;
  readonly timeoutMs: number;
  timedOut = false;
  closed = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #onAbort = (): void => this.controller.abort(this.caller.reason);

  constructor(caller: AbortSignal, timeoutMs: number) {
    this.caller = caller;
    this.timeoutMs = timeoutMs;
    caller.addEventListener("abort", this.#onAbort, { once: true });
  }

  arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => { this.timedOut = true; this.controller.abort(); }, this.timeoutMs);
  }

  disarm(): void {
    clearTimeout(this.#timer);
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
  }

  dispose(): void {
    this.disarm();
    this.caller.removeEventListener("abort", this.#onAbort);
    this.controller.abort(); // releases the socket if the body was not read to the end
  }

  /** What to throw for an error raised while the call was in `phase`. */
  failure(error: unknown, phase: Phase, status = 200): unknown {
    // The caller cancelled: hand back its own reason, as fetch does, so it recognises it.
    if (this.caller.aborted) return this.caller.reason;
    if (this.timedOut) return timeoutFault(this.timeoutMs);
    if (this.closed) return closedFault();
    if (isFault(error)) return error;
    if (error instanceof SseLineTooLong) return streamFault("an event line exceeded the size limit");
    if (phase === "connect") return unreachableFault();
    if (phase === "body") return malformedAnswer(status, "the connection broke before the body was complete");
    return streamFault("the connection broke before the stream was complete");
  }
}

/** POSTs JSON to one provider over node's global fetch, mapping every failure to a Fault. */
export class HttpUpstream {
  readonly #options: HttpUpstreamOptions;
  readonly #inflight = new Set<Attempt>();
  #closed = false;

  constructor(options: HttpUpstreamOptions) {
    this.#options = options;
  }

  async postJson(post: UpstreamPost): Promise<unknown> {
    const attempt = this.#begin(post.signal);
    try {
      const response = await this.#send(attempt, post);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw attempt.failure(error, "body", response.status);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw malformedAnswer(response.status, "the body is not JSON");
      }
    } finally {
      this.#end(attempt);
    }
  }

  async *postSse(post: UpstreamPost): AsyncGenerator<SseMessage> {
    const attempt = this.#begin(post.signal);
    try {
      const response = await this.#send(attempt, post);
      if (!response.body) throw streamFault("the answer has no body");
      const reader = response.body.getReader();
      const decoder = new SseDecoder();
      for (;;) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        attempt.arm(); // the timer runs only while we wait on the upstream, not on our consumer
        try {
          read = await reader.read();
          if (read.done) break;
        } catch (error) {
          throw attempt.failure(error, "stream");
        } finally {
          attempt.disarm();
        }
        let messages: SseMessage[];
        try {
          messages = decoder.push(read.value);
        } catch (error) {
          throw attempt.failure(error, "stream");
        }
        yield* messages;
      }
      yield* decoder.end();
    } finally {
      this.#end(attempt); // also runs when the consumer stops early: the upstream is cancelled
    }
  }

  /** Cancels calls in flight and refuses new ones. Sockets belong to node's shared fetch pool. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const attempt of this.#inflight) attempt.close();
  }

  #begin(signal: AbortSignal): Attempt {
    if (signal.aborted) throw signal.reason;
    if (this.#closed) throw closedFault();
    const attempt = new Attempt(signal, this.#options.timeoutMs);
    this.#inflight.add(attempt);
    return attempt;
  }

  #end(attempt: Attempt): void {
    attempt.dispose();
    this.#inflight.delete(attempt);
  }

  async #send(attempt: Attempt, post: UpstreamPost): Promise<Response> {
    attempt.arm();
    let response: Response;
    try {
      response = await fetch(post.url, {
        method: "POST",
        headers: { ...post.headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify(post.body),
        signal: attempt.controller.signal,
        // A provider API never redirects a POST; following one could carry the key elsewhere.
        redirect: "error",
      });
    } catch (error) {
      attempt.disarm();
      throw attempt.failure(error, "connect");
    }
    if (response.ok) return response;
    const code = safeCode(this.#options.errorCode(await errorBody(response)));
    attempt.disarm();
    throw attempt.caller.aborted || attempt.timedOut ? attempt.failure(undefined, "body") : statusFault(response.status, code);
  }
}

/** The parsed error body, or undefined: it is only ever searched for an error code. */
async function errorBody(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}
