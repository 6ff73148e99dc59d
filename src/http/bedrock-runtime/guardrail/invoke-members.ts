import type { GuardrailTrace } from "../../../kernel/index.js";

/**
 * Bedrock's own members in an InvokeModel answer, and on the last chunk of an
 * InvokeModelWithResponseStream, when the call names a guardrail (its X-Amzn-Bedrock-Guardrail*
 * headers), as recorded from Bedrock (traceloop/openllmetry's guardrail cassettes):
 * - `amazon-bedrock-guardrailAction`: `INTERVENED` whenever the guardrail acted, masking
 *   included (an answer with an anonymised account number is INTERVENED), else `NONE`;
 * - with X-Amzn-Bedrock-Trace, `amazon-bedrock-trace.guardrail`, whose assessments are keyed
 *   differently from Converse's trace: `input` (guardrail id → assessment) for Converse's
 *   `inputAssessment`, and `outputs`, one `{guardrail id → assessment}` per assessment, for
 *   Converse's `outputAssessments` (guardrail id → assessments). `modelOutput` and
 *   `actionReason` keep their names.
 * A client that reads the InvokeModel shape (the Anthropic Bedrock SDK's callers, OpenLLMetry's
 * instrumentation) finds nothing under Converse's keys.
 */
export const GUARDRAIL_ACTION_KEY = "amazon-bedrock-guardrailAction";
export const TRACE_KEY = "amazon-bedrock-trace";

export function invokeGuardrailMembers(intervened: boolean, trace: GuardrailTrace | undefined): Record<string, unknown> {
  return {
    [GUARDRAIL_ACTION_KEY]: intervened ? "INTERVENED" : "NONE",
    ...(trace === undefined ? {} : { [TRACE_KEY]: { guardrail: invokeTraceShape(trace.reveal()) } }),
  };
}

/** Converse's `GuardrailTraceAssessment` keyed as InvokeModel's trace is; other members as they are. */
export function invokeTraceShape(converse: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(converse)) {
    if (key === "inputAssessment") out["input"] = value;
    else if (key === "outputAssessments") out["outputs"] = perAssessment(value as Readonly<Record<string, readonly unknown[]>>);
    else out[key] = value;
  }
  return out;
}

function perAssessment(byGuardrail: Readonly<Record<string, readonly unknown[]>>): Array<Record<string, unknown>> {
  return Object.entries(byGuardrail).flatMap(([id, assessments]) => assessments.map((a) => ({ [id]: a })));
}
