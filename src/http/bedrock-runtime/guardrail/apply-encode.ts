import type { GuardrailPolicies } from "../../../guardrails/config.js";
import { fullAssessment } from "../../../guardrails/full-scope.js";
import type { Evaluation } from "../../../guardrails/ports.js";

/**
 * ApplyGuardrailResponse. The outputs are the texts as they may go on (masks applied); with
 * outputScope INTERVENTIONS (the default) they come back only when the guardrail intervened, as
 * in Bedrock, so an untouched text is not echoed for nothing. FULL returns the whole output: the
 * outputs always, and an assessment listing what was evaluated and found nothing as well (see
 * fullAssessment). Everything here is the caller's own content, answered to the caller alone.
 */
export function encodeApplyGuardrailOutput(evaluation: Evaluation, outputScope: "INTERVENTIONS" | "FULL", blockedMessaging: string, policies: GuardrailPolicies): Record<string, unknown> {
  const intervened = evaluation.action !== "NONE";
  const outputs = evaluation.blocked ? [blockedMessaging] : evaluation.outputs.reveal();
  const assessment = outputScope === "FULL" ? fullAssessment(policies, evaluation.facts.source, evaluation.assessment.reveal()) : evaluation.assessment.reveal();
  const metrics = assessment["invocationMetrics"] as { guardrailCoverage?: unknown } | undefined;
  return {
    usage: evaluation.usage,
    action: evaluation.action,
    actionReason: !intervened ? "No action." : evaluation.blocked ? "Guardrail blocked." : "Guardrail masked.",
    outputs: intervened || outputScope === "FULL" ? outputs.map((text) => ({ text })) : [],
    assessments: [assessment],
    ...(metrics?.guardrailCoverage === undefined ? {} : { guardrailCoverage: metrics.guardrailCoverage }),
  };
}
