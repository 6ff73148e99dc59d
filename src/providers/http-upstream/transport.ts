import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import { Agent } from "undici";
import { extended } from "../../kernel/index.js";

/**
 * The HTTP client of one provider: undici's connection pools (one Agent per instance, so closing
 * a provider closes its connections and nothing else). node:http's ClientRequest and agent cost
 * about twice the CPU per call (measured against the bench's instant upstream: ~137 against
 * ~72 µs), and node's global fetch several times as much again (WHATWG streams and signals).
 */
const AGENT: Agent.Options = {
  // Idle connections close before a server's usual 5 s keep-alive timeout, so that a request is
  // not sent on a connection the server is closing (undici also honours a `Keep-Alive: timeout=` hint).
  keepAliveTimeout: 4_000,
  keepAliveMaxTimeout: 4_000,
  // Our own timers bound every wait (Attempt); undici's would only race them.
  headersTimeout: 0,
  bodyTimeout: 0,
};

/** The headers every call carries, as fetch sent them; the caller's come first. */
const FIXED = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "accept-encoding": "gzip, deflate",
  "user-agent": "node",
};

/** One answer: its status, headers and body (not decoded: body.ts decodes and bounds it). */
export interface UpstreamResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
}

interface Target {
  readonly origin: string;
  readonly path: string;
}

const ignore = (): void => undefined;

/** A provider posts to a handful of URLs; parsing each once is enough. */
const MAX_TARGETS = 64;

export class Transport {
  #agent: Agent | undefined;
  readonly #targets = new Map<string, Target>();

  /**
   * Sends the POST; `started` receives at once what cancels it (before its answer, the request;
   * after, the body's connection).
   */
  async post(url: string, headers: Readonly<Record<string, string>>, body: string, started: (cancel: () => void) => void): Promise<UpstreamResponse> {
    const target = this.#target(url);
    // undici listens for "abort" on an EventEmitter as on a signal: no AbortSignal per call.
    const signal = new EventEmitter();
    let answer: UpstreamResponse | undefined;
    started(() => {
      if (answer === undefined) signal.emit("abort");
      else answer.body.destroy();
    });
    const agent = (this.#agent ??= new Agent(AGENT));
    const response = await agent.request({
      origin: target.origin, path: target.path, method: "POST", body, signal,
      headers: extended(headers, FIXED),
    });
    // The readers see errors too; this only keeps one from being unhandled (a body destroyed
    // unread, an error answer or a redirect left, reports its abort as an error).
    response.body.on("error", ignore);
    answer = { statusCode: response.statusCode, headers: response.headers, body: response.body };
    return answer;
  }

  /** Closes every connection, idle or in use. */
  destroy(): void {
    void this.#agent?.destroy().catch(() => undefined);
  }

  #target(url: string): Target {
    let target = this.#targets.get(url);
    if (target) return target;
    const parsed = new URL(url);
    // As fetch: only http(s), and never credentials in the URL.
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TypeError("unsupported URL scheme");
    if (parsed.username !== "" || parsed.password !== "") throw new TypeError("a URL with credentials");
    target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
    if (this.#targets.size >= MAX_TARGETS) this.#targets.clear();
    this.#targets.set(url, target);
    return target;
  }
}
