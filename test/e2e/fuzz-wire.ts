import { Agent, request as httpsRequest } from "node:https";
import { connect as h2connect, constants } from "node:http2";
import type { ClientHttp2Session } from "node:http2";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { XMLParser } from "fast-xml-parser";
import { protocolOf } from "./fuzz-surfaces.js";
import type { FuzzRequest, WireProtocol } from "./fuzz-surfaces.js";
import { needles } from "./scan.js";
import { tlsSocket } from "./wire.js";
import type { RawRequest, Target } from "./wire.js";

/**
 * Sending the fuzz test's requests many at a time (keep-alive HTTP/1.1 connections and one
 * multiplexed HTTP/2 session, so thousands of requests cost few handshakes), each with a
 * deadline, and judging each answer: never a 5xx, never a hang, an error in the shape of the
 * surface's own protocol, no canary and no stack frame anywhere in it.
 */
export interface FuzzAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** What node's own clients refuse to send (a header value they consider invalid): not the server's business. */
export class Unsendable extends Error {}

class Reused extends Error {}

/** A refusal below HTTP (an HTTP/2 stream refused for its size): a proper answer to what was sent. */
export class Refused extends Error {}

const headerBytes = (headers: Record<string, string>): number => Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 32, 0);

const KEEP = 1 << 20; // enough of any answer to judge it

export class Wire {
  readonly #agent: Agent;
  #session: ClientHttp2Session | undefined;

  constructor(private readonly target: Target, private readonly deadlineMs: number) {
    // Idle connections are let go well before the server's keep-alive timeout (5 s) would close them under us.
    this.#agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 1000, ca: target.ca });
  }

  send(req: RawRequest, h2: boolean): Promise<FuzzAnswer> {
    return h2 ? this.#h2(req) : this.#h1(req);
  }

  close(): void {
    this.#agent.destroy();
    this.#session?.close();
  }

  async #h1(req: RawRequest): Promise<FuzzAnswer> {
    try {
      return await this.#h1once(req);
    } catch (e) {
      // A kept-alive connection the server closed just as we reused it (node's documented race): once more, afresh.
      if (e instanceof Reused) return this.#h1once(req);
      throw e;
    }
  }

  #h1once(req: RawRequest): Promise<FuzzAnswer> {
    const url = new URL(this.target.url);
    return new Promise((resolve, reject) => {
      let r: ReturnType<typeof httpsRequest>;
      try {
        r = httpsRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent: this.#agent }, (res) => {
          collect(res, (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
        });
      } catch (e) {
        return reject(new Unsendable(String(e)));
      }
      const timer = setTimeout(() => r.destroy(new Error(`no answer within ${this.deadlineMs} ms (a hang)`)), this.deadlineMs);
      r.on("close", () => clearTimeout(timer));
      r.on("error", (e: Error & { code?: string }) => reject(r.reusedSocket && e.code === "ECONNRESET" ? new Reused(e.message) : e));
      r.end(req.body);
    });
  }

  #h2(req: RawRequest): Promise<FuzzAnswer> {
    if (!this.#session || this.#session.closed || this.#session.destroyed) {
      this.#session = h2connect(this.target.url, { ca: this.target.ca });
      this.#session.on("error", () => undefined); // each stream reports its own failure
    }
    const session = this.#session;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ":method": req.method, ":path": req.path };
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
      let stream: ReturnType<ClientHttp2Session["request"]>;
      try {
        // node ends a GET's stream at once unless told otherwise; a mutated GET may carry a body.
        stream = session.request(headers, { endStream: false });
      } catch (e) {
        return reject(new Unsendable(String(e)));
      }
      const timer = setTimeout(() => { stream.close(constants.NGHTTP2_CANCEL); reject(new Error(`no answer within ${this.deadlineMs} ms (a hang)`)); }, this.deadlineMs);
      stream.on("response", (head) => {
        collect(stream, (body) => { clearTimeout(timer); resolve({ status: Number(head[":status"]), headers: head as FuzzAnswer["headers"], body }); }, reject);
      });
      stream.on("error", (e) => {
        clearTimeout(timer);
        // HTTP/2's own refusal of a header block larger than the peer accepts (a 200 KB path) is a refusal, not silence.
        const refused = stream.rstCode === constants.NGHTTP2_REFUSED_STREAM && headerBytes(headers) > 60_000;
        reject(refused ? new Refused("HTTP/2 REFUSED_STREAM") : e);
      });
      stream.end(req.body);
    });
  }
}

function collect(stream: NodeJS.ReadableStream, done: (body: Buffer) => void, fail: (e: Error) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on("data", (c: Buffer) => { if (size < KEEP) { chunks.push(c); size += c.length; } });
  stream.on("end", () => done(Buffer.concat(chunks)));
  stream.on("error", fail);
}

/**
 * Raw bytes over a fresh TLS connection; everything the server sends until it closes, or until
 * it has been quiet for `idleMs` (a request that declares more body than it sends is, rightly,
 * still waiting for it).
 */
export async function rawExchange(target: Target, bytes: Buffer, idleMs: number): Promise<string> {
  const socket = await tlsSocket(target);
  return new Promise((resolve) => {
    let text = "";
    let timer = setTimeout(() => socket.destroy(), idleMs);
    socket.on("data", (d: Buffer) => { text += d.toString("latin1"); clearTimeout(timer); timer = setTimeout(() => socket.destroy(), idleMs); });
    socket.on("close", () => { clearTimeout(timer); resolve(text); });
    socket.on("error", () => undefined);
    socket.write(bytes);
  });
}

