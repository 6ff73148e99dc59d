import { sensitive } from "../../kernel/index.js";
import type { GuardrailTrace, StreamEvent } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";

export interface StreamGuardOptions {
  check(text: string): Promise<Evaluation>;
  readonly blockedMessaging: string;
  /** The trace to send, given this guardrail's evaluations and the trace of a guardrail nearer the model, if any. */
  trace(evaluations: readonly Evaluation[], modelOutput?: readonly string[], earlier?: GuardrailTrace): GuardrailTrace | undefined;
}

/**
 * A model's stream, guarded in Bedrock's synchronous mode: no text reaches the caller before the
 * guardrail has read it. Each text block is held until it ends, evaluated whole, and released
 * masked, or replaced by the blocked messaging; once something is blocked, the rest of the
 * answer's content is dropped while the stream is read to its end, so its usage is still counted.
 * Tool use and reasoning pass through: plinth's guardrails read the answer's text. A provider
 * failure mid-block drops what was held (fail closed). Holding a block whole costs latency, not
 * safety; a sliding window (release what the longest entity cannot reach) is the refinement.
 */
export async function* guardStream(events: AsyncIterable<StreamEvent>, options: StreamGuardOptions): AsyncIterable<StreamEvent> {
  const held = new Map<number, string>();
  const evaluations: Evaluation[] = [];
  const modelOutput: string[] = [];
  let intervened = false;
  let blocked = false;
  for await (const event of events) {
    switch (event.type) {
      case "contentBlockStart":
        if (!blocked) yield event;
        break;
      case "contentBlockDelta": {
        if (blocked) break;
        const delta = event.delta.reveal();
        if ("text" in delta) held.set(event.index, (held.get(event.index) ?? "") + delta.text);
        else yield event;
        break;
      }
      case "contentBlockStop": {
        if (blocked) break;
        const text = held.get(event.index);
        if (text !== undefined) {
          held.delete(event.index);
          const evaluation = await options.check(text);
          evaluations.push(evaluation);
          if (evaluation.action !== "NONE") { intervened = true; modelOutput.push(text); }
          const released = evaluation.blocked ? options.blockedMessaging : evaluation.outputs.reveal()[0] ?? "";
          blocked = evaluation.blocked;
          if (released !== "") yield { type: "contentBlockDelta", index: event.index, delta: sensitive({ text: released }) };
        }
        yield event;
        break;
      }
      case "messageStop":
        yield intervened ? { ...event, stopReason: "guardrail_intervened" } : event;
        break;
      case "metadata": {
        const trace = options.trace(evaluations, intervened ? modelOutput : undefined, event.guardrailTrace);
        yield trace === undefined ? event : { ...event, guardrailTrace: trace };
        break;
      }
      default:
        yield event;
    }
  }
}
