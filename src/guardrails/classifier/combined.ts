import type { ContentFilterType } from "../config.js";
import { lexicalScores, normaliseForLexicon } from "../lexical.js";
import type { ContentClassifier } from "../ports.js";
import { trainedScoresOfNormalised } from "./trained.js";

/**
 * The larger of the trained model's and the cue lexicon's score per category. The lexicon's
 * strong cues are precise patterns the model may not have seen phrased that way; the model
 * catches the paraphrases and obfuscations the lexicon misses. Taking the max keeps each one's
 * recall at the cost of each one's false alarms, which the evaluation
 * (bench/eval-guardrails-content.js) weighs.
 */
export const combinedClassifier: ContentClassifier = {
  async classify(text, categories) {
    // Both read the same folding of the text: made once.
    const folded = normaliseForLexicon(text);
    const [lexical, trained] = [lexicalScores(folded, categories), trainedScoresOfNormalised(folded, categories)];
    const scores = new Map<ContentFilterType, number>();
    for (const category of categories) scores.set(category, Math.max(lexical.get(category) ?? 0, trained.get(category) ?? 0));
    return scores;
  },
};