const STACK_FRAME = /\n\s+at |\s{4}at \S|\.[cm]?js:\d+:\d+/;
const xml = new XMLParser({ processEntities: true });

/** Why an answer breaks the fuzz test's properties (empty: it does not). */
export function problemsWith(req: FuzzRequest, a: FuzzAnswer, canary: readonly Buffer[]): string[] {
  const out: string[] = [];
  if (a.status < 200 || a.status >= 500) out.push(`status ${a.status}`);
  const head = Buffer.from(JSON.stringify(a.headers));
  if (canary.some((n) => head.includes(n))) out.push("the content canary is in a header of the answer");
  // A success may carry content back by design (Cohere's embed answer repeats its texts); an error never.
  const errors = a.status >= 400 ? [a.body] : [...streamedExceptions(a), ...streamedErrorEvents(a)];
  if (errors.some((e) => canary.some((n) => e.includes(n)))) out.push("the content canary is in an error");
  if (a.status >= 400) {
    const text = a.body.toString("utf8");
    if (STACK_FRAME.test(text)) out.push("a stack frame in the error");
    // Headers too large for node's parser are refused before anything says which service was asked: restJson then.
    const shape = shapeProblem(a.status === 431 ? "restJson" : protocolOf(req), a, text);
    if (shape) out.push(shape);
  }
  return out;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** The payloads of the exception and error messages in an event stream (a failure after the 200). */
function streamedExceptions(a: FuzzAnswer): Buffer[] {
  if (!String(a.headers["content-type"] ?? "").startsWith("application/vnd.amazon.eventstream")) return [];
  const out: Buffer[] = [];
  for (let at = 0; at + 4 <= a.body.length;) {
    const length = a.body.readUInt32BE(at);
    if (length < 16 || at + length > a.body.length) break; // cut short by KEEP: the rest is not judged
    const message = codec.decode(a.body.subarray(at, at + length));
    const type = message.headers[":message-type"]?.value;
    if (type === "exception" || type === "error") out.push(Buffer.from(message.body));
    at += length;
  }
  return out;
}

/** The error events of a server-sent event stream (OpenAI's `data: {"error": ...}`, Anthropic's `event: error`: a failure after the 200). */
function streamedErrorEvents(a: FuzzAnswer): Buffer[] {
  if (!String(a.headers["content-type"] ?? "").startsWith("text/event-stream")) return [];
  return a.body.toString("utf8").split("\n\n").filter((event) => event.startsWith('data: {"error"') || event.startsWith("event: error\n")).map((event) => Buffer.from(event));
}

export const canaryNeedles = (canary: string): Buffer[] => needles(canary).map((n) => n.bytes);

function shapeProblem(protocol: WireProtocol, a: FuzzAnswer, text: string): string | undefined {
  const type = String(a.headers["content-type"] ?? "");
  try {
    if (protocol === "restJson") {
      if (typeof a.headers["x-amzn-errortype"] !== "string") return "restJson error without x-amzn-errortype";
      if (!type.startsWith("application/json")) return `restJson error as ${type}`;
      const body = JSON.parse(text) as { message?: unknown };
      return typeof body.message === "string" ? undefined : "restJson error without a message";
    }
    if (protocol === "openai") {
      if (!type.startsWith("application/json")) return `openai error as ${type}`;
      const body = JSON.parse(text) as { error?: { message?: unknown; type?: unknown } };
      return typeof body.error?.message === "string" && typeof body.error.type === "string" ? undefined : "openai error without error.message and error.type";
    }
    if (protocol === "anthropic") {
      if (!type.startsWith("application/json")) return `anthropic error as ${type}`;
      const body = JSON.parse(text) as { type?: unknown; error?: { type?: unknown; message?: unknown } };
      return body.type === "error" && typeof body.error?.type === "string" && typeof body.error.message === "string" ? undefined : "anthropic error not {type: error, error: {type, message}}";
    }
    if (protocol === "awsJson") {
      if (!type.startsWith("application/x-amz-json-1.1")) return `awsJson error as ${type}`;
      const body = JSON.parse(text) as { __type?: unknown; message?: unknown };
      return typeof body.__type === "string" && typeof body.message === "string" ? undefined : "awsJson error without __type and message";
    }
    if (!type.startsWith("text/xml")) return `awsQuery error as ${type}`;
    const parsed = xml.parse(text) as { ErrorResponse?: { Error?: { Code?: unknown; Message?: unknown }; RequestId?: unknown } };
    const error = parsed.ErrorResponse?.Error;
    return typeof error?.Code === "string" && error.Message !== undefined && parsed.ErrorResponse?.RequestId !== undefined ? undefined : "awsQuery error not an ErrorResponse";
  } catch {
    return `${protocol} error body does not parse`;
  }
}

/** A failing request, as a reproducible description (the body abbreviated, the canary masked). */
export function describeRequest(req: FuzzRequest, canary: string): string {
  const body = req.body.toString("utf8").replaceAll(canary, "<CANARY>");
  const shown = body.length > 600 ? `${body.slice(0, 600)}... (${req.body.length} bytes)` : body;
  return `${req.surface}/${req.op} over ${req.h2 ? "HTTP/2" : "HTTP/1.1"}: ${req.method} ${req.path.slice(0, 300)} signed for ${req.service}\n  headers ${JSON.stringify(req.headers)}\n  body ${JSON.stringify(shown)}`;
}
