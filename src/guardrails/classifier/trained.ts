import type { ContentFilterType } from "../config.js";
import type { ContentClassifier } from "../ports.js";
import { normaliseForLexicon } from "../lexical.js";
import { withNormalisedFeatures } from "./features.js";
import { BUCKETS } from "./features.js";
import type { Features } from "./features.js";
import { calibrated, decodeHeads } from "./model.js";
import type { CategoryModel, ModelFile } from "./model.js";
import file from "./weights/content.json" with { type: "json" };

/**
 * Every category's models side by side: bucket b's weights for the MODELS models are at
 * b * MODELS .. b * MODELS + MODELS - 1, so a feature costs one cache line, not one per model.
 * In the server the weights (64 KiB per model) are cold by the next guarded request, and reading
 * eight arrays at each of ~6,000 random buckets cost three times what the same scoring costs in
 * a loop (docs/PERFORMANCE.md, "Guardrail classifier").
 */
interface Interleaved {
  /** Each model's scale, bias and calibration (its weights are only in `weights`). */
  readonly models: readonly Omit<CategoryModel, "weights">[];
  readonly weights: Int8Array;
  /** Per category, the indices of its models in `models`. */
  readonly byCategory: ReadonlyMap<ContentFilterType, readonly number[]>;
}

function interleave(heads: ReadonlyMap<ContentFilterType, readonly CategoryModel[]>): Interleaved {
  const all = [...heads.values()].flat();
  const byCategory = new Map<ContentFilterType, number[]>();
  let k = 0;
  for (const [category, list] of heads) byCategory.set(category, list.map(() => k++));
  const weights = new Int8Array(BUCKETS * all.length);
  all.forEach((m, at) => {
    for (let b = 0; b < BUCKETS; b += 1) weights[b * all.length + at] = m.weights[b]!;
  });
  // The decoded per-model arrays are not kept: the interleaved copy is the only one resident.
  const models = all.map(({ scale, bias, plattA, plattB }) => ({ scale, bias, plattA, plattB }));
  return { models, weights, byCategory };
}

/** Decoded once, at first import; the JSON is part of the build, so it cannot go missing at run time. */
const HEADS = interleave(decodeHeads(file as ModelFile));
/** Each model's weighted sum of one text's features, kept between calls. */
const sums = new Float64Array(HEADS.models.length);

/**
 * Every model's margin (model.ts `margin`: bias + scale × Σ weight × value) in one pass over the
 * features. Each model's sum takes its terms in the same order as `margin`, so each is the same
 * number to the last bit.
 */
function margins(features: Features): Float64Array {
  const { weights, models } = HEADS;
  const count = models.length;
  sums.fill(0);
  const index = features.index;
  const value = features.value;
  for (let i = 0; i < index.length; i += 1) {
    const base = index[i]! * count;
    const v = value[i]!;
    for (let k = 0; k < count; k += 1) sums[k] = sums[k]! + weights[base + k]! * v;
  }
  for (let k = 0; k < count; k += 1) sums[k] = models[k]!.bias + models[k]!.scale * sums[k]!;
  return sums;
}

/** The trained per-category scores for one text (categories without weights score 0). */
export function trainedScores(text: string, categories: ReadonlySet<ContentFilterType>): Map<ContentFilterType, number> {
  return trainedScoresOfNormalised(normaliseForLexicon(text), categories);
}

/** trainedScores of a text already through normaliseForLexicon. */
export function trainedScoresOfNormalised(normalised: string, categories: ReadonlySet<ContentFilterType>): Map<ContentFilterType, number> {
  return withNormalisedFeatures(normalised, (features) => {
    const m = margins(features);
    const scores = new Map<ContentFilterType, number>();
    for (const category of categories) {
      let score = 0;
      for (const k of HEADS.byCategory.get(category) ?? []) score = Math.max(score, calibrated(HEADS.models[k]!, m[k]!));
      scores.set(category, score);
    }
    return scores;
  });
}

/** The hashed n-gram logistic-regression classifier trained by `npm run train:guardrails`. */
export const trainedClassifier: ContentClassifier = {
  async classify(text, categories) {
    return trainedScores(text, categories);
  },
};
