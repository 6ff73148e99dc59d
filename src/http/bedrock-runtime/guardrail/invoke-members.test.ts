import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../../kernel/index.js";
import { invokeGuardrailMembers, invokeTraceShape } from "./invoke-members.js";

/** A Converse trace of two guardrails (the request's and an enforced one), as the use case gives it. */
const converseTrace = {
  modelOutput: ["the answer"],
  inputAssessment: { g1: { sensitiveInformationPolicy: { piiEntities: [{ match: "AB123456C", type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZED", detected: true }] } } },
  outputAssessments: { g1: [{ wordPolicy: { customWords: [{ match: "kestrel", action: "BLOCKED", detected: true }] } }, { invocationMetrics: {} }], g2: [{ topicPolicy: { topics: [] } }] },
  actionReason: "Guardrail blocked.",
};

describe("InvokeModel's guardrail members, in Bedrock's InvokeModel shape", () => {
  it("the trace keys the assessments input and outputs (one {id: assessment} each), never Converse's keys", () => {
    assert.deepEqual(invokeTraceShape(converseTrace), {
      modelOutput: ["the answer"],
      input: converseTrace.inputAssessment,
      outputs: [
        { g1: converseTrace.outputAssessments.g1[0] },
        { g1: converseTrace.outputAssessments.g1[1] },
        { g2: converseTrace.outputAssessments.g2[0] },
      ],
      actionReason: "Guardrail blocked.",
    });
  });

  it("INTERVENED when the guardrail acted (a mask too), NONE otherwise; the trace only when there is one", () => {
    assert.deepEqual(invokeGuardrailMembers(false, undefined), { "amazon-bedrock-guardrailAction": "NONE" });
    const members = invokeGuardrailMembers(true, sensitive(converseTrace));
    assert.equal(members["amazon-bedrock-guardrailAction"], "INTERVENED");
    assert.deepEqual(members["amazon-bedrock-trace"], { guardrail: invokeTraceShape(converseTrace) });
  });
});
