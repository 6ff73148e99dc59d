import type { TextCounter } from "./chat-count.js";
import type { OpenAiEncoding } from "./family.js";

/**
 * The text counter of an encoding. Each encoding's ranks are several MiB, so one is loaded only
 * when a model that needs it is first counted; the module cache keeps it from then on.
 * Special-token spellings (`<|endoftext|>`) in customer text are counted as the ordinary text they
 * are, as the API does, rather than refused. The counter takes one slice (slices.ts) at a time.
 */
export async function textCounter(encoding: OpenAiEncoding): Promise<TextCounter> {
  const api = encoding === "o200k_base"
    ? await import("gpt-tokenizer/encoding/o200k_base")
    : await import("gpt-tokenizer/encoding/cl100k_base");
  return (text) => (text === "" ? 0 : api.countTokens(text, { disallowedSpecial: new Set() }));
}
