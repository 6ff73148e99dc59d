import type { StopReason, StreamEvent, Usage } from "../../../kernel/index.js";
import { InvocationTimer, METRICS_KEY } from "./metrics.js";
import type { Millis, NativeStreamEncoder } from "./types.js";

/**
 * The stream shape shared by the text-completion families (Llama, Titan Text, Mistral): one
 * chunk per text delta, then a final chunk with the stop reason, the token counts and the
 * invocation metrics. Token counts are only known when the provider reports usage (the
 * `metadata` event, after `messageStop`), so intermediate chunks carry null counts rather than
 * invented ones; the final chunk carries the true totals.
 *
 * Tool-use deltas are dropped: these families send no tools, so a model has none to call.
 */
export interface CompletionChunks {
  text(text: string): Record<string, unknown>;
  final(stopReason: StopReason, usage: Usage): Record<string, unknown>;
}

export function completionStream(chunks: CompletionChunks, now?: Millis): NativeStreamEncoder {
  const timer = new InvocationTimer(now);
  let stopReason: StopReason = "end_turn";
  return {
    push(event: StreamEvent): unknown[] {
      switch (event.type) {
        case "contentBlockDelta": {
          const delta = event.delta.reveal();
          if (!("text" in delta)) return [];
          timer.output();
          return [chunks.text(delta.text)];
        }
        case "messageStop":
          stopReason = event.stopReason;
          return [];
        case "metadata":
          return [{ ...chunks.final(stopReason, event.usage), [METRICS_KEY]: timer.metrics(event.usage) }];
        default:
          return [];
      }
    },
  };
}
