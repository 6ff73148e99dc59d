import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GuardrailPolicies } from "./config.js";
import { fullAssessment } from "./full-scope.js";
import { base, both } from "./evaluator.fixture.js";

/** ApplyGuardrail's FULL scope: what is added to an assessment, per direction, and what is not. */
const outputOnly = { inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: false, outputEnabled: true } as const;
const policies: GuardrailPolicies = {
  ...base,
  topics: [{ name: "Investing", definition: "advice", examples: [], type: "DENY", ...both }, { name: "Weather", definition: "forecasts", examples: [], type: "DENY", ...outputOnly }],
  contentFilters: [
    { type: "HATE", inputStrength: "HIGH", outputStrength: "LOW", ...both },
    { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE", ...both },
    { type: "INSULTS", inputStrength: "NONE", outputStrength: "MEDIUM", ...both },
  ],
  piiEntities: [{ type: "EMAIL", ...both }, { type: "NAME", ...outputOnly }],
  words: [{ text: "nightjar", ...both }],
  regexes: [{ name: "ref", pattern: "R-\\d+", ...both }],
};

describe("fullAssessment", () => {
  it("INPUT: each evaluated topic, filter and PII type not found is listed as not detected", () => {
    assert.deepEqual(fullAssessment(policies, "INPUT", { invocationMetrics: { x: 1 } }), {
      invocationMetrics: { x: 1 },
      topicPolicy: { topics: [{ name: "Investing", type: "DENY", action: "NONE", detected: false }] },
      contentPolicy: { filters: [
        { type: "HATE", confidence: "NONE", filterStrength: "HIGH", action: "NONE", detected: false },
        { type: "PROMPT_ATTACK", confidence: "NONE", filterStrength: "HIGH", action: "NONE", detected: false },
      ] },
      sensitiveInformationPolicy: { piiEntities: [{ type: "EMAIL", action: "NONE", detected: false }], regexes: [] },
    });
  });

  it("OUTPUT: the output's entries (no prompt attack, strengths of the output), detections kept first; words and regexes untouched", () => {
    const detected = {
      topicPolicy: { topics: [{ name: "Weather", type: "DENY", action: "BLOCKED", detected: true }] },
      wordPolicy: { customWords: [{ match: "nightjar", action: "BLOCKED", detected: true }], managedWordLists: [] },
      sensitiveInformationPolicy: { piiEntities: [{ match: "a@b.co", type: "EMAIL", action: "BLOCKED", detected: true }], regexes: [{ name: "ref", match: "R-1", regex: "R-\\d+", action: "BLOCKED", detected: true }] },
    };
    const full = fullAssessment(policies, "OUTPUT", detected);
    assert.deepEqual(full["topicPolicy"], { topics: [detected.topicPolicy.topics[0], { name: "Investing", type: "DENY", action: "NONE", detected: false }] });
    assert.deepEqual(full["contentPolicy"], { filters: [
      { type: "HATE", confidence: "NONE", filterStrength: "LOW", action: "NONE", detected: false },
      { type: "INSULTS", confidence: "NONE", filterStrength: "MEDIUM", action: "NONE", detected: false },
    ] });
    assert.deepEqual(full["wordPolicy"], detected.wordPolicy);
    assert.deepEqual(full["sensitiveInformationPolicy"], {
      piiEntities: [detected.sensitiveInformationPolicy.piiEntities[0], { type: "NAME", action: "NONE", detected: false }],
      regexes: detected.sensitiveInformationPolicy.regexes,
    });
  });

  it("a guardrail with no such policies adds nothing", () => {
    assert.deepEqual(fullAssessment(base, "INPUT", { invocationMetrics: {} }), { invocationMetrics: {} });
  });
});
