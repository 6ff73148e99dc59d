import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { Fault } from "../kernel/index.js";
import { errorBody, wireError } from "./protocols/rest-json.js";

/**
 * `application/vnd.amazon.eventstream` framing for streamed responses. The codec is stateless
 * apart from its utf8 helpers, so each stream gets its own small writer object.
 */
export const EVENTSTREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

const encoder = new TextEncoder();

export class EventStreamWriter {
  readonly #codec = new EventStreamCodec(toUtf8, fromUtf8);

  event(eventType: string, payload: unknown): Uint8Array {
    return this.#codec.encode({
      headers: {
        ":message-type": { type: "string", value: "event" },
        ":event-type": { type: "string", value: eventType },
        ":content-type": { type: "string", value: "application/json" },
      },
      body: encoder.encode(JSON.stringify(payload)),
    });
  }

  exception(f: Fault): Uint8Array {
    return this.#codec.encode({
      headers: {
        ":message-type": { type: "string", value: "exception" },
        ":exception-type": { type: "string", value: wireError(f.kind).streamMember },
        ":content-type": { type: "string", value: "application/json" },
      },
      body: encoder.encode(JSON.stringify(errorBody(f))),
    });
  }
}
