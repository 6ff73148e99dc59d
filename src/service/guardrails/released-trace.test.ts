import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import { releasedTrace } from "./released-trace.js";

/** The trace rule as a function: when it changes a trace, and what it leaves of it. */
const details = (origin: "REQUEST" | "ACCOUNT_ENFORCED") => ({ guardrailId: origin === "REQUEST" ? "r" : "e", guardrailOrigin: [origin] });
const metrics = { guardrailProcessingLatency: 1, usage: { sensitiveInformationPolicyUnits: 1 }, guardrailCoverage: { textCharacters: { guarded: 9, total: 9 } } };
const found = (action: string) => ({
  sensitiveInformationPolicy: {
    piiEntities: [{ match: "ada@example.org", type: "EMAIL", action, detected: true }],
    regexes: [{ name: "ticket", match: "ticket-7", regex: "ticket-\\d+", action: "NONE", detected: true }],
  },
  wordPolicy: { customWords: [{ match: "nightjar", action: "NONE", detected: true }], managedWordLists: [{ match: "darn", type: "PROFANITY", action: "NONE", detected: true }] },
  topicPolicy: { topics: [{ name: "Investments", type: "DENY", action: "NONE", detected: true }] },
  invocationMetrics: metrics,
});
const placeheld = (action: string) => ({
  sensitiveInformationPolicy: {
    piiEntities: [{ match: "{EMAIL}", type: "EMAIL", action, detected: true }],
    regexes: [{ name: "ticket", match: "{ticket}", regex: "ticket-\\d+", action: "NONE", detected: true }],
  },
  wordPolicy: { customWords: [{ match: "{CUSTOM_WORD}", action: "NONE", detected: true }], managedWordLists: [{ match: "{PROFANITY}", type: "PROFANITY", action: "NONE", detected: true }] },
  topicPolicy: { topics: [{ name: "Investments", type: "DENY", action: "NONE", detected: true }] },
  invocationMetrics: metrics,
});
const input = { r: { ...found("NONE"), appliedGuardrailDetails: details("REQUEST") }, e: { ...found("NONE"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") } };

const CASES: readonly { why: string; outputs: Record<string, Record<string, unknown>[]>; released?: Record<string, Record<string, unknown>[]> }[] = [
  {
    why: "an enforced guardrail blocked: no modelOutput, every output match a placeholder, the request guardrail's too",
    outputs: { r: [{ ...found("NONE"), appliedGuardrailDetails: details("REQUEST") }], e: [{ ...found("BLOCKED"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
    released: { r: [{ ...placeheld("NONE"), appliedGuardrailDetails: details("REQUEST") }], e: [{ ...placeheld("BLOCKED"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
  },
  {
    why: "the request's guardrail masked with an enforced one on the call: the same",
    outputs: { r: [{ ...found("ANONYMIZED"), appliedGuardrailDetails: details("REQUEST") }], e: [{ invocationMetrics: metrics, appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
    released: { r: [{ ...placeheld("ANONYMIZED"), appliedGuardrailDetails: details("REQUEST") }], e: [{ invocationMetrics: metrics, appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
  },
  {
    why: "a later streamed block's assessment intervened: every assessment of the answer is placeheld",
    outputs: { e: [{ ...found("NONE"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }, { topicPolicy: { topics: [{ name: "Investments", type: "DENY", action: "BLOCKED", detected: true }] }, appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
    released: { e: [{ ...placeheld("NONE"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }, { topicPolicy: { topics: [{ name: "Investments", type: "DENY", action: "BLOCKED", detected: true }] }, appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] },
  },
  { why: "nothing intervened on the answer: as it was", outputs: { r: [{ ...found("NONE"), appliedGuardrailDetails: details("REQUEST") }], e: [{ ...found("NONE"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") }] } },
  { why: "no enforced guardrail: as it was (Bedrock's trace)", outputs: { r: [{ ...found("BLOCKED"), appliedGuardrailDetails: details("REQUEST") }] } },
];

describe("releasedTrace", () => {
  for (const c of CASES) {
    it(c.why, () => {
      const trace = sensitive({ modelOutput: ["Write to ada@example.org"], inputAssessment: input, outputAssessments: c.outputs, actionReason: "Guardrail blocked." });
      const out = releasedTrace(trace);
      if (c.released === undefined) return assert.equal(out, trace);
      assert.deepEqual(out.reveal(), { inputAssessment: input, outputAssessments: c.released, actionReason: "Guardrail blocked." });
    });
  }

  it("a trace with no output assessments (an input blocked) is as it was", () => {
    const trace = sensitive({ inputAssessment: { e: { ...found("BLOCKED"), appliedGuardrailDetails: details("ACCOUNT_ENFORCED") } }, actionReason: "Guardrail blocked." });
    assert.equal(releasedTrace(trace), trace);
  });
});
