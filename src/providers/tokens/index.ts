/**
 * Token counting for models whose provider has no count endpoint: a tokenizer that matches the
 * model's family, or a clear refusal. Nothing here sees a request context or does I/O beyond
 * loading a tokenizer's tables.
 */
import { fault } from "../../kernel/index.js";
import type { Fault } from "../../kernel/index.js";

export { openAiEncodingFor } from "./family.js";
export type { OpenAiEncoding } from "./family.js";
export { countChatTokens } from "./chat-count.js";
export type { ChatToCount, TextCounter } from "./chat-count.js";
export { textCounter } from "./encodings.js";
export { slices } from "./slices.js";

/** The refusal when neither the provider nor plinth can count a model's tokens: better than a wrong number. */
export function cannotCountTokens(): Fault {
  return fault("validation", "CountTokens is not available for this model: its provider has no token-count endpoint for it and plinth has no tokenizer for its family", { field: "modelId" });
}
