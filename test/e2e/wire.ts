import { connect as h2connect } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as tlsConnect } from "node:tls";
import type { ConnectionOptions, TLSSocket } from "node:tls";

/**
 * Raw HTTP clients for the robustness tests: HTTP/1.1 and HTTP/2 through node's own clients
 * (which trust the server's CA and let a test choose every header and byte of the body), and a
 * bare TLS socket for what node's clients refuse to send at all.
 */
export interface RawRequest {
  readonly method: string;
  /** The request target as sent: still percent-encoded, query included. */
  readonly path: string;
  /** An array value is sent as repeated header lines (HTTP/1.1 only). */
  readonly headers: Record<string, string | string[]>;
  readonly body?: string | Uint8Array;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface Target { readonly url: string; readonly ca: string }

export function h1(t: Target, req: RawRequest): Promise<Answer> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const r = httpsRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, ca: t.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end(req.body);
  });
}

export function h2(t: Target, req: RawRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = h2connect(t.url, { ca: t.ca });
    session.on("error", reject);
    const headers: Record<string, string> = { ":method": req.method, ":path": req.path };
    // As the SDK over HTTP/2 does, `host` travels as an ordinary header beside :authority (it is signed).
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
    const stream = session.request(headers);
    const chunks: Buffer[] = [];
    let head: Record<string, string | string[] | undefined> = {};
    stream.on("response", (h) => { head = h as typeof head; });
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      session.close();
      resolve({ status: Number(head[":status"]), headers: head, body: Buffer.concat(chunks).toString("utf8") });
    });
    stream.on("error", (e) => { session.destroy(); reject(e); });
    stream.end(req.body);
  });
}

/** A TLS connection to the server, ALPN `http/1.1` unless told otherwise. */
export function tlsSocket(t: Target, extra: ConnectionOptions = {}): Promise<TLSSocket> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: t.ca, servername: "localhost", ALPNProtocols: ["http/1.1"], ...extra }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Writes raw bytes over HTTP/1.1 and returns everything the server sends until it closes or goes quiet. */
export async function rawH1(t: Target, bytes: string | Buffer, quietMs = 500): Promise<string> {
  const socket = await tlsSocket(t);
  return new Promise((resolve) => {
    let text = "";
    let timer = setTimeout(() => socket.destroy(), 5000);
    const done = (): void => { clearTimeout(timer); resolve(text); };
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on("close", done);
    socket.on("error", () => undefined);
    socket.write(bytes);
  });
}

/** The status, headers and body of a raw HTTP/1.1 response text. */
export function parseRaw(text: string): Answer {
  const end = text.indexOf("\r\n\r\n");
  const [statusLine, ...lines] = text.slice(0, end < 0 ? text.length : end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1] ?? 0), headers, body: end < 0 ? "" : text.slice(end + 4) };
}

export interface Trickled extends Answer {
  /** Body bytes written before the answer came. */
  readonly sent: number;
  readonly ms: number;
  /** Whether the whole body (up to `maxBytes`) had been sent and ended before the answer. */
  readonly ended: boolean;
}

/**
 * Sends the head of a request, then `chunkBytes` of body every `intervalMs` until the server
 * answers or `maxBytes` have gone (then ends the body). chunkBytes 0 sends no body at all.
 * Over HTTP/1.1 without a content-length header the body is chunked.
 */
export function trickle(t: Target, version: "1.1" | "2", head: Omit<RawRequest, "body">, o: { chunkBytes: number; intervalMs: number; maxBytes: number }): Promise<Trickled> {
  const started = performance.now();
  let sent = 0;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    const finish = (status: number, headers: Answer["headers"], chunks: Buffer[], close: () => void): void => {
      clearInterval(timer);
      resolve({ status, headers, body: Buffer.concat(chunks).toString("utf8"), sent, ms: performance.now() - started, ended });
      close();
    };
    const pump = (write: (b: Buffer) => void, end: () => void): void => {
      if (o.chunkBytes === 0) return;
      timer = setInterval(() => {
        if (sent >= o.maxBytes) { clearInterval(timer); ended = true; end(); return; }
        write(Buffer.alloc(o.chunkBytes, 0x61));
        sent += o.chunkBytes;
      }, o.intervalMs);
    };
    if (version === "2") {
      const session = h2connect(t.url, { ca: t.ca });
      session.on("error", () => undefined);
      const headers: Record<string, string> = { ":method": head.method, ":path": head.path };
      for (const [k, v] of Object.entries(head.headers)) headers[k.toLowerCase()] = String(v);
      const stream = session.request(headers, { endStream: false });
      stream.on("error", () => undefined);
      stream.on("response", (h) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => finish(Number(h[":status"]), h as Answer["headers"], chunks, () => session.destroy()));
      });
      pump((b) => stream.write(b), () => stream.end());
      return;
    }
    const url = new URL(t.url);
    const r = httpsRequest({ host: url.hostname, port: url.port, method: head.method, path: head.path, headers: head.headers, ca: t.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => finish(res.statusCode ?? 0, res.headers, chunks, () => r.destroy()));
    });
    r.on("error", reject); // after an answer (the server may close mid-body) this is a no-op
    r.flushHeaders();
    pump((b) => r.write(b), () => r.end());
  });
}
