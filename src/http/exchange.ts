import type { IncomingMessage, ServerResponse } from "node:http";
import { constants as http2 } from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
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

export function exchangeOf(req: NodeRequest, res: NodeResponse, body: BodyPolicy): Exchange {
  const arrived = performance.now();
  const rawTarget = req.url ?? "/";
  const q = rawTarget.indexOf("?");
  const socket = req.socket as Partial<TLSSocket> | null;
  const encrypted = socket?.encrypted === true;
  const cipher = encrypted ? socket.getCipher?.() : undefined;
  // Made when first asked for: an AbortSignal costs microseconds, and requests answered before
  // any work starts (health, refusals) never need one.
  let controller: AbortController | undefined;
  let gone = false;
  // writableEnded, not writableFinished: an HTTP/2 stream reset by the client reports itself
  // finished at close, though we never ended it.
  const onClose = (): void => {
    if (res.writableEnded) return;
    gone = true;
    controller?.abort();
  };
  res.once("close", onClose);
  const signal = (): AbortSignal => {
    if (controller === undefined) {
      controller = new AbortController();
      if (gone) controller.abort();
    }
    return controller.signal;
  };
  let rawHeaders: Array<readonly [string, string]> | undefined;
  // A client whose body stalled is not waited for after the answer: the HTTP/1.1 connection
  // closes (its framing is lost mid-body), the HTTP/2 stream is reset (NO_ERROR, as RFC 9113
  // §8.1 has a server do when it answers before the request is complete).
  let closeAfterAnswer = false;
  const http1 = !("stream" in req);
  const giveUp = (): void => {
    if (!res.headersSent) closeAfterAnswer = true;
    else if (http1) closeSoon(req.socket);
    else (req as Http2ServerRequest).stream.close(http2.NGHTTP2_NO_ERROR);
  };
  const answered = (): void => {
    if (closeAfterAnswer && !http1) (req as Http2ServerRequest).stream.close(http2.NGHTTP2_NO_ERROR);
  };
  const head = (headers: Record<string, string>): Record<string, string> =>
    closeAfterAnswer && http1 ? { ...headers, connection: "close" } : headers;

  return {
    method: req.method ?? "GET",
    rawTarget,
    rawPath: q < 0 ? rawTarget : rawTarget.slice(0, q),
    rawQuery: q < 0 ? "" : rawTarget.slice(q + 1),
    get rawHeaders() { return (rawHeaders ??= pairs(req.rawHeaders)); },
    header(name) {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    },
    socketAddress: normaliseAddress(socket?.remoteAddress ?? ""),
    tls: encrypted ? { protocol: socket.getProtocol?.() ?? "unknown", cipher: cipher?.standardName ?? cipher?.name ?? "unknown" } : undefined,
    httpVersion: req.httpVersion,
    get signal() { return signal(); },
    readBody: (limit) => readBody(req, limit, {
      claim: body.budget.claim(body.connection), idleMs: body.idleMs, deadline: arrived + body.requestTimeoutMs, abandon: giveUp,
    }),
    send(status, headers, content) {
      if (res.headersSent) return;
      // A string goes out as it is: node writes the head and such a body in one piece.
      const length = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
      res.writeHead(status, head({ ...headers, "content-length": String(length) }));
      res.end(content);
      answered();
    },
    stream(status, headers) {
      res.writeHead(status, head(headers));
      return {
        write: (chunk) => new Promise<void>((resolve) => {
          if (res.destroyed || gone) return resolve();
          // ServerResponse and Http2ServerResponse both signal backpressure the same way.
          if ((res as ServerResponse).write(chunk)) return resolve();
          // Both listeners go when either fires: a long answer to a slow reader would otherwise
          // pile up one 'close' listener per wait.
          const done = (): void => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        }),
        end: () => {
          if (!res.destroyed) res.end();
          answered();
        },
      };
    },
  };
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
