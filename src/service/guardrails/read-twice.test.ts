import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withSecondRead } from "./read-twice.js";

/** An input read twice as one assessment: the first read's findings, the second's actions, the costs added. */
const metrics = (latency: number, units: number, guarded: number) => ({
  guardrailProcessingLatency: latency, usage: { sensitiveInformationPolicyUnits: units, wordPolicyUnits: 0 }, guardrailCoverage: { textCharacters: { guarded, total: 40 } },
});
const pii = (match: string, action: string) => ({ match, type: "EMAIL", action, detected: true });

const CASES: readonly { why: string; first: Record<string, unknown>; second: Record<string, unknown>; merged: Record<string, unknown> }[] = [
  {
    why: "the second read only detected again what the first reported: nothing listed twice",
    first: { sensitiveInformationPolicy: { piiEntities: [pii("ada@example.org", "NONE")], regexes: [] }, invocationMetrics: metrics(2, 1, 30) },
    second: { sensitiveInformationPolicy: { piiEntities: [pii("ada@example.org", "NONE")], regexes: [] }, invocationMetrics: metrics(3, 1, 28) },
    merged: { sensitiveInformationPolicy: { piiEntities: [pii("ada@example.org", "NONE")], regexes: [] }, invocationMetrics: metrics(5, 2, 30) },
  },
  {
    why: "what the second read masked follows the first read's findings",
    first: { sensitiveInformationPolicy: { piiEntities: [pii("ada@example.org", "ANONYMIZED")], regexes: [] }, invocationMetrics: metrics(2, 1, 30) },
    second: { sensitiveInformationPolicy: { piiEntities: [pii("bob@example.org", "ANONYMIZED")], regexes: [] }, invocationMetrics: metrics(1, 1, 28) },
    merged: { sensitiveInformationPolicy: { piiEntities: [pii("ada@example.org", "ANONYMIZED"), pii("bob@example.org", "ANONYMIZED")], regexes: [] }, invocationMetrics: metrics(3, 2, 30) },
  },
  {
    why: "a policy only the second read acted on is added; one it only detected is not",
    first: { invocationMetrics: metrics(1, 1, 30) },
    second: {
      wordPolicy: { customWords: [{ match: "nightjar", action: "BLOCKED", detected: true }], managedWordLists: [] },
      topicPolicy: { topics: [{ name: "t", type: "DENY", action: "NONE", detected: true }] },
      invocationMetrics: metrics(1, 1, 28),
    },
    merged: { wordPolicy: { customWords: [{ match: "nightjar", action: "BLOCKED", detected: true }], managedWordLists: [] }, invocationMetrics: metrics(2, 2, 30) },
  },
];

describe("withSecondRead", () => {
  for (const c of CASES) it(c.why, () => assert.deepEqual(withSecondRead(c.first, c.second), c.merged));
});
