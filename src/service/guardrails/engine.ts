import type { Direction, GuardrailPolicies } from "../../guardrails/config.js";
import type { Evaluation } from "../../guardrails/ports.js";

/**
 * The evaluator as the runtime uses it: compile a version's policies once (refusing what cannot
 * run, as a validation Fault naming the field), then evaluate texts against it. The compiled form
 * is opaque here; compose/guardrails.ts binds the real compiler and its detectors.
 */
export interface GuardrailEngine<C = unknown> {
  compile(policies: GuardrailPolicies): C;
  evaluate(compiled: C, source: Direction, texts: readonly string[]): Promise<Evaluation>;
}
