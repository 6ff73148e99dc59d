import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GuardrailPolicies } from "./config.js";
import type { ContentFree, GuardrailFacts } from "./ports.js";
import { compileGuardrail, evaluate, evaluateSliced, SLICED_FROM } from "./index.js";
import { base, both, fakePii } from "./evaluator.fixture.js";

/**
 * An evaluation's facts are what a log, the audit record and the metrics are given: the types and
 * counts found, with every configured string (regex and topic names, words) named by position.
 * Every string below that the facts must not hold contains "canary".
 */
const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const detectOnly = { inputAction: "NONE", outputAction: "NONE", inputEnabled: true, outputEnabled: true } as const;
const topic = (name: string) => ({ name, definition: `about ${name}`, examples: [], type: "DENY" as const, ...detectOnly });

const policies: GuardrailPolicies = {
  ...base,
  piiEntities: [{ type: "EMAIL", ...anonymize }, { type: "UK_NATIONAL_INSURANCE_NUMBER", ...anonymize }],
  regexes: [{ name: "unused-canary-regex", pattern: "ZZZ-\\d+", ...anonymize }, { name: "ticket-canary-regex", pattern: "TCK-\\d{4}", ...anonymize }],
  words: [{ text: "canaryword", ...detectOnly }],
  managedWordLists: [{ type: "PROFANITY", ...detectOnly }],
  topics: [topic("first canary topic"), topic("second canary topic")],
  contentFilters: [{ type: "INSULTS", inputStrength: "HIGH", outputStrength: "HIGH", ...both }],
};
const g = compileGuardrail(policies, {
  pii: fakePii,
  // Deterministic stand-ins: the second topic and an insult at MEDIUM confidence, whatever the text.
  topics: { build: (topics) => ({ detect: async () => new Map([[topics[1]!.name, 0.9]]) }) },
  content: { classify: async () => new Map([["INSULTS", 0.6]]) },
});
const text = "canary.person@example.org and canary@example.net, NI AB123456C, tickets TCK-1234 TCK-5678, canaryword, CanaryWord.";

describe("guardrail facts", () => {
  it("say what was done and the types and counts found, naming configured strings by position", async () => {
    const { facts } = await evaluate(g, "INPUT", [text]);
    const { latencyMs, ...rest } = facts;
    assert.ok(latencyMs >= 0);
    assert.deepEqual(rest, {
      action: "GUARDRAIL_INTERVENED", outcome: "BLOCKED", source: "INPUT",
      policies: ["topic", "content", "word", "sensitiveInformation"],
      piiEntities: { EMAIL: 2, UK_NATIONAL_INSURANCE_NUMBER: 1 },
      regexes: [{ index: 1, count: 2 }],
      topics: [1],
      contentFilters: { INSULTS: "MEDIUM" },
      customWords: 2, managedWords: 0, contextualGrounding: [],
    } satisfies Omit<GuardrailFacts, "latencyMs">);
    assert.doesNotMatch(JSON.stringify(facts), /canary|example|AB123456C|TCK-/i);
  });

  it("the same from a text read in slices (nothing blocks: a BLOCK stops the slices where it fires)", async () => {
    const noticing = compileGuardrail({ ...policies, contentFilters: [{ type: "INSULTS", inputStrength: "HIGH", outputStrength: "HIGH", ...detectOnly }] }, {
      pii: fakePii,
      topics: { build: (topics) => ({ detect: async () => new Map([[topics[1]!.name, 0.9]]) }) },
      content: { classify: async () => new Map([["INSULTS", 0.6]]) },
    });
    const long = `${"x ".repeat(SLICED_FROM)} ${text}`;
    const [whole, sliced] = [await evaluate(noticing, "INPUT", [long]), await evaluateSliced(noticing, "INPUT", [long])];
    assert.equal(whole.blocked, false);
    assert.deepEqual(whole.facts.piiEntities, { EMAIL: 2, UK_NATIONAL_INSURANCE_NUMBER: 1 });
    assert.deepEqual({ ...sliced.facts, latencyMs: 0 }, { ...whole.facts, latencyMs: 0 });
  });

  // Checked by the compiler, which builds the tests: each @ts-expect-error fails the build when
  // the line below it compiles, so a ContentFree that let a string through breaks `npm test`.
  it("cannot hold text: a string member or a string-keyed record is refused by type", () => {
    const closed: ContentFree<GuardrailFacts> = true;
    const literal: ContentFree<{ a: "X" | "Y"; b: readonly { n: number }[]; c: Partial<Record<"X", number>> }> = true;
    // @ts-expect-error a string member is content
    const text: ContentFree<{ a: number; b: string }> = true;
    // @ts-expect-error a string-keyed record can carry content in its keys
    const keyed: ContentFree<{ a: Readonly<Record<string, number>> }> = true;
    // @ts-expect-error a list of strings is content
    const listed: ContentFree<{ a: readonly string[] }> = true;
    assert.deepEqual([closed, literal, text, keyed, listed], [true, true, true, true, true]);
  });
});
