import { pipeline, Readable, Transform } from "node:stream";
import type { TransformCallback } from "node:stream";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ByteLimit, DEFAULT_LIMITS, ResponseTooLarge } from "../http-upstream/index.js";
import type { ResponseLimits } from "../http-upstream/index.js";

/**
 * Bounds what the AWS SDK reads of an answer, with the limits the HTTP adapters use. Left to
 * itself the SDK reads a whole body into memory before parsing it, however long it is, and its
 * event-stream decoder allocates each message at the size the message's prelude claims (up to
 * 4 GiB) before a byte of it has arrived. It sends no Accept-Encoding and decodes no
 * Content-Encoding, so a compressed answer is never inflated: it only fails to parse.
 *
 * The middleware sits innermost in the deserialize step, so it sees the raw response before
 * the SDK's deserializer reads it, and swaps the body for a bounded copy of the stream.
 */
export function limitResponses(client: BedrockRuntimeClient, limits: ResponseLimits = DEFAULT_LIMITS): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string | undefined>; body?: unknown };
      if (response.body instanceof Readable) response.body = bounded(response.body, response.statusCode ?? 0, response.headers?.["content-type"], limits);
      return result;
    },
    { step: "deserialize", priority: "low", name: "plinthResponseLimits" },
  );
}

const EVENT_STREAM = "application/vnd.amazon.eventstream";
const ignore = (): void => undefined;

function bounded(body: Readable, status: number, type: string | undefined, limits: ResponseLimits): Readable {
  const stages: Transform[] = status < 200 || status >= 300
    ? [new ByteLimit("the error answer", limits.errorBody)]
    : type?.toLowerCase().startsWith(EVENT_STREAM)
      ? [new ByteLimit("the stream", limits.stream), new MessageLimit(limits.event)]
      : [new ByteLimit("the answer", limits.body)];
  // An error on any side (our limit, the socket, the SDK giving up) reaches every stage, so a
  // refused answer also closes its connection.
  pipeline([body, ...stages], ignore);
  return stages.at(-1)!;
}

/**
 * Refuses an event-stream message whose prelude claims more than `limit` bytes, before the
 * SDK allocates room for it. A message starts with its total length as a big-endian uint32
 * (AWS event stream encoding), so following the lengths is enough to find each prelude.
 */
class MessageLimit extends Transform {
  readonly #limit: number;
  /** Bytes of the current message still to pass; 0 at a message boundary. */
  #rest = 0;
  readonly #length = Buffer.alloc(4);
  #lengthBytes = 0;

  constructor(limit: number) {
    super();
    this.#limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#rest > 0) {
        const take = Math.min(this.#rest, chunk.length - at);
        this.#rest -= take;
        at += take;
        continue;
      }
      const take = Math.min(4 - this.#lengthBytes, chunk.length - at);
      chunk.copy(this.#length, this.#lengthBytes, at, at + take);
      this.#lengthBytes += take;
      at += take;
      if (this.#lengthBytes < 4) break;
      this.#lengthBytes = 0;
      const total = this.#length.readUInt32BE(0);
      if (total > this.#limit) return done(new ResponseTooLarge("an event", this.#limit));
      // A length under the prelude's own 4 bytes is malformed; the SDK's decoder says so.
      this.#rest = Math.max(0, total - 4);
    }
    done(null, chunk);
  }
}
