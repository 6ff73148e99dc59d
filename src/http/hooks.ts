import type { RequestContext } from "../kernel/index.js";
import type { Operation } from "./operation.js";

/**
 * The seams capabilities plug into, as smithy's server has them: admission and the guards may
 * refuse (throw a Fault) or, for the guards, return a replacement; observers only watch. Each
 * receives the operation (so it can choose the ones it cares about by name or action), the
 * request context and the resolved input: what the caller named, in canonical form.
 */
export interface Step {
  readonly op: Operation;
  readonly ctx: RequestContext;
  /** The canonical resource ARN the request was authorised on. */
  readonly resource: string;
  /** The operation's resolved input (its own type; a hook narrows by `op.name`). */
  readonly input: unknown;
  /** The size of the request's body in bytes: a content-free measure (quotas estimate tokens from it). */
  readonly bodyBytes?: number;
}

/** Quotas, residency, account settings: may refuse the request after it was authorised. */
export interface Admission {
  readonly name: string;
  admit(step: Step): Promise<void>;
}

/** Guardrails on what goes in: returns the input to invoke with (the same, or a replacement). */
export interface InputGuard {
  readonly name: string;
  guardInput(step: Step): Promise<unknown>;
}

/** Guardrails on what comes out: returns the output to encode (a transform over a stream, say). */
export interface OutputGuard {
  readonly name: string;
  guardOutput(step: Step, output: unknown): Promise<unknown>;
}

export interface PipelineHooks {
  readonly admission?: readonly Admission[];
  readonly inputGuards?: readonly InputGuard[];
  readonly outputGuards?: readonly OutputGuard[];
}
