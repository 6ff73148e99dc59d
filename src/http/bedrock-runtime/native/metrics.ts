import type { Message, StopReason, Usage } from "../../../kernel/index.js";
import type { Millis } from "./types.js";

/**
 * What every family's last stream chunk carries: Bedrock appends
 * `"amazon-bedrock-invocationMetrics"` to the final chunk of InvokeModelWithResponseStream, and
 * clients (LangChain among them) read token counts from it. Counts only: no content.
 */
export const METRICS_KEY = "amazon-bedrock-invocationMetrics";

export interface InvocationMetrics {
  readonly inputTokenCount: number;
  readonly outputTokenCount: number;
  readonly invocationLatency: number;
  readonly firstByteLatency: number;
  readonly cacheReadInputTokenCount?: number;
  readonly cacheWriteInputTokenCount?: number;
}

/** The cache counters, when the provider reported any. */
export function cacheCounts(usage: Usage): { cacheReadInputTokenCount?: number; cacheWriteInputTokenCount?: number } {
  return {
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokenCount: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokenCount: usage.cacheWriteInputTokens }),
  };
}

const monotonic: Millis = () => performance.now();

/** Latency from the encoder's creation: to the first model output, and to the end. */
export class InvocationTimer {
  readonly #now: Millis;
  readonly #start: number;
  #firstByte: number | undefined;

  constructor(now: Millis = monotonic) {
    this.#now = now;
    this.#start = now();
  }

  /** Marks the first model output; later calls keep the first mark. */
  output(): void {
    this.#firstByte ??= this.#now();
  }

  metrics(usage: Usage): InvocationMetrics {
    const end = this.#now();
    return {
      inputTokenCount: usage.inputTokens,
      outputTokenCount: usage.outputTokens,
      invocationLatency: Math.round(end - this.#start),
      firstByteLatency: Math.round((this.#firstByte ?? end) - this.#start),
      ...cacheCounts(usage),
    };
  }
}

/** The text a completion-style family returns: text blocks joined (tool use cannot occur, no tools are sent). */
export function textOf(message: Message): string {
  return message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}

/** "stop" | "length", the two reasons Llama and Mistral completions report. */
export const stopOrLength = (reason: StopReason): "stop" | "length" => (reason === "max_tokens" ? "length" : "stop");
