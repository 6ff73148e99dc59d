import type { Readable } from "node:stream";
import { Attempt } from "./attempt.js";
import { bodyOf, readText } from "./body.js";
import { closedFault, malformedAnswer, safeCode, statusFault } from "./faults.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { ResponseLimits } from "./limits.js";
import { SseDecoder } from "./sse.js";
import type { SseMessage } from "./sse.js";
import { Transport } from "./transport.js";
import type { UpstreamResponse } from "./transport.js";

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
  /** Overrides of the size limits on answers (see limits.ts); the defaults suit every provider. */
  readonly limits?: Partial<ResponseLimits>;
}

/** Statuses fetch would follow. A provider API never redirects a POST; following one could carry the key elsewhere. */
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** POSTs JSON to one provider over its own keep-alive connections, mapping every failure to a Fault. */
export class HttpUpstream {
  readonly #options: HttpUpstreamOptions;
  readonly #limits: ResponseLimits;
  readonly #transport = new Transport();
  readonly #inflight = new Set<Attempt>();
  #closed = false;

  constructor(options: HttpUpstreamOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  async postJson(post: UpstreamPost): Promise<unknown> {
    const attempt = this.#begin(post.signal);
    try {
      const { body, status } = await this.#send(attempt, post, "the answer", this.#limits.body);
      let text: string;
      try {
        text = await readText(body);
      } catch (error) {
        throw attempt.failure(error, "body", status);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw malformedAnswer(status, "the body is not JSON");
      }
    } finally {
      this.#end(attempt);
    }
  }

  async *postSse(post: UpstreamPost): AsyncGenerator<SseMessage> {
    const attempt = this.#begin(post.signal);
    try {
      const { body } = await this.#send(attempt, post, "the stream", this.#limits.stream);
      const reader = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const decoder = new SseDecoder(this.#limits.event);
      for (;;) {
        let read: IteratorResult<Buffer>;
        attempt.arm(); // the timer runs only while we wait on the upstream, not on our consumer
        try {
          read = await reader.next();
        } catch (error) {
          throw attempt.failure(error, "stream");
        } finally {
          attempt.disarm();
        }
        if (read.done) break;
        let messages: SseMessage[];
        try {
          messages = decoder.push(read.value);
        } catch (error) {
          throw attempt.failure(error, "stream");
        }
        if (messages.length > 0) attempt.delivered = true;
        yield* messages;
      }
      // A stream that ended without its whole message (destroyed, cut) is not an answer.
      if (attempt.response?.body.readableEnded !== true) throw attempt.failure(undefined, "stream");
      let last: SseMessage[];
      try {
        last = decoder.end();
      } catch (error) {
        throw attempt.failure(error, "stream");
      }
      yield* last;
    } finally {
      this.#end(attempt); // also runs when the consumer stops early: the upstream is cancelled
    }
  }

  /** Cancels calls in flight, refuses new ones and closes this provider's connections. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const attempt of this.#inflight) attempt.close();
    this.#transport.destroy();
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

  /**
   * The answer's body (decoded, at most `limit` bytes, `what` naming it in the fault) when its
   * status is 2xx; otherwise the Fault its status maps to.
   */
  async #send(attempt: Attempt, post: UpstreamPost, what: string, limit: number): Promise<{ body: Readable; status: number }> {
    attempt.arm();
    try {
      const body = JSON.stringify(post.body);
      attempt.response = await this.#transport.post(post.url, post.headers, body, (cancel) => (attempt.cancel = cancel));
    } catch (error) {
      attempt.disarm();
      throw attempt.failure(error, "connect");
    }
    const status = attempt.response.statusCode;
    if (status >= 200 && status < 300) {
      try {
        return { body: bodyOf(attempt.response, what, limit), status };
      } catch (error) {
        throw attempt.failure(error, "body", status);
      }
    }
    if (REDIRECT.has(status)) {
      attempt.disarm();
      throw attempt.failure(new TypeError("unexpected redirect"), "connect"); // as fetch with redirect: "error"
    }
    const code = safeCode(this.#options.errorCode(await errorBody(attempt.response, this.#limits.errorBody)));
    attempt.disarm();
    throw attempt.caller.aborted || attempt.timedOut ? attempt.failure(undefined, "body") : statusFault(status, code);
  }
}

/** The parsed error body, or undefined: it is only ever searched for an error code. */
async function errorBody(response: UpstreamResponse, limit: number): Promise<unknown> {
  try {
    return JSON.parse(await readText(bodyOf(response, "the error answer", limit))) as unknown;
  } catch {
    return undefined;
  }
}
