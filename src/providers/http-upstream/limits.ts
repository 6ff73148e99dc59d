import { Transform } from "node:stream";
import type { TransformCallback } from "node:stream";

/**
 * How much of an upstream's answer we are willing to hold or decode. A provider is a remote
 * party: a compromised or misconfigured one (or whatever sits on the path to it) can answer
 * with a compression bomb, an endless stream or one event that never ends. Without bounds one
 * such answer takes the whole process down with every other caller's request. The figures are
 * decoded bytes (after gzip/deflate/br), never the bytes on the wire.
 *
 * They are constants rather than config: each is one to two orders of magnitude above the
 * largest answer a real model gives, so no deployment should need to raise them, and lowering
 * them buys nothing. HttpUpstream takes overrides so tests can reach them quickly.
 */
export interface ResponseLimits {
  /** A whole JSON answer (Converse, embeddings, token counts). */
  readonly body: number;
  /** An error answer: it is only ever searched for an error code. */
  readonly errorBody: number;
  /** All of one streamed answer together. */
  readonly stream: number;
  /** One event of a stream (an SSE event with all its lines, an event-stream message). */
  readonly event: number;
}

export const DEFAULT_LIMITS: ResponseLimits = Object.freeze({
  // The largest real answers are embeddings as JSON floats (~22 bytes a dimension): 96 texts
  // (the most a caller may send) of 3,072 dimensions is ~6.5 MiB. 128k tokens of chat is <1 MiB.
  body: 32 * 1024 * 1024,
  // Provider error bodies are a few hundred bytes; a proxy's HTML error page a few KiB.
  errorBody: 64 * 1024,
  // A streamed chunk costs ~250 bytes of framing per token (OpenAI repeats id, model and
  // fingerprint in each), so 128k output tokens is ~32 MiB: 256 MiB leaves room, yet an
  // endless stream of tiny events or keep-alive comments still ends.
  stream: 256 * 1024 * 1024,
  // Real events are deltas of a few tokens; the largest (a tool call's arguments sent whole by
  // some local servers) are far below this.
  event: 8 * 1024 * 1024,
});

/** The answer grew past a limit; HttpUpstream and the Bedrock adapter turn it into a Fault. */
export class ResponseTooLarge extends Error {
  readonly limit: number;
  readonly what: string;

  constructor(what: string, limit: number) {
    super(`${what} exceeded the size limit of ${limit} bytes`);
    this.name = "ResponseTooLarge";
    this.what = what;
    this.limit = limit;
  }
}

/**
 * Passes bytes through until `limit` have gone by, then fails with ResponseTooLarge. Put after
 * a decompressor in a pipeline, its error destroys the decompressor and the socket too, so a
 * bomb stops being inflated the moment it passes the limit (zlib honours backpressure, so at
 * most one output chunk more is ever decoded).
 */
export class ByteLimit extends Transform {
  readonly #what: string;
  readonly #limit: number;
  #seen = 0;

  constructor(what: string, limit: number) {
    super();
    this.#what = what;
    this.#limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#limit) return done(new ResponseTooLarge(this.#what, this.#limit));
    done(null, chunk);
  }
}
