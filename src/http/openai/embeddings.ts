import { sensitive } from "../../kernel/index.js";
import type { EmbedResult } from "../../kernel/index.js";
import type { EmbedCommand } from "../../service/commands.js";
import { list, num, obj, oneOf, str } from "../bedrock-runtime/validate.js";
import { refuse, setMembers, unrecognized } from "./refuse.js";

/**
 * OpenAI embeddings: `{model, input, encoding_format, dimensions, user}` <-> EmbedCommand /
 * EmbedResult. `input` is a string or a list of strings (token-id arrays are refused: plinth's
 * models take text). The openai SDK asks for `base64` by default: little-endian float32s.
 */
export interface EmbeddingsCommand extends EmbedCommand {
  readonly base64: boolean;
}

const MEMBERS = ["model", "input", "encoding_format", "dimensions", "user"];
/** OpenAI's own limit on inputs per request. */
const MAX_INPUTS = 2048;

export function decodeEmbeddingsRequest(body: unknown): EmbeddingsCommand {
  const o = obj(body, "body");
  for (const key of setMembers(o)) if (!MEMBERS.includes(key)) throw unrecognized("", key);
  const model = str(o["model"], "model", { min: 1, max: 2048 });
  const input = o["input"];
  const texts = typeof input === "string" ? [input] : list(input, "input", { min: 1, max: MAX_INPUTS }).map((t, i) => {
    if (typeof t !== "string") throw refuse(`input.${i}`, "Each input must be a string; token arrays are not supported");
    return t;
  });
  if (texts.some((t) => t === "")) throw refuse("input", "An input must not be empty");
  const format = o["encoding_format"] === undefined || o["encoding_format"] === null ? "float" : oneOf(o["encoding_format"], "encoding_format", ["float", "base64"]);
  const dimensions = o["dimensions"] === undefined || o["dimensions"] === null ? undefined : num(o["dimensions"], "dimensions", 1, 65_536, true);
  return { modelId: model, texts: sensitive(texts), base64: format === "base64", ...(dimensions === undefined ? {} : { dimensions }) };
}

export function encodeEmbeddings(result: EmbedResult, model: string, base64: boolean): Record<string, unknown> {
  const data = result.vectors.reveal().map((vector, index) => ({
    object: "embedding", index,
    embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector,
  }));
  return { object: "list", data, model, usage: { prompt_tokens: result.inputTokens, total_tokens: result.inputTokens } };
}
