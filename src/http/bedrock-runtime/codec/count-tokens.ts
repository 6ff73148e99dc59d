import { sensitive } from "../../../kernel/index.js";
import type { Sensitive } from "../../../kernel/index.js";
import type { CountTokensCommand } from "../../../service/commands.js";
import { conversationOf, decodeConversationParts, decodeModelId } from "./converse-decode.js";
import { at, blob, closed, need, obj, union } from "../validate.js";

/**
 * CountTokens (BC `CountTokensRequest`): `input` is a union of `converse` (the Converse
 * conversation members, decoded by the same rules) and `invokeModel{body}` (a model-native
 * body). The native body's format depends on the model, so this codec only unwraps it and hands
 * it back; the caller passes it to the native-body codec of that model family.
 */
export type DecodedCountTokens =
  | { readonly kind: "converse"; readonly command: CountTokensCommand }
  /** The body is the customer's prompt in the model's own format, hence Sensitive. */
  | { readonly kind: "invokeModel"; readonly modelId: string; readonly body: Sensitive<Uint8Array> };

/** `FoundationModelVersionIdentifier`: at most 256 characters. */
const MODEL_ID_MAX = 256;
/** `Body`: the InvokeModel payload limit. */
const BODY_MAX = 25_000_000;

export function decodeCountTokensRequest(body: unknown, modelId: string): DecodedCountTokens {
  const id = decodeModelId(modelId, MODEL_ID_MAX);
  const o = obj(body ?? {}, "body");
  // Unknown members are refused for the reason given in converse-decode.ts.
  closed(o, "", ["input"], { shape: "CountTokensRequest" });
  const [key, value] = union(obj(need(o, "input", ""), "input"), "input", ["converse", "invokeModel"], { shape: "CountTokensInput" });
  const field = at("input", key);
  const input = obj(value, field);
  if (key === "invokeModel") {
    closed(input, field, ["body"], { shape: "InvokeModelTokensRequest" });
    return { kind: "invokeModel", modelId: id, body: sensitive(blob(need(input, "body", field), at(field, "body"), { max: BODY_MAX })) };
  }
  closed(input, field, ["messages", "system", "toolConfig", "additionalModelRequestFields"], { shape: "ConverseTokensRequest" });
  // Sampling and reasoning settings, and beta flags, are decoded for validation only: they do
  // not change how many tokens the input holds. A structured-output schema is input, so it stays.
  const parts = decodeConversationParts(input, field);
  return { kind: "converse", command: { modelId: id, conversation: sensitive(conversationOf(parts)) } };
}

/** CountTokensResponse: `{ inputTokens }`. */
export function encodeCountTokensOutput(inputTokens: number): { inputTokens: number } {
  return { inputTokens };
}
