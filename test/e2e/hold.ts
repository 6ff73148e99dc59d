import { connect as h2connect } from "node:http2";
import type { ClientHttp2Session, ClientHttp2Stream } from "node:http2";
import { request as httpsRequest } from "node:https";
import type { ClientRequest } from "node:http";
import type { Answer, RawRequest, Target } from "./wire.js";

/**
 * A request whose body the test sends by hand, for the limits on bodies being received: it
 * can stall (send nothing more), trickle a byte at a time, or go away, and says when the server
 * answers and when it closes the connection (HTTP/1.1) or the stream (HTTP/2) under it.
 */
export interface Held {
  readonly answer: Promise<Answer>;
  /** Settles when the server (or the client) closes the HTTP/1.1 socket or the HTTP/2 stream. */
  readonly closed: Promise<void>;
  write(bytes: number): void;
  /** One byte every `ms` until released or answered. */
  trickle(ms: number): void;
  /** The client goes away (socket or session destroyed). */
  release(): void;
}

export interface HoldOptions {
  /** Body bytes sent with the head; default none. */
  readonly first?: number;
  /** HTTP/2 only: another request on this session rather than a new one. */
  readonly session?: ClientHttp2Session;
}

export function hold(t: Target, version: "1.1" | "2", head: Omit<RawRequest, "body">, o: HoldOptions = {}): Held {
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => clearInterval(timer);
  const bytes = (n: number): Buffer => Buffer.alloc(n, 0x61);
  const collect = (status: () => number, headers: () => Answer["headers"], source: NodeJS.ReadableStream, resolve: (a: Answer) => void): void => {
    const chunks: Buffer[] = [];
    source.on("data", (c: Buffer) => chunks.push(c));
    source.on("end", () => resolve({ status: status(), headers: headers(), body: Buffer.concat(chunks).toString("utf8") }));
  };
  if (version === "2") {
    const session = o.session ?? h2connect(t.url, { ca: t.ca });
    session.on("error", () => undefined);
    const headers: Record<string, string> = { ":method": head.method, ":path": head.path };
    for (const [k, v] of Object.entries(head.headers)) headers[k.toLowerCase()] = String(v);
    const stream: ClientHttp2Stream = session.request(headers, { endStream: false });
    stream.on("error", () => undefined);
    if (o.first) stream.write(bytes(o.first));
    const answer = new Promise<Answer>((resolve) => {
      stream.on("response", (h) => { stop(); collect(() => Number(h[":status"]), () => h as Answer["headers"], stream, resolve); });
    });
    return {
      answer,
      closed: new Promise((resolve) => stream.once("close", () => { stop(); resolve(); })),
      write: (n) => { stream.write(bytes(n)); },
      trickle: (ms) => { timer = setInterval(() => stream.write(bytes(1)), ms); },
      release: () => { stop(); if (o.session) stream.close(); else session.destroy(); },
    };
  }
  const url = new URL(t.url);
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve) => {
    req = httpsRequest({ host: url.hostname, port: url.port, method: head.method, path: head.path, headers: head.headers, ca: t.ca, agent: false }, (res) => {
      stop();
      collect(() => res.statusCode ?? 0, () => res.headers, res, resolve);
    });
  });
  req.on("error", () => undefined);
  req.flushHeaders();
  if (o.first) req.write(bytes(o.first));
  const closed = new Promise<void>((resolve) => req.once("socket", (s) => s.once("close", () => { stop(); resolve(); })));
  return {
    answer,
    closed,
    write: (n) => { req.write(bytes(n)); },
    trickle: (ms) => { timer = setInterval(() => req.write(bytes(1)), ms); },
    release: () => { stop(); req.destroy(); },
  };
}

/** Whether `p` settles within `ms`. */
export function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
}
