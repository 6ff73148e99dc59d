import type { ContentFilterType } from "../config.js";
import { BUCKET_BITS } from "./features.js";
import type { Features } from "./features.js";

/**
 * One logistic regression per category over the hashed features, as the training script writes
 * it: weights quantised to int8 (one scale per category) and base64-encoded so the file stays
 * small and reviewable, plus Platt's sigmoid fitted on a held-out split so a score of 0.8 means
 * about 80% of texts scoring so are in the category — which is what strength thresholds assume.
 */
export interface CategoryWeights {
  readonly scale: number;
  readonly bias: number;
  readonly plattA: number;
  readonly plattB: number;
  /** BUCKETS int8 weights, base64. */
  readonly weights: string;
}

export interface ModelFile {
  readonly format: 1;
  readonly bucketBits: number;
  readonly categories: Readonly<Partial<Record<ContentFilterType, CategoryWeights>>>;
}

export interface CategoryModel {
  readonly weights: Int8Array;
  readonly scale: number;
  readonly bias: number;
  readonly plattA: number;
  readonly plattB: number;
}

export function decodeModel(file: ModelFile): ReadonlyMap<ContentFilterType, CategoryModel> {
  if (file.format !== 1 || file.bucketBits !== BUCKET_BITS) throw new Error("guardrail classifier weights do not match this build's features");
  const models = new Map<ContentFilterType, CategoryModel>();
  for (const [category, w] of Object.entries(file.categories) as [ContentFilterType, CategoryWeights][]) {
    const bytes = Buffer.from(w.weights, "base64");
    if (bytes.length !== 1 << BUCKET_BITS) throw new Error(`guardrail classifier weights for ${category} are truncated`);
    models.set(category, { weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), scale: w.scale, bias: w.bias, plattA: w.plattA, plattB: w.plattB });
  }
  return models;
}

/** The uncalibrated linear score (log-odds before Platt). */
export function margin(model: CategoryModel, features: Features): number {
  let sum = 0;
  for (let i = 0; i < features.index.length; i += 1) sum += (model.weights[features.index[i] as number] as number) * (features.value[i] as number);
  return model.bias + model.scale * sum;
}

export function calibrated(model: Pick<CategoryModel, "plattA" | "plattB">, m: number): number {
  return 1 / (1 + Math.exp(-(model.plattA * m + model.plattB)));
}
