import type { PiiEntityType } from "./config.js";
import type { GuardrailPolicies } from "./config.js";
import type { GuardrailFacts, PiiFinder } from "./ports.js";
import type { PiiMatch } from "./pii/recogniser.js";

/** A stand-in PII finder for the evaluator's tests: plain patterns, no validation (the real one is in pii/). */
const PATTERNS: Partial<Record<PiiEntityType, RegExp>> = {
  EMAIL: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  UK_NATIONAL_INSURANCE_NUMBER: /\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  PHONE: /\+?\d[\d -]{8,14}\d/g,
};

export const fakePii: PiiFinder = {
  find(text, types) {
    const found: PiiMatch[] = [];
    for (const type of types) {
      const re = PATTERNS[type];
      if (re === undefined) continue;
      for (const m of text.matchAll(re)) found.push({ type, start: m.index, end: m.index + m[0].length, score: 0.9 });
    }
    return found.sort((a, b) => a.start - b.start);
  },
  maxLength: () => 64,
};

export const both = { inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true } as const;

export const base: GuardrailPolicies = { blockedInputMessaging: "Sorry (input).", blockedOutputsMessaging: "Sorry (output)." };

/** A stand-in evaluator's facts: nothing found, unless `found` says what was. */
export function standInFacts(action: GuardrailFacts["action"], source: GuardrailFacts["source"], found: Partial<GuardrailFacts> = {}): GuardrailFacts {
  return {
    action, outcome: action === "NONE" ? "NONE" : "ANONYMIZED", source, policies: [], piiEntities: {}, regexes: [], topics: [],
    contentFilters: {}, customWords: 0, managedWords: 0, contextualGrounding: [], latencyMs: 0, ...found,
  };
}
