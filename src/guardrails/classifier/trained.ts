import type { ContentFilterType } from "../config.js";
import type { ContentClassifier } from "../ports.js";
import { normaliseForLexicon } from "../lexical.js";
import { withNormalisedFeatures } from "./features.js";
import { calibrated, decodeHeads, margin } from "./model.js";
import type { ModelFile } from "./model.js";
import file from "./weights/content.json" with { type: "json" };

/** Decoded once, at first import; the JSON is part of the build, so it cannot go missing at run time. */
const MODELS = decodeHeads(file as ModelFile);

/** The trained per-category scores for one text (categories without weights score 0). */
export function trainedScores(text: string, categories: ReadonlySet<ContentFilterType>): Map<ContentFilterType, number> {
  return trainedScoresOfNormalised(normaliseForLexicon(text), categories);
}

/** trainedScores of a text already through normaliseForLexicon. */
export function trainedScoresOfNormalised(normalised: string, categories: ReadonlySet<ContentFilterType>): Map<ContentFilterType, number> {
  return withNormalisedFeatures(normalised, (features) => {
    const scores = new Map<ContentFilterType, number>();
    for (const category of categories) {
      let score = 0;
      for (const model of MODELS.get(category) ?? []) score = Math.max(score, calibrated(model, margin(model, features)));
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
