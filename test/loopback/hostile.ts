import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants, createBrotliCompress, createDeflate, createGzip, gzipSync } from "node:zlib";

/**
 * Answers of a hostile (or badly broken) upstream, for the tests that prove plinth bounds what
 * it reads from a provider. The OpenAI and Anthropic loopbacks give them to these model names,
 * streamed (SSE) or not as the request asked:
 *
 * - `bomb-gzip-model`, `bomb-deflate-model`, `bomb-br-model`: a compressed answer of a few MiB
 *   that decodes to 1 GiB (JSON that never closes; or one SSE event whose `data:` lines never end)
 * - `late-bomb-model`: a stream that starts well, then turns into the same bomb
 * - `flood-model`: a stream that starts well, then sends keep-alive comments, 1 GiB of them
 * - `huge-model`: 256 MiB uncompressed (JSON; or one SSE line with no line end), no Content-Length
 * - `huge-declared-model`: JSON whose Content-Length says 1 GiB (it sends a few bytes, then waits)
 * - `bad-gzip-model`: says gzip, sends plain bytes
 * - `zstd-model`: a valid answer in a content coding nobody asked for
 * - `error-bomb-model`: HTTP 500 whose (gzip) error body decodes to 1 GiB
 *
 * Bombs are generated (and compressed, or repeated from one compressed MiB) as they are sent,
 * so the loopback holds little, and they stop when the client goes away.
 */
const HOSTILE = new Set([
  "bomb-gzip-model", "bomb-deflate-model", "bomb-br-model", "late-bomb-model", "flood-model",
  "huge-model", "huge-declared-model", "bad-gzip-model", "zstd-model", "error-bomb-model",
]);

/** A bomb's decoded size: twice what V8 allows in one string, so an unbounded reader dies. */
export const BOMB_BYTES = 1024 ** 3;
/** An uncompressed flood: fast to send over loopback, far past any sane answer. */
export const HUGE_BYTES = 256 * 1024 ** 2;

export function isHostile(model: unknown): model is string {
  return typeof model === "string" && HOSTILE.has(model);
}

/** What the provider would have sent: a complete JSON answer, and the opening events of a stream. */
export interface Genuine {
  readonly json: string;
  readonly streamStart: string;
}

type Coding = "gzip" | "deflate" | "br";

/** `head`, then `filler` over and over until `total` bytes, made as they are read. */
export function* repeat(head: string | Buffer, filler: string, total: number): Generator<Buffer> {
  const first = typeof head === "string" ? Buffer.from(head) : head;
  yield first;
  const unit = Buffer.from(filler.repeat(Math.max(1, Math.floor(65536 / filler.length))));
  for (let sent = first.length; sent < total; sent += unit.length) yield unit;
}

/**
 * The same as `repeat` gzipped, as a series of gzip members (a decoder joins them): each MiB is
 * compressed once, so the loopback spends nothing to send a GiB.
 */
export function* gzipMembers(head: string, filler: string, total: number): Generator<Buffer> {
  yield gzipSync(head);
  const unit = gzipSync(filler.repeat(Math.max(1, Math.floor(1024 * 1024 / filler.length))));
  const count = Math.ceil(total / (1024 * 1024));
  for (let i = 0; i < count; i++) yield unit;
}

function compressor(coding: Coding) {
  if (coding === "gzip") return createGzip({ level: 1 });
  if (coding === "deflate") return createDeflate({ level: 1 });
  return createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
}

/**
 * Sends `body` (after what was written already, if the head is sent), compressing it on the way
 * unless `coding` is "gzip-members" (compressed already).
 */
export async function send(res: ServerResponse, status: number, type: string, coding: Coding | "gzip-members" | undefined, body: Iterable<Buffer>): Promise<void> {
  if (!res.headersSent) res.writeHead(status, { "content-type": type, ...(coding ? { "content-encoding": coding === "gzip-members" ? "gzip" : coding } : {}) });
  const source = Readable.from(body);
  // The client hanging up ends the pipeline with an error: that is the point, not a failure.
  await (coding && coding !== "gzip-members" ? pipeline(source, compressor(coding), res) : pipeline(source, res)).catch(() => undefined);
}

const JSON_TYPE = "application/json";
const SSE_TYPE = "text/event-stream; charset=utf-8";
const OPEN_JSON = '{"id":"loopback","content":"';
/** `data:` lines with no blank line between them: one event that never ends. */
const ENDLESS_EVENT = `data: ${"a".repeat(1000)}\n`;
const KEEP_ALIVE = `: ${"k".repeat(1000)}\n`;

export async function answerHostile(res: ServerResponse, model: string, stream: boolean, genuine: Genuine): Promise<void> {
  const type = stream ? SSE_TYPE : JSON_TYPE;
  switch (model) {
    case "bomb-gzip-model": case "bomb-deflate-model": case "bomb-br-model": {
      const coding = model.slice(5, -6) as Coding;
      return send(res, 200, type, coding, stream ? repeat("", ENDLESS_EVENT, BOMB_BYTES) : repeat(OPEN_JSON, "a", BOMB_BYTES));
    }
    case "late-bomb-model":
      return send(res, 200, type, "gzip-members", stream ? gzipMembers(genuine.streamStart, ENDLESS_EVENT, BOMB_BYTES) : gzipMembers(OPEN_JSON, "a", BOMB_BYTES));
    case "flood-model":
      return send(res, 200, type, "gzip-members", stream ? gzipMembers(genuine.streamStart, KEEP_ALIVE, BOMB_BYTES) : [gzipSync(genuine.json)]);
    case "huge-model":
      return send(res, 200, type, undefined, repeat(stream ? "data: " : OPEN_JSON, "a", HUGE_BYTES));
    case "huge-declared-model":
      res.writeHead(200, { "content-type": JSON_TYPE, "content-length": String(BOMB_BYTES) });
      return void res.write(OPEN_JSON);
    case "bad-gzip-model":
      return void res.writeHead(200, { "content-type": type, "content-encoding": "gzip" }).end(stream ? genuine.streamStart : genuine.json);
    case "zstd-model":
      return void res.writeHead(200, { "content-type": type, "content-encoding": "zstd" }).end(stream ? genuine.streamStart : genuine.json);
    case "error-bomb-model":
      return send(res, 500, JSON_TYPE, "gzip-members", gzipMembers('{"error":{"type":"api_error","message":"', "a", BOMB_BYTES));
  }
}
