import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { GuardrailPolicies } from "./config.js";
import type { GroundingDetector } from "./ports.js";
import { compileGuardrail, evaluate, scoreGrounding } from "./index.js";
import { base, fakePii } from "./evaluator.fixture.js";

const BOTH = new Set(["GROUNDING", "RELEVANCE"] as const);
const TOWER = "The Eiffel Tower was completed in 1889 for the World's Fair in Paris. It is 330 metres tall and was designed by the engineering firm of Gustave Eiffel.";
const REFUNDS = "Our refund policy: customers may return unused items within 30 days of purchase for a full refund. Opened software cannot be returned.";

type Range = readonly [min: number, max: number];
type Row = readonly [name: string, source: string, query: string, answer: string, grounding: Range, relevance: Range];

/** Ranges, not exact values: the rows say what the detector must tell apart, not its arithmetic. */
const rows: readonly Row[] = [
  ["a sentence the source states", TOWER, "When was the Eiffel Tower completed?", "The Eiffel Tower was completed in 1889.", [0.95, 1], [0.6, 1]],
  ["a bare answer the source bridges to the question", TOWER, "When was the Eiffel Tower completed?", "1889.", [0.95, 1], [0.6, 1]],
  ["a changed number is not grounded", TOWER, "When was the Eiffel Tower completed?", "The Eiffel Tower was completed in 1925.", [0, 0.5], [0.6, 1]],
  ["an invented clause in an otherwise grounded answer", TOWER, "When was the Eiffel Tower completed?",
    "The tower was completed in 1889 and is painted gold every year by NASA astronauts.", [0, 0.5], [0, 1]],
  ["an answer about something else is neither grounded nor relevant", TOWER, "When was the Eiffel Tower completed?",
    "Bananas are a good source of potassium.", [0, 0.1], [0, 0.1]],
  ["morphology and reordering keep support", TOWER, "Who designed the tower?",
    "It was designed by Gustave Eiffel's engineering firm and completed in 1889.", [0.9, 1], [0.3, 1]],
  ["a policy answer the source states", REFUNDS, "Can I get a refund?", "You can return unused items within 30 days for a full refund.", [0.9, 1], [0.9, 1]],
  ["a policy answer with the wrong period", REFUNDS, "Can I get a refund?", "You can return items within 90 days.", [0, 0.5], [0, 1]],
  ["an off-topic policy answer", REFUNDS, "Can I get a refund?", "Our office is open Monday to Friday.", [0, 0.3], [0, 0.1]],
  ["an answer that claims nothing is not ungrounded", REFUNDS, "Can I get a refund?", "Sorry.", [1, 1], [0, 0]],
];

describe("the lexical grounding scorer", () => {
  for (const [name, source, query, answer, g, r] of rows) {
    it(name, () => {
      const scores = scoreGrounding({ sources: [source], queries: [query], answer }, BOTH);
      const grounding = scores.get("GROUNDING")!;
      const relevance = scores.get("RELEVANCE")!;
      assert.ok(grounding >= g[0] && grounding <= g[1], `GROUNDING ${grounding} outside [${g.join(", ")}]`);
      assert.ok(relevance >= r[0] && relevance <= r[1], `RELEVANCE ${relevance} outside [${r.join(", ")}]`);
    });
  }

  it("scores only what is asked", () => {
    const scores = scoreGrounding({ sources: [TOWER], queries: [], answer: "1889" }, new Set(["GROUNDING"] as const));
    assert.deepEqual([...scores.keys()], ["GROUNDING"]);
  });
});

const groundingPolicy = (threshold: number, action: "BLOCK" | "NONE" = "BLOCK"): Partial<GuardrailPolicies> => ({
  grounding: [{ type: "GROUNDING", threshold, action, enabled: true }, { type: "RELEVANCE", threshold, action, enabled: true }],
});
const compiled = (policies: Partial<GuardrailPolicies>, grounding?: GroundingDetector) =>
  compileGuardrail({ ...base, ...policies }, { pii: fakePii, ...(grounding ? { grounding } : {}) });
const context = { sources: [TOWER], queries: ["When was the Eiffel Tower completed?"] };

