import { Fault, fault, invalid, sensitive } from "../../kernel/index.js";
import type { EmbedRequest, EmbedResult } from "../../kernel/index.js";
import type { LoadedModel } from "./loaded-model.js";
import type { RequestControl } from "./request-control.js";

/** Checks what can be checked before the model's turn comes: sizes and the requested dimension. */
export function checkEmbedRequest(loaded: LoadedModel, request: EmbedRequest): readonly string[] {
  const texts = request.texts.reveal();
  if (texts.length === 0) throw invalid("texts", "must contain at least one text");
  // A model's vectors have one size; producing another would need truncation or projection
  // the model was not trained for, so a different size is refused.
  if (request.dimensions !== undefined && request.dimensions !== loaded.embeddingSize) {
    throw invalid("dimensions", `model '${loaded.name}' produces vectors of ${loaded.embeddingSize} dimensions`);
  }
  texts.forEach((text, index) => {
    if (text.length === 0) throw invalid("texts", `text ${index + 1} is empty`);
  });
  return texts;
}

function l2Normalize(vector: readonly number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((x) => x / norm) : [...vector];
}

/**
 * One vector per text from the model's pooled embedding. `purpose` has no meaning for a plain
 * GGUF model (it has no instruction prefixes to choose between), so it does not change the result.
 */
export async function embedTexts(loaded: LoadedModel, request: EmbedRequest, texts: readonly string[], control: RequestControl): Promise<EmbedResult> {
  const release = await loaded.queue.acquire(control.signal).catch((error: unknown) => control.settle(error));
  try {
    const context = await loaded.embeddingContext();
    const vectors: number[][] = [];
    let inputTokens = 0;
    for (const [index, text] of texts.entries()) {
      // Counted as evaluated: with the begin/end tokens the model adds around each text.
      const tokens = context.calculateInputLength(text);
      if (tokens >= loaded.contextSize) {
        throw invalid("texts", `text ${index + 1} is ${tokens} tokens; model '${loaded.name}' embeds fewer than ${loaded.contextSize}`);
      }
      if (control.signal.aborted) control.settle(undefined);
      const embedding = await context.getEmbeddingFor(text);
      inputTokens += tokens;
      vectors.push(request.normalize ? l2Normalize(embedding.vector) : [...embedding.vector]);
    }
    if (control.signal.aborted) control.settle(undefined);
    return { vectors: sensitive(vectors), inputTokens };
  } catch (error) {
    if (control.cut !== undefined) control.settle(error);
    if (error instanceof Fault) throw error;
    throw fault("model-error", `model '${loaded.name}' failed while embedding`, { resourceName: loaded.name });
  } finally {
    release();
  }
}
