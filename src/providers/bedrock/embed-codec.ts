import { fault, invalid } from "../../kernel/index.js";
import type { EmbedRequest } from "../../kernel/index.js";
import { embedFamily } from "./wire.js";
import type { CohereEmbedAnswer, CohereEmbedBody, EmbedFamily, TitanEmbedAnswer, TitanEmbedBody } from "./wire.js";

/**
 * Embeddings go through InvokeModel with each family's own JSON body. Titan embeds one text per
 * call; Cohere takes a batch (at most 96 texts on Bedrock, so larger requests are split).
 * Options a family lacks are refused, naming the field, never dropped.
 */
export interface EmbedPlan { readonly family: EmbedFamily; readonly bodies: readonly (TitanEmbedBody | CohereEmbedBody)[] }

const COHERE_BATCH = 96;
const TITAN_V2_DIMENSIONS = [256, 512, 1024];
const COHERE_V4_DIMENSIONS = [256, 512, 1024, 1536];

function checkDimensions(dimensions: number | undefined, allowed: readonly number[] | undefined): void {
  if (dimensions === undefined) return;
  if (!allowed) throw invalid("dimensions", "dimensions is not supported by this model");
  if (!allowed.includes(dimensions)) throw invalid("dimensions", `must be one of ${allowed.join(", ")} for this model`);
}

export function encodeEmbed(request: EmbedRequest): EmbedPlan {
  const family = embedFamily(request.model);
  if (!family) throw invalid("model", "this model does not produce embeddings");
  const texts = request.texts.reveal();
  const { dimensions, normalize } = request;
  if (family === "titan-v2" || family === "titan") {
    const v2 = family === "titan-v2";
    checkDimensions(dimensions, v2 ? TITAN_V2_DIMENSIONS : undefined);
    if (normalize !== undefined && !v2) throw invalid("normalize", "normalize is not supported by this model");
    // Titan has one embedding space for documents and queries, so `purpose` changes nothing.
    const bodies = texts.map((inputText): TitanEmbedBody => ({
      inputText,
      ...(dimensions !== undefined ? { dimensions } : {}),
      ...(normalize !== undefined ? { normalize } : {}),
    }));
    return { family, bodies };
  }
  checkDimensions(dimensions, family === "cohere-v4" ? COHERE_V4_DIMENSIONS : undefined);
  if (normalize !== undefined) throw invalid("normalize", "normalize is not supported by this model");
  // Cohere requires an input type; a caller who names no purpose is most often indexing documents.
  const inputType = request.purpose ?? "search_document";
  const bodies: CohereEmbedBody[] = [];
  for (let i = 0; i < texts.length; i += COHERE_BATCH) {
    bodies.push({ texts: texts.slice(i, i + COHERE_BATCH), input_type: inputType, ...(dimensions !== undefined ? { output_dimension: dimensions } : {}) });
  }
  return { family, bodies };
}

const unreadable = () => fault("model-error", "upstream answered an embedding body the adapter cannot read");

function vector(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === "number" && Number.isFinite(x))) throw unreadable();
  return value as number[];
}

/** One Titan answer: its vector and the input tokens it reports. */
export function decodeTitan(answer: TitanEmbedAnswer): { vector: number[]; inputTokens: number | undefined } {
  const tokens = answer.inputTextTokenCount;
  return { vector: vector(answer.embedding), inputTokens: typeof tokens === "number" ? tokens : undefined };
}

/** One Cohere answer: one vector per text sent. */
export function decodeCohere(answer: CohereEmbedAnswer, expected: number): number[][] {
  const raw = answer.embeddings;
  const list = Array.isArray(raw) ? raw : (raw as { float?: unknown } | undefined)?.float;
  if (!Array.isArray(list) || list.length !== expected) throw unreadable();
  return list.map(vector);
}

/** Parses an InvokeModel answer body; anything but a JSON object is unreadable. */
export function parseAnswer(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw unreadable();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw unreadable();
  return value as Record<string, unknown>;
}
