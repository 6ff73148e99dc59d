import type { Readable, Transform } from "node:stream";
import { constants, createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ByteLimit, ResponseTooLarge } from "./limits.js";
import type { UpstreamResponse } from "./transport.js";

/** The answer came in a content coding we cannot decode (we offer gzip and deflate). */
export class UnsupportedCoding extends Error {
  constructor() {
    super("the body has an unsupported content encoding");
    this.name = "UnsupportedCoding";
  }
}

/** The compressed bytes are not valid in the coding the answer named. */
export class UndecodableBody extends Error {
  constructor() {
    super("the body could not be decoded in its content encoding");
    this.name = "UndecodableBody";
  }
}

/**
 * What stream.pipeline did here, without its cost on every answer: node 20's pipeline makes an
 * AbortController per call and aborts it when done, building a DOMException (with its stack)
 * for every upstream response (seen as ~2% of plinth's CPU under load). An error or an early
 * close anywhere destroys every stage, and the last stage, which the caller reads, gets the error.
 */
function chain(source: Readable, ...stages: [Transform, ...Transform[]]): void {
  const all: Readable[] = [source, ...stages];
  const last = stages[stages.length - 1]!;
  const fail = (error: Error): void => {
    if (!last.destroyed) last.destroy(error);
    for (const stream of all) if (!stream.destroyed) stream.destroy();
  };
  for (let i = 0; i < stages.length; i++) {
    const from = all[i]!;
    from.once("error", fail);
    from.once("close", () => { if (!from.readableEnded) fail(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" })); });
    from.pipe(stages[i]!);
  }
  // The last stage's own error reaches its reader directly; still, stop reading what feeds it.
  last.once("error", () => { for (const stream of all) if (!stream.destroyed) stream.destroy(); });
  last.once("close", () => { for (const stream of all) if (!stream.destroyed) stream.destroy(); });
}

/**
 * The body as fetch would hand it over (gzip, deflate and br decoded), which fails with
 * ResponseTooLarge once more than `limit` decoded bytes have come. Throws at once for a coding
 * we cannot decode, or an uncompressed body whose declared length is over the limit.
 */
export function bodyOf(response: UpstreamResponse, what: string, limit: number): Readable {
  const decoder = decoderFor(single(response.headers["content-encoding"]));
  const declared = single(response.headers["content-length"]);
  if (decoder === undefined && Number(declared) > limit) throw new ResponseTooLarge(what, limit);
  // Uncompressed with a declared length within the limit: HTTP framing already bounds it (the
  // parser hands over no more than Content-Length bytes), so no counting stage is needed.
  if (decoder === undefined && declared !== undefined && /^\d+$/.test(declared)) return response.body;
  const limiter = new ByteLimit(what, limit);
  if (decoder === undefined) {
    chain(response.body, limiter); // an error on either side reaches the limiter's reader
    return limiter;
  }
  // Registered before chain's own listener, so the reader learns why rather than zlib's code.
  decoder.once("error", () => limiter.destroy(new UndecodableBody()));
  chain(response.body, decoder, limiter);
  return limiter;
}

/** A header sent more than once is not one value: joined as node:http joined them. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

function decoderFor(header: string | undefined): Transform | undefined {
  const codings = (header ?? "").split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return undefined;
  // Passing an unknown coding through would hand compressed bytes to the JSON or SSE parser;
  // stacked codings (gzip, gzip) are never what we asked for and only multiply a bomb.
  if (codings.length > 1) throw new UnsupportedCoding();
  switch (codings[0]) {
    case "gzip": case "x-gzip": return createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
    case "deflate": return createInflate();
    case "br": return createBrotliDecompress();
    default: throw new UnsupportedCoding();
  }
}

/**
 * Chunks are joined in runs of this many: a body trickled in one-byte chunks would otherwise
 * cost a hundred bytes of Buffer per byte of body, and the byte limit would not bound memory.
 */
const RUN = 1024;

/**
 * The whole body as text (a UTF-8 byte-order mark dropped, as fetch's text() does). The body's
 * own limit bounds it; no handler here may throw, since a throw inside a stream's event handler
 * escapes the promise and takes the process down.
 */
export function readText(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let joined = 0; // chunks before this index are joined runs
    body.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunks.length - joined < RUN) return;
      try {
        chunks.push(Buffer.concat(chunks.splice(joined)));
        joined = chunks.length;
      } catch (error) {
        body.destroy(error as Error);
      }
    });
    let ended = false;
    body.once("end", () => {
      ended = true;
      try {
        const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
        resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (error) {
        reject(error);
      }
    });
    body.once("error", reject);
    // A body read to its end closes too: no Error (nor its stack trace) is made for that one.
    body.once("close", () => {
      if (!ended) reject(new Error("the body closed before its end"));
    });
  });
}
