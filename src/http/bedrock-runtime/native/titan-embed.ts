import { invalid, sensitive } from "../../../kernel/index.js";
import type { EmbedResult } from "../../../kernel/index.js";
import type { EmbedCommand } from "../../../service/commands.js";
import { at, bool, closed, defined, list, need, num, obj, oneOf, own, str } from "../validate.js";
import type { NativeDecoded, NativeFamily } from "./types.js";

/**
 * Amazon Titan Text Embeddings. G1 (`amazon.titan-embed-text-v1`, `-g1-text-02`) takes only
 * `{inputText}`; V2 (`amazon.titan-embed-text-v2:0`) adds `dimensions` (256 | 512 | 1024),
 * `normalize` (default true) and `embeddingTypes`. Response: `{embedding, inputTextTokenCount}`
 * plus, on V2, `embeddingsByType` (always present, per the docs).
 *
 * `embeddingTypes` accepts only "float": "binary" needs Titan's own quantisation, which plinth's
 * providers do not produce, and approximating it would hand back vectors Titan would not.
 * `dimensions` is passed on only when given, so a provider whose model has another native size
 * is not asked for 1024 by default. inputText is capped at Titan V2's 50,000 characters.
 */
const isV2 = (modelId: string): boolean => modelId.includes("titan-embed-text-v2");
const MAX_CHARS = 50_000;
const DIMENSIONS: readonly number[] = [256, 512, 1024];

function decode(body: unknown, modelId: string): NativeDecoded {
  const o = obj(body, "");
  const v2 = isV2(modelId);
  closed(o, "", v2 ? ["inputText", "dimensions", "normalize", "embeddingTypes"] : ["inputText"]);
  const inputText = str(need(o, "inputText", ""), "inputText", { min: 1, max: MAX_CHARS });
  const command: EmbedCommand = { modelId, texts: sensitive([inputText]) };
  if (!v2) return { kind: "embed", command };
  const dimensions = own(o, "dimensions");
  if (dimensions !== undefined && !DIMENSIONS.includes(num(dimensions, "dimensions", 256, 1024, true))) {
    throw invalid("dimensions", "Member must satisfy enum value set: [256, 512, 1024]");
  }
  const types = own(o, "embeddingTypes");
  if (types !== undefined) list(types, "embeddingTypes", { min: 1 }).forEach((t, i) => oneOf(t, at("embeddingTypes", i), ["float"]));
  const normalize = own(o, "normalize");
  return {
    kind: "embed",
    command: defined({
      ...command,
      dimensions: dimensions as number | undefined,
      normalize: normalize === undefined ? true : bool(normalize, "normalize"),
    }),
  };
}

function encodeEmbed(result: EmbedResult, command: EmbedCommand): unknown {
  const embedding = result.vectors.reveal()[0] ?? [];
  const base = { embedding, inputTextTokenCount: result.inputTokens };
  return isV2(command.modelId) ? { ...base, embeddingsByType: { float: embedding } } : base;
}

export const titanEmbed: NativeFamily = { name: "titan-embed", decode, encodeEmbed };
