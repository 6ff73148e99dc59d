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
  /** What the weights were learnt from, in words (training/README.md): read by people, not code. */
  readonly trainedOn?: string;
  readonly categories: Readonly<Partial<Record<ContentFilterType, CategoryWeights>>>;
  /**
   * Second models for some categories, trained on the same rows plus public real text (tweets
   * for HATE and INSULTS): a category scores the larger of its two calibrated probabilities, so
   * the real-text model adds recall on real text without moving what the first one already
   * catches. Absent when the weights were trained without the public sets.
   */
  readonly realText?: Readonly<Partial<Record<ContentFilterType, CategoryWeights>>>;
}

export interface CategoryModel {
  readonly weights: Int8Array;
  readonly scale: number;
  readonly bias: number;
  readonly plattA: number;
  readonly plattB: number;
}

function decodeOne(category: ContentFilterType, w: CategoryWeights): CategoryModel {
  const bytes = Buffer.from(w.weights, "base64");
  if (bytes.length !== 1 << BUCKET_BITS) throw new Error(`guardrail classifier weights for ${category} are truncated`);
  return { weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), scale: w.scale, bias: w.bias, plattA: w.plattA, plattB: w.plattB };
}

function checkFormat(file: ModelFile): void {
  if (file.format !== 1 || file.bucketBits !== BUCKET_BITS) throw new Error("guardrail classifier weights do not match this build's features");
}

/** Each category's first model. */
export function decodeModel(file: ModelFile): ReadonlyMap<ContentFilterType, CategoryModel> {
  checkFormat(file);
  const models = new Map<ContentFilterType, CategoryModel>();
  for (const [category, w] of Object.entries(file.categories) as [ContentFilterType, CategoryWeights][]) models.set(category, decodeOne(category, w));
  return models;
}

/** Each category's models, first then real-text, whose largest probability is its score. */
export function decodeHeads(file: ModelFile): ReadonlyMap<ContentFilterType, readonly CategoryModel[]> {
  const first = decodeModel(file);
  const heads = new Map<ContentFilterType, CategoryModel[]>([...first].map(([c, m]) => [c, [m]]));
  for (const [category, w] of Object.entries(file.realText ?? {}) as [ContentFilterType, CategoryWeights][]) {
    const model = decodeOne(category, w);
    const list = heads.get(category);
    if (list === undefined) heads.set(category, [model]);
    else list.push(model);
  }
  return heads;
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
