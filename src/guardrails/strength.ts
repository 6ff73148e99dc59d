import type { FilterStrength } from "./config.js";

/**
 * Bedrock's filter strength says which confidence levels are filtered: LOW filters only HIGH
 * confidence, MEDIUM filters MEDIUM and HIGH, HIGH filters LOW, MEDIUM and HIGH, NONE filters
 * nothing. With the confidence levels cut at 0.2 / 0.5 / 0.8 of a detector's 0..1 score, a
 * strength becomes the lowest score it acts on.
 */
export const STRENGTH_THRESHOLD: Readonly<Record<FilterStrength, number>> = {
  NONE: Number.POSITIVE_INFINITY,
  LOW: 0.8,
  MEDIUM: 0.5,
  HIGH: 0.2,
};

export type Confidence = "NONE" | "LOW" | "MEDIUM" | "HIGH";

/** Bedrock's confidence label for a detector score (the cuts the strengths above filter on). */
export function confidenceOf(score: number): Confidence {
  if (score >= 0.8) return "HIGH";
  if (score >= 0.5) return "MEDIUM";
  if (score >= 0.2) return "LOW";
  return "NONE";
}

/** Whether a filter at this strength acts on this score. */
export function filters(strength: FilterStrength, score: number): boolean {
  return score >= STRENGTH_THRESHOLD[strength];
}

/** A topic detector's confidence at which the topic counts as detected (topics have no strength). */
export const TOPIC_THRESHOLD = 0.5;
