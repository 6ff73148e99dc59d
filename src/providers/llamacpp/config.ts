import { invalid } from "../../kernel/index.js";

/** The slice of plinth's configuration this adapter owns. */
export interface LlamaCppProviderConfig {
  readonly id: string;
  /** Folder holding the GGUF files; a request's `model` names one of them. */
  readonly modelDir: string;
  /**
   * Milliseconds a request may spend waiting for its turn and generating before it fails with
   * model-timeout; for a stream, the longest wait for the next piece of text. Loading a model
   * file on first use is not counted.
   */
  readonly timeoutMs: number;
  /** CPU threads per model context; 1 by default (on small machines more threads is slower). */
  readonly threads?: number;
  /** Tokens per context; by default 2048 or the model's training context, whichever is smaller. */
  readonly contextSize?: number;
}

export interface LlamaCppSettings {
  readonly id: string;
  readonly modelDir: string;
  readonly timeoutMs: number;
  readonly threads: number;
  readonly contextSize: number | undefined;
}

export const DEFAULT_CONTEXT_SIZE = 2048;
/**
 * The answer's length when a request names no maxTokens. Without one a small model that never
 * says its end-of-turn token would write until the context is full (thousands of tokens, minutes
 * on a CPU); 512 covers an ordinary answer. A request may ask for more, up to what its context
 * leaves (README, "Local models").
 */
export const DEFAULT_MAX_TOKENS = 512;

function positiveInteger(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw invalid(field, "must be a positive integer");
}

/** Checks the slice once at start-up, so a bad value fails there rather than on the first request. */
export function resolveSettings(config: LlamaCppProviderConfig): LlamaCppSettings {
  if (config.id.length === 0) throw invalid("id", "must not be empty");
  if (config.modelDir.length === 0) throw invalid("modelDir", "must not be empty");
  positiveInteger("timeoutMs", config.timeoutMs);
  positiveInteger("threads", config.threads);
  positiveInteger("contextSize", config.contextSize);
  return { id: config.id, modelDir: config.modelDir, timeoutMs: config.timeoutMs, threads: config.threads ?? 1, contextSize: config.contextSize };
}

/** An explicit size is the operator's choice; the default never exceeds what the model was trained on. */
export function contextSizeFor(settings: LlamaCppSettings, trainContextSize: number): number {
  return settings.contextSize ?? Math.min(DEFAULT_CONTEXT_SIZE, trainContextSize);
}
