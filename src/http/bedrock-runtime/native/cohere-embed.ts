import { randomUUID } from "node:crypto";
import { sensitive } from "../../../kernel/index.js";
import type { EmbeddingPurpose, EmbedResult } from "../../../kernel/index.js";
import type { EmbedCommand } from "../../../service/commands.js";
import { at, closed, list, need, obj, oneOf, own, strings } from "../validate.js";
import type { NativeDecoded, NativeEmbedOptions, NativeFamily } from "./types.js";

/**
 * Cohere Embed v3 (`cohere.embed-english-v3`, `cohere.embed-multilingual-v3`):
 * `{texts, input_type, truncate, embedding_types}` -> `{id, response_type, embeddings, texts}`.
 * Limits are Bedrock's: 1..96 texts of at most 2,048 characters (the docs say 0 texts is allowed;
 * an empty batch has nothing to embed, so we ask for one).
 *
 * The response echoes `texts`, as the real API does: it goes to the caller only, and nothing
 * here logs it. Not served: `images` and the "image" input type (no image embeddings),
 * embedding types other than "float" (int8/uint8/binary need Cohere's own quantisation).
 * `truncate` is checked but not acted on: plinth cannot cut at the model's token boundary, so an
 * over-long text fails as under NONE rather than being cut somewhere the caller did not ask for.
 */
const KEYS = ["texts", "input_type", "truncate", "embedding_types"];
const PURPOSES: readonly EmbeddingPurpose[] = ["search_document", "search_query", "classification", "clustering"];

function decode(body: unknown, modelId: string): NativeDecoded {
  const o = obj(body, "");
  closed(o, "", KEYS, { refused: { images: "image embeddings are not served" } });
  const texts = strings(need(o, "texts", ""), "texts", { min: 1, max: 96 }, { max: 2048 });
  const purpose = oneOf(need(o, "input_type", ""), "input_type", PURPOSES);
  const truncate = own(o, "truncate");
  if (truncate !== undefined) oneOf(truncate, "truncate", ["NONE", "START", "END"]);
  const command: EmbedCommand = { modelId, texts: sensitive(texts), purpose };
  const types = own(o, "embedding_types");
  if (types === undefined) return { kind: "embed", command };
  list(types, "embedding_types", { min: 1 }).forEach((t, i) => oneOf(t, at("embedding_types", i), ["float"]));
  return { kind: "embed", command, options: { embeddingTypes: ["float"] } };
}

function encodeEmbed(result: EmbedResult, command: EmbedCommand, options?: NativeEmbedOptions): unknown {
  const vectors = result.vectors.reveal();
  const byType = options?.embeddingTypes !== undefined;
  return {
    id: randomUUID(),
    response_type: byType ? "embeddings_by_type" : "embeddings_floats",
    embeddings: byType ? { float: vectors } : vectors,
    texts: command.texts.reveal(),
  };
}

export const cohereEmbed: NativeFamily = { name: "cohere-embed", decode, encodeEmbed };
