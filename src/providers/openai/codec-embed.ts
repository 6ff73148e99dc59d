import { invalid, sensitive } from "../../kernel/index.js";
import type { EmbedRequest, EmbedResult } from "../../kernel/index.js";
import { isRecord, malformedAnswer, tokenCount } from "../http-upstream/index.js";
import type { EmbeddingRequest } from "./wire.js";

/** Pure translation between plinth's embedding request and OpenAI's /embeddings. */

export function toEmbeddingRequest(request: EmbedRequest): EmbeddingRequest {
  const body: EmbeddingRequest = { model: request.model, input: [...request.texts.reveal()], encoding_format: "float" };
  if (request.dimensions !== undefined) {
    if (!Number.isInteger(request.dimensions) || request.dimensions < 1) throw invalid("dimensions", "must be a positive integer");
    body.dimensions = request.dimensions;
  }
  // `purpose` is not sent: these models embed queries and documents alike, so the hint has
  // nothing to change (unlike models trained with per-purpose prefixes).
  return body;
}

/**
 * `normalize` is honoured here rather than refused: OpenAI's vectors are unit length already,
 * but other compatible servers do not promise it, and scaling to unit length is exact.
 */
export function fromEmbeddingResponse(body: unknown, expected: number, normalize: boolean): EmbedResult {
  const data = isRecord(body) && Array.isArray(body.data) ? (body.data as unknown[]) : undefined;
  if (!data || data.length !== expected) throw malformedAnswer(200, "the number of embeddings does not match the number of texts");
  const rows = data.map((row, position) => {
    if (!isRecord(row) || !Array.isArray(row.embedding) || !row.embedding.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw malformedAnswer(200, "an embedding is not a list of numbers");
    }
    return { index: typeof row.index === "number" ? row.index : position, vector: row.embedding as number[] };
  });
  // The API may answer out of order; `index` is the position of the text in the request.
  rows.sort((a, b) => a.index - b.index);
  const vectors = rows.map((r) => (normalize ? unit(r.vector) : r.vector));
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : {};
  return { vectors: sensitive(vectors), inputTokens: tokenCount(usage.prompt_tokens) };
}

function unit(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? [...vector] : vector.map((x) => x / norm);
}
