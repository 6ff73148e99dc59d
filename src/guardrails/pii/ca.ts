import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { canadianSin } from "./validators.js";

const SIN_CONTEXT = ["sin", "social insurance", "social insurance number", "numéro d'assurance sociale", "nas"];

export const sinRecogniser: Recogniser = patternRecogniser({
  type: "CA_SOCIAL_INSURANCE_NUMBER",
  maxLength: 11,
  patterns: [
    { pattern: /(?<![\d-])\d{3}([- ])\d{3}\1\d{3}(?![\d-])/g, score: 0.55, validate: canadianSin, context: SIN_CONTEXT },
    { pattern: /(?<![\d-])\d{9}(?![\d-])/g, score: 0.3, validate: canadianSin, context: SIN_CONTEXT },
  ],
});

/**
 * Provincial health numbers differ (Ontario 10 digits and a version code, Quebec 4 letters and 8
 * digits, BC 10 digits); none is checkable from outside, so context decides.
 */
export const caHealthRecogniser: Recogniser = patternRecogniser({
  type: "CA_HEALTH_NUMBER",
  maxLength: 16,
  patterns: [
    {
      pattern: /(?<![\d-])\d{4}([- ]?)\d{3}\1\d{3}(?:[- ]?[A-Z]{2})?(?![\dA-Za-z-])/g,
      score: 0.2,
      context: ["health card", "health number", "health insurance", "ohip", "msp", "phn", "personal health number", "health card number", "carte santé"],
    },
    {
      pattern: /(?<![A-Za-z0-9])[A-Z]{4} ?\d{4} ?\d{4}(?![A-Za-z0-9])/g,
      score: 0.2,
      context: ["health card", "health number", "ramq", "assurance maladie", "carte santé", "health insurance"],
    },
  ],
});
