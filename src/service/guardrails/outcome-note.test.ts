import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { RequestContext, RequestNotes } from "../../kernel/index.js";
import type { Evaluation, GuardrailFacts } from "../../guardrails/ports.js";
import { standInFacts } from "../../guardrails/evaluator.fixture.js";
import type { ResolvedGuardrail } from "./directory.js";
import { noteOutcome } from "./outcome-note.js";

const g1: ResolvedGuardrail = { arn: "arn:aws:bedrock:eu-west-2:111122223333:guardrail/g1", guardrailId: "g1", version: "1", revision: "1", policies: { blockedInputMessaging: "", blockedOutputsMessaging: "" } };
const g2: ResolvedGuardrail = { ...g1, arn: g1.arn.replace("g1", "g2"), guardrailId: "g2" };

function evaluation(facts: GuardrailFacts): Evaluation {
  return {
    action: facts.action, blocked: facts.outcome === "BLOCKED", facts, outputs: sensitive([]), assessment: sensitive({}),
    usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 0, sensitiveInformationPolicyUnits: 0, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
  };
}

function noting(): { ctx: RequestContext; notes: RequestNotes } {
  const notes: RequestNotes = {};
  return { notes, ctx: { notes } as unknown as RequestContext };
}

describe("the request's guardrail note", () => {
  it("sums one guardrail's evaluations of one direction: the stronger outcome, counts added, findings joined, the highest confidence", () => {
    const { ctx, notes } = noting();
    noteOutcome(ctx, g1, evaluation(standInFacts("GUARDRAIL_INTERVENED", "OUTPUT", {
      policies: ["sensitiveInformation", "content"], piiEntities: { EMAIL: 1 }, regexes: [{ index: 2, count: 1 }], topics: [3],
      contentFilters: { HATE: "HIGH", INSULTS: "LOW" }, customWords: 1,
    })), "REQUEST");
    noteOutcome(ctx, g1, evaluation(standInFacts("NONE", "OUTPUT")), "REQUEST");
    noteOutcome(ctx, g1, evaluation(standInFacts("GUARDRAIL_INTERVENED", "OUTPUT", {
      outcome: "BLOCKED", policies: ["word", "sensitiveInformation", "topic"], piiEntities: { EMAIL: 2, UK_NATIONAL_INSURANCE_NUMBER: 1 },
      regexes: [{ index: 0, count: 4 }, { index: 2, count: 1 }], topics: [0, 3], contentFilters: { INSULTS: "MEDIUM" }, managedWords: 2,
      contextualGrounding: ["RELEVANCE"],
    })), "REQUEST");
    assert.deepEqual(notes.guardrail!.evaluations, [{
      identifier: "g1", version: "1", origin: "REQUEST", source: "OUTPUT", action: "GUARDRAIL_INTERVENED", outcome: "BLOCKED", evaluations: 3,
      policies: ["sensitiveInformation", "content", "word", "topic"], piiEntities: { EMAIL: 3, UK_NATIONAL_INSURANCE_NUMBER: 1 },
      regexes: [{ index: 0, count: 4 }, { index: 2, count: 2 }], topics: [0, 3], contentFilters: { HATE: "HIGH", INSULTS: "MEDIUM" },
      customWords: 1, managedWords: 2, contextualGrounding: ["RELEVANCE"],
    }]);
  });

  it("keeps directions, guardrails and origins apart, in the order first evaluated; the summary names the first that intervened", () => {
    const { ctx, notes } = noting();
    noteOutcome(ctx, g1, evaluation(standInFacts("NONE", "INPUT")), "REQUEST");
    noteOutcome(ctx, g2, evaluation(standInFacts("GUARDRAIL_INTERVENED", "INPUT", { piiEntities: { EMAIL: 1 }, policies: ["sensitiveInformation"] })), "ACCOUNT_ENFORCED");
    noteOutcome(ctx, g1, evaluation(standInFacts("GUARDRAIL_INTERVENED", "OUTPUT", { outcome: "BLOCKED", policies: ["word"], customWords: 1 })), "REQUEST");
    noteOutcome(ctx, g2, evaluation(standInFacts("NONE", "OUTPUT")), "ACCOUNT_ENFORCED");
    const g = notes.guardrail!;
    assert.deepEqual([g.identifier, g.origin, g.action, g.policies], ["g2", "ACCOUNT_ENFORCED", "INTERVENED", ["sensitiveInformation", "word"]]);
    assert.deepEqual(g.evaluations!.map((e) => [e.identifier, e.origin, e.source, e.outcome, e.evaluations]), [
      ["g1", "REQUEST", "INPUT", "NONE", 1],
      ["g2", "ACCOUNT_ENFORCED", "INPUT", "ANONYMIZED", 1],
      ["g1", "REQUEST", "OUTPUT", "BLOCKED", 1],
      ["g2", "ACCOUNT_ENFORCED", "OUTPUT", "NONE", 1],
    ]);
  });
});
