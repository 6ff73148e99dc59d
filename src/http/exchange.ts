import type { IncomingMessage, ServerResponse } from "node:http";
import { constants as http2 } from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { extended } from "../kernel/index.js";
import type { ClientWatch } from "../kernel/index.js";
import type { BodyBudget, ConnectionAccount } from "./body-budget.js";
import { readBody } from "./read-body.js";

/**
 * One HTTP exchange, the same over HTTP/1.1 and HTTP/2, seen through the small surface the
 * pipeline needs. It keeps the raw target and raw header list because SigV4 signs them as sent.
 */
export type NodeRequest = IncomingMessage | Http2ServerRequest;
export type NodeResponse = ServerResponse | Http2ServerResponse;

export interface Exchange {
  readonly method: string;
  /** Path and query exactly as received (still percent-encoded). */
  readonly rawTarget: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Header list as received: names as sent, duplicates separate, HTTP/2 pseudo-headers included. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  header(name: string): string | undefined;
  readonly socketAddress: string;
  readonly tls: { readonly protocol: string; readonly cipher: string } | undefined;
  readonly httpVersion: string;
  /** Aborted when the client goes away before the response is complete. */
  readonly signal: AbortSignal;
  /** The same, without an AbortSignal (made only when `signal` is read). */
  readonly clientGone: ClientWatch;
  readBody(limit: number): Promise<Buffer>;
  send(status: number, headers: Record<string, string>, body: string | Uint8Array): void;
  /** Starts a streamed response; `write` resolves when the peer can take more (backpressure). */
  stream(status: number, headers: Record<string, string>): StreamSink;
}

export interface StreamSink {
  write(chunk: Uint8Array): Promise<void>;
  end(): void;
}