describe("contextual grounding in an evaluation", () => {
  it("an ungrounded answer below the threshold blocks, with Bedrock's filter entries and units", async () => {
    const e = await evaluate(compiled(groundingPolicy(0.75)), "OUTPUT", ["The Eiffel Tower was completed in 1925."], { grounding: context });
    assert.equal(e.action, "GUARDRAIL_INTERVENED");
    assert.equal(e.blocked, true);
    const filters = (e.assessment.reveal()["contextualGroundingPolicy"] as { filters: Record<string, unknown>[] }).filters;
    assert.deepEqual(filters.map((f) => [f.type, f.threshold, f.action, f.detected]), [["GROUNDING", 0.75, "BLOCKED", true], ["RELEVANCE", 0.75, "NONE", false]]);
    assert.ok(typeof filters[0]!["score"] === "number");
    assert.equal(e.usage.contextualGroundingPolicyUnits, 3, "source, query and answer, one unit each");
    assert.deepEqual(e.facts.policies, ["contextualGrounding"]);
  });

  it("a grounded answer passes and is still reported", async () => {
    const e = await evaluate(compiled(groundingPolicy(0.75)), "OUTPUT", ["The Eiffel Tower was completed in 1889."], { grounding: context });
    assert.equal(e.action, "NONE");
    const filters = (e.assessment.reveal()["contextualGroundingPolicy"] as { filters: { action: string; detected: boolean }[] }).filters;
    assert.deepEqual(filters.map((f) => [f.action, f.detected]), [["NONE", false], ["NONE", false]]);
  });

  it("action NONE detects without intervening", async () => {
    const e = await evaluate(compiled(groundingPolicy(0.75, "NONE")), "OUTPUT", ["Bananas are yellow."], { grounding: context });
    assert.equal(e.action, "NONE");
    assert.deepEqual(e.facts.policies, ["contextualGrounding"]);
  });

  it("no source and no query: not evaluated, not charged; INPUT is never grounded", async () => {
    const g = compiled(groundingPolicy(0.75));
    for (const e of [
      await evaluate(g, "OUTPUT", ["Bananas are yellow."]),
      await evaluate(g, "OUTPUT", ["Bananas are yellow."], { grounding: { sources: [], queries: [] } }),
      await evaluate(g, "INPUT", ["Bananas are yellow."], { grounding: context }),
    ]) {
      assert.equal(e.action, "NONE");
      assert.equal(e.usage.contextualGroundingPolicyUnits, 0);
      assert.equal(e.assessment.reveal()["contextualGroundingPolicy"], undefined);
    }
  });

  it("a query alone evaluates RELEVANCE only", async () => {
    const e = await evaluate(compiled(groundingPolicy(0.5)), "OUTPUT", ["Bananas are yellow."], { grounding: { sources: [], queries: context.queries } });
    const filters = (e.assessment.reveal()["contextualGroundingPolicy"] as { filters: { type: string }[] }).filters;
    assert.deepEqual(filters.map((f) => f.type), ["RELEVANCE"]);
    assert.equal(e.blocked, true);
  });

  it("a detector behind the port replaces the built-in one; its failure or a nonsense score fails closed", async () => {
    const fixed = (score: number): GroundingDetector => ({ score: async (_i, asked) => new Map([...asked].map((k) => [k, score])) });
    assert.equal((await evaluate(compiled(groundingPolicy(0.5), fixed(0.9)), "OUTPUT", ["Bananas."], { grounding: context })).action, "NONE");
    for (const bad of [fixed(Number.NaN), fixed(1.5), { score: async () => { throw new Error("model down"); } }] as GroundingDetector[]) {
      await assert.rejects(evaluate(compiled(groundingPolicy(0.5), bad), "OUTPUT", ["x"], { grounding: context }),
        (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
    }
  });

  it("a threshold outside 0..0.99 or a repeated filter is refused naming the field", () => {
    assert.throws(() => compiled({ grounding: [{ type: "GROUNDING", threshold: 1, action: "BLOCK", enabled: true }] }),
      (e: unknown) => e instanceof Fault && e.message.includes("'contextualGroundingPolicyConfig.filtersConfig.0.threshold'"));
    assert.throws(() => compiled({ grounding: [{ type: "GROUNDING", threshold: 0.5, action: "BLOCK", enabled: true }, { type: "GROUNDING", threshold: 0.5, action: "BLOCK", enabled: true }] }),
      (e: unknown) => e instanceof Fault && e.message.includes("'contextualGroundingPolicyConfig.filtersConfig.1.type'"));
  });
});
