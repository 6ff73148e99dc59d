import { decodeAnthropic } from "./anthropic-request.js";
import { encodeAnthropic } from "./anthropic-response.js";
import { anthropicStream } from "./anthropic-stream.js";
import type { NativeFamily } from "./types.js";

/** Anthropic Claude (`anthropic.claude*`) through the Messages API body. */
export const anthropic: NativeFamily = {
  name: "anthropic",
  decode: (body, modelId) => ({ kind: "converse", command: decodeAnthropic(body, modelId) }),
  encodeConverse: encodeAnthropic,
  streamEncoder: anthropicStream,
};
