import { Fault, sensitive } from "../../kernel/index.js";
import type { GuardrailTrace, StreamEvent } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";

export interface GroundedStreamOptions {
  readonly mode: "sync" | "async";
  /** Scores the whole answer's text against the request's grounding source and query (the grounding check only). */
  check(answer: string): Promise<Evaluation>;
  readonly blockedMessaging: string;
  /** The trace with the grounding evaluation added to what the stream's earlier checks reported. */
  trace(evaluation: Evaluation, earlier: GuardrailTrace | undefined, modelOutput: readonly string[]): GuardrailTrace | undefined;
}

/**
 * Bedrock's contextual-grounding check reads the whole answer. Around a stream already checked by
 * the other policies:
 *
 * - sync: the answer's events are held until the model stops, then scored; grounded, they go on
 *   as they came; not, the answer is replaced by one text block of the blocked messaging and
 *   `stopReason: guardrail_intervened`. An answer longer than the bound is not held without end:
 *   the stream fails closed.
 * - async: events go on as they arrive and the answer is scored at its end; not grounded, the
 *   stop reason says `guardrail_intervened` and the trace says why, as Bedrock documents for
 *   streams (the text was already sent).
 *
 * An answer another policy already stopped (`guardrail_intervened`) is not scored again.
 */
/** The most answer text a synchronous grounded stream holds: as much as one evaluation reads of a request. */
export const MAX_GROUNDED_ANSWER = 100_000;

export async function* groundedStream(events: AsyncIterable<StreamEvent>, options: GroundedStreamOptions): AsyncIterable<StreamEvent> {
  const held: StreamEvent[] = [];
  const texts = new Map<number, string>();
  let length = 0;
  let verdict: Evaluation | undefined;
  let said: string[] = [];
  let stopped = false;
  for await (const event of events) {
    if (event.type === "contentBlockDelta") {
      const delta = event.delta.reveal();
      if ("text" in delta) {
        texts.set(event.index, (texts.get(event.index) ?? "") + delta.text);
        length += delta.text.length;
        if (options.mode === "sync" && length > MAX_GROUNDED_ANSWER) {
          throw new Fault("service-unavailable", `The guardrail could not complete its evaluation (the contextual grounding check reads at most ${MAX_GROUNDED_ANSWER} characters of an answer); the content was not passed on.`);
        }
      }
    }
    if (event.type === "messageStop") {
      stopped = true;
      said = [...texts.values()];
      verdict = event.stopReason === "guardrail_intervened" ? undefined : await options.check(said.join("\n"));
      if (options.mode === "sync") {
        if (verdict?.blocked) {
          yield* held.filter((e) => e.type === "messageStart");
          yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: options.blockedMessaging }) };
          yield { type: "contentBlockStop", index: 0 };
        } else {
          yield* held;
        }
        held.length = 0;
      }
      yield verdict?.blocked ? { ...event, stopReason: "guardrail_intervened" } : event;
      continue;
    }
    if (event.type === "metadata" && verdict !== undefined) {
      const trace = options.trace(verdict, event.guardrailTrace, said);
      yield trace === undefined ? event : { ...event, guardrailTrace: trace };
      continue;
    }
    if (options.mode === "sync" && !stopped) held.push(event);
    else yield event;
  }
  // A stream that ended without its stop: what was held was never checked, so it is not sent,
  // and the caller is told rather than left with an answer that simply stops.
  if (held.length > 0) throw new Fault("service-unavailable", "The model's answer ended before it stopped; the guardrail's contextual grounding check could not read it, and it was not passed on.");
}