function pairs(raw: readonly string[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** How an exchange's body is received (see read-body.ts). */
export interface BodyPolicy {
  readonly budget: BodyBudget;
  /** The connection the request came on, whose share of the budget it draws from. */
  readonly connection: ConnectionAccount;
  readonly idleMs: number;
  /** From the request's arrival to its last byte. */
  readonly requestTimeoutMs: number;
}

/** The connection a request came on: over HTTP/2 `req.socket` is a fresh proxy per request, so the session. */
export function connectionOf(req: NodeRequest): object {
  return ("stream" in req ? req.stream.session : undefined) ?? req.socket;
}

/**
 * `stalledReaderMs`: how long a streamed answer waits for its client to take more before giving
 * up on it (the server's idle timeout). The connection's own idle timeout does not cover this
 * over HTTP/2: a client that keeps its session busy (PINGs, other streams) but never reads one
 * stream would otherwise hold what the answer holds (a place of its provider's capacity, say) for
 * as long as it likes.
 */
export function exchangeOf(req: NodeRequest, res: NodeResponse, body: BodyPolicy, stalledReaderMs?: number): Exchange {
  return new NodeExchange(req, res, body, stalledReaderMs);
}

/**
 * A class, not an object literal with getters: V8 made each such literal a dictionary-mode
 * object, and every request's objects (reached through the getters' closures: the request, the
 * response, the socket) survived the scavenges and were promoted, ~0.5 MB per scavenge on
 * `/health` alone (docs/PERFORMANCE.md, "Promoted requests"). Here the accessors are the
 * prototype's, shared by every exchange.
 */
class NodeExchange implements Exchange {
  readonly method: string;
  readonly rawTarget: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly socketAddress: string;
  readonly tls: { readonly protocol: string; readonly cipher: string } | undefined;
  readonly httpVersion: string;
  readonly #req: NodeRequest;
  readonly #res: NodeResponse;
  readonly #body: BodyPolicy;
  readonly #stalledReaderMs: number | undefined;
  readonly #arrived = performance.now();
  readonly #http1: boolean;
  // Made when first asked for: node's AbortSignal costs three hidden classes of its own, and most
  // requests need only `clientGone`.
  #controller: AbortController | undefined;
  readonly clientGone = new ClientLeft();
  #rawHeaders: Array<readonly [string, string]> | undefined;
  // A client whose body stalled is not waited for after the answer: the HTTP/1.1 connection
  // closes (its framing is lost mid-body), the HTTP/2 stream is reset (NO_ERROR, as RFC 9113
  // §8.1 has a server do when it answers before the request is complete).
  #closeAfterAnswer = false;

  constructor(req: NodeRequest, res: NodeResponse, body: BodyPolicy, stalledReaderMs?: number) {
    this.#req = req;
    this.#res = res;
    this.#body = body;
    this.#stalledReaderMs = stalledReaderMs;
    this.#http1 = !("stream" in req);
    const rawTarget = req.url ?? "/";
    const q = rawTarget.indexOf("?");
    this.method = req.method ?? "GET";
    this.rawTarget = rawTarget;
    this.rawPath = q < 0 ? rawTarget : rawTarget.slice(0, q);
    this.rawQuery = q < 0 ? "" : rawTarget.slice(q + 1);
    const socket = req.socket as Partial<TLSSocket> | null;
    this.socketAddress = normaliseAddress(socket?.remoteAddress ?? "");
    if (socket?.encrypted === true) {
      const cipher = socket.getCipher?.();
      this.tls = { protocol: socket.getProtocol?.() ?? "unknown", cipher: cipher?.standardName ?? cipher?.name ?? "unknown" };
    } else {
      this.tls = undefined;
    }
    this.httpVersion = req.httpVersion;
    // writableEnded, not writableFinished: an HTTP/2 stream reset by the client reports itself
    // finished at close, though we never ended it.
    res.once("close", () => {
      if (res.writableEnded) return;
      this.clientGone.leave();
      this.#controller?.abort();
    });
  }

  get rawHeaders(): ReadonlyArray<readonly [string, string]> {
    return (this.#rawHeaders ??= pairs(this.#req.rawHeaders));
  }

  header(name: string): string | undefined {
    const v = this.#req.headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.clientGone.aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  readBody(limit: number): Promise<Buffer> {
    const body = this.#body;
    return readBody(this.#req, limit, {
      claim: body.budget.claim(body.connection), idleMs: body.idleMs, deadline: this.#arrived + body.requestTimeoutMs, abandon: () => this.#giveUp(),
    });
  }

  send(status: number, headers: Record<string, string>, content: string | Uint8Array): void {
    const res = this.#res;
    if (res.headersSent) return;
    // A string goes out as it is: node writes the head and such a body in one piece.
    const length = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
    res.writeHead(status, this.#head(extended(headers, { "content-length": String(length) })));
    res.end(content);
    this.#answered();
  }

  stream(status: number, headers: Record<string, string>): StreamSink {
    const res = this.#res;
    res.writeHead(status, this.#head(headers));
    return {
      write: (chunk) => new Promise<void>((resolve) => {
        if (res.destroyed || this.clientGone.aborted) return resolve();
        // ServerResponse and Http2ServerResponse both signal backpressure the same way.
        if ((res as ServerResponse).write(chunk)) return resolve();
        // Both listeners go when either fires: a long answer to a slow reader would otherwise
        // pile up one 'close' listener per wait.
        // A client that takes nothing more for the idle timeout has stopped reading: the stream
        // is reset, which is the client leaving (the 'close' below), so the answer ends.
        const stalled = this.#stalledReaderMs === undefined ? undefined : setTimeout(() => res.destroy(), this.#stalledReaderMs).unref();
        const done = (): void => {
          clearTimeout(stalled);
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      }),
      end: () => {
        if (!res.destroyed) res.end();
        this.#answered();
      },
    };
  }

  #giveUp(): void {
    if (!this.#res.headersSent) this.#closeAfterAnswer = true;
    else if (this.#http1) closeSoon(this.#req.socket);
    else (this.#req as Http2ServerRequest).stream.close(http2.NGHTTP2_NO_ERROR);
  }

  #answered(): void {
    if (this.#closeAfterAnswer && !this.#http1) (this.#req as Http2ServerRequest).stream.close(http2.NGHTTP2_NO_ERROR);
  }

  #head(headers: Record<string, string>): Record<string, string> {
    return this.#closeAfterAnswer && this.#http1 ? extended(headers, { connection: "close" }) : headers;
  }
}

/**
 * The client leaving, heard without an AbortSignal. Listeners run once, in the order they came;
 * one that throws is reported as an EventTarget's would be (an uncaught exception, after the
 * others have run), not in the middle of the response's close.
 */
export class ClientLeft implements ClientWatch {
  #aborted = false;
  #listeners: (() => void)[] = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  addEventListener(_type: "abort", listener: () => void): void {
    if (!this.#aborted) this.#listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const at = this.#listeners.indexOf(listener);
    if (at >= 0) this.#listeners.splice(at, 1);
  }

  leave(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** `::ffff:127.0.0.1` is how a dual-stack socket reports an IPv4 peer: policies see 127.0.0.1. */
export function normaliseAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** Ends an HTTP/1.1 connection after what is queued on it, or at once if the client takes nothing for a second. */
function closeSoon(socket: Socket | null): void {
  if (socket === null || socket.destroyed) return;
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}
