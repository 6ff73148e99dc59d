import type { Direction, GuardrailPolicies } from "../../guardrails/config.js";
import type { Sensitive } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";
import type { EvaluateOptions } from "../../guardrails/assess.js";

/**
 * One text block of a streamed answer, checked as it arrives: each push answers with the text
 * that may go to the caller now (checked and masked; empty while it is held), or that a BLOCK
 * fired and nothing more may go. `evaluation` is the block's assessment so far, for the trace.
 */
export interface BlockScanner {
  push(chunk: string): Promise<{ readonly text: Sensitive<string>; readonly blocked: boolean }>;
  end(): Promise<{ readonly text: Sensitive<string>; readonly blocked: boolean }>;
  evaluation(): Evaluation;
}

/**
 * The evaluator as the runtime uses it: compile a version's policies once (refusing what cannot
 * run, as a validation Fault naming the field), then evaluate texts against it. The compiled form
 * is opaque here; compose/guardrails.ts binds the real compiler and its detectors.
 */
export interface GuardrailEngine<C = unknown> {
  compile(policies: GuardrailPolicies): C;
  evaluate(compiled: C, source: Direction, texts: readonly string[], options?: EvaluateOptions): Promise<Evaluation>;
  /**
   * A scanner for one streamed text block. `masking: false` (Bedrock's asynchronous mode, where
   * text leaves before it is read) leaves ANONYMIZE entries out: only what blocks is looked for.
   */
  scanner(compiled: C, source: Direction, options?: { readonly masking?: boolean }): BlockScanner;
}
