import { Agent as HttpAgent, request as httpRequest } from "node:http";
import type { AgentOptions, ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { extended } from "../../kernel/index.js";

/**
 * The HTTP client of one provider: node:http(s) requests over keep-alive agents that belong to
 * this instance (so closing a provider closes its connections and nothing else). node's global
 * fetch cost several times as much CPU per call, most of it in WHATWG streams and signals.
 */
const AGENT: AgentOptions = {
  keepAlive: true,
  // Idle sockets close before a server's usual 5 s keep-alive timeout, so that a request is not
  // sent on a socket the server is closing (the agent also honours a `Keep-Alive: timeout=` hint).
  timeout: 4_000,
  scheduling: "lifo",
};

/** The headers every call carries, as fetch sent them; the caller's come first. */
const FIXED = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "accept-encoding": "gzip, deflate",
  "user-agent": "node",
};

interface Target {
  readonly https: boolean;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
}

/** A provider posts to a handful of URLs; parsing each once is enough. */
const MAX_TARGETS = 64;

const ignore = (): void => undefined;

export class Transport {
  #http: HttpAgent | undefined;
  #https: HttpsAgent | undefined;
  readonly #targets = new Map<string, Target>();

  /** Sends the POST; `started` receives the request at once, so that it can be cancelled. */
  post(url: string, headers: Readonly<Record<string, string>>, body: string, started: (request: ClientRequest) => void): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const target = this.#target(url);
      const options: RequestOptions = {
        method: "POST",
        hostname: target.hostname,
        ...(target.port !== "" ? { port: target.port } : {}),
        path: target.path,
        headers: extended(headers, FIXED, { "content-length": String(Buffer.byteLength(body)) }),
        agent: target.https ? (this.#https ??= new HttpsAgent(AGENT)) : (this.#http ??= new HttpAgent(AGENT)),
      };
      const request = target.https ? httpsRequest(options) : httpRequest(options);
      started(request);
      // Kept for the request's whole life: a socket error may also be reported after the answer.
      request.on("error", reject);
      // Every request closes, most of them long after their answer: the Error (and its stack
      // trace, a measurable cost per call) is made only when there is no answer to keep.
      let answered = false;
      request.once("close", () => {
        if (!answered) reject(new Error("the request closed before an answer"));
      });
      request.once("response", (response) => {
        answered = true;
        response.on("error", ignore); // the readers see errors too; this only keeps one from being unhandled
        resolve(response);
      });
      request.end(body);
    });
  }

  /** Closes every connection, idle or in use. */
  destroy(): void {
    this.#http?.destroy();
    this.#https?.destroy();
  }

  #target(url: string): Target {
    let target = this.#targets.get(url);
    if (target) return target;
    const parsed = new URL(url);
    // As fetch: only http(s), and never credentials in the URL.
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new TypeError("unsupported URL scheme");
    if (parsed.username !== "" || parsed.password !== "") throw new TypeError("a URL with credentials");
    target = {
      https: parsed.protocol === "https:",
      hostname: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), // IPv6 literals go without brackets
      port: parsed.port,
      path: parsed.pathname + parsed.search,
    };
    if (this.#targets.size >= MAX_TARGETS) this.#targets.clear();
    this.#targets.set(url, target);
    return target;
  }
}
