import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { TLSSocket } from "node:tls";
import { Fault } from "../kernel/index.js";

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

export function exchangeOf(req: NodeRequest, res: NodeResponse): Exchange {
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
    readBody: (limit) => readBody(req, limit),
    send(status, headers, body) {
      if (res.headersSent) return;
      // A string goes out as it is: node writes the head and such a body in one piece.
      const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
      res.writeHead(status, { ...headers, "content-length": String(length) });
      res.end(body);
    },
    stream(status, headers) {
      res.writeHead(status, headers);
      return {
        write: (chunk) => new Promise<void>((resolve) => {
          if (res.destroyed || gone) return resolve();
          // ServerResponse and Http2ServerResponse both signal backpressure the same way.
          if ((res as ServerResponse).write(chunk)) resolve();
          else res.once("drain", resolve), res.once("close", resolve);
        }),
        end: () => { if (!res.destroyed) res.end(); },
      };
    },
  };
}

/** `::ffff:127.0.0.1` is how a dual-stack socket reports an IPv4 peer: policies see 127.0.0.1. */
export function normaliseAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

function readBody(req: NodeRequest, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    return Promise.reject(new Fault("payload-too-large", `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new Fault("payload-too-large", `Request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", () => reject(new Fault("validation", "The request body could not be read")));
  });
}
