import { Fault, sensitive } from "../../kernel/index.js";
import type { GuardrailTrace, StreamDelta, StreamEvent } from "../../kernel/index.js";
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
 *   as they came (a block's reasoning deltas joined into one); not, the answer is replaced by one
 *   text block of the blocked messaging and `stopReason: guardrail_intervened`. An answer longer
 *   than the bounds (its text, or all it holds) is not held without end: the stream fails closed.
 * - async: events go on as they arrive and the answer is scored at its end; not grounded, the
 *   stop reason says `guardrail_intervened` and the trace says why, as Bedrock documents for
 *   streams (the text was already sent).
 *
 * An answer another policy already stopped (`guardrail_intervened`) is not scored again.
 */
/** The most answer text a synchronous grounded stream holds: as much as one evaluation reads of a request. */
export const MAX_GROUNDED_ANSWER = 100_000;
/**
 * The most a synchronous grounded stream holds of all the answer's events (reasoning, tool calls,
 * text), counted as their characters (bytes for binary) and HELD_EVENT for each event kept apart:
 * ~2 MB of strings and at most ~15,000 event objects. A reasoning model thinks in deltas of a few
 * characters; those of one block are held as one delta, so a long reasoning fits.
 */
export const MAX_GROUNDED_HELD = 1_000_000;
/** What one held event counts for beyond its characters: its objects take ~120 bytes (measured), what ~64 characters do. */
const HELD_EVENT = 64;
const JOINED = 256;

function overheld(): Fault {
  return new Fault("service-unavailable", `The guardrail could not complete its evaluation (the contextual grounding check holds at most ${MAX_GROUNDED_HELD} characters of an answer's events until it stops); the content was not passed on.`);
}

/** The characters (bytes) a delta carries. */
function sizeOf(delta: StreamDelta): number {
  let n = 0;
  for (const value of Object.values(delta)) n += typeof value === "string" ? value.length : value instanceof Uint8Array ? value.byteLength : 0;
  return n;
}

/**
 * What a synchronous grounded stream holds, within MAX_GROUNDED_HELD; a block's run of reasoning
 * deltas kept as one. Its pieces are joined every JOINED of them: appending each to one string
 * made V8 keep a node per piece (~32 bytes for a one-character delta).
 */
class Held {
  #events: StreamEvent[] = [];
  #thinking: { readonly index: number; readonly joined: string[]; pieces: string[] } | undefined;
  #size = 0;

  get empty(): boolean {
    return this.#events.length === 0 && this.#thinking === undefined;
  }

  add(event: StreamEvent): void {
    const delta = event.type === "contentBlockDelta" ? event.delta.reveal() : undefined;
    const reasoning = delta !== undefined && "reasoningText" in delta ? delta.reasoningText : undefined;
    const thinking = this.#thinking;
    if (reasoning !== undefined && event.type === "contentBlockDelta" && thinking?.index === event.index) {
      thinking.pieces.push(reasoning);
      if (thinking.pieces.length >= JOINED) {
        thinking.joined.push(thinking.pieces.join(""));
        thinking.pieces = [];
      }
      this.#size += reasoning.length;
    } else {
      this.#flush();
      this.#size += HELD_EVENT + (delta === undefined ? 0 : sizeOf(delta));
      if (reasoning !== undefined && event.type === "contentBlockDelta") this.#thinking = { index: event.index, joined: [], pieces: [reasoning] };
      else this.#events.push(event);
    }
    if (this.#size > MAX_GROUNDED_HELD) throw overheld();
  }

  /** Everything held, in order; nothing is held after. */
  take(): StreamEvent[] {
    this.#flush();
    const events = this.#events;
    this.#events = [];
    this.#size = 0;
    return events;
  }

  #flush(): void {
    const thinking = this.#thinking;
    if (thinking === undefined) return;
    const text = [...thinking.joined, ...thinking.pieces].join("");
    this.#events.push({ type: "contentBlockDelta", index: thinking.index, delta: sensitive({ reasoningText: text }) });
    this.#thinking = undefined;
  }
}

export async function* groundedStream(events: AsyncIterable<StreamEvent>, options: GroundedStreamOptions): AsyncIterable<StreamEvent> {
  const held = new Held();
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
        const answer = held.take();
        if (verdict?.blocked) {
          yield* answer.filter((e) => e.type === "messageStart");
          yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: options.blockedMessaging }) };
          yield { type: "contentBlockStop", index: 0 };
        } else {
          yield* answer;
        }
      }
      yield verdict?.blocked ? { ...event, stopReason: "guardrail_intervened" } : event;
      continue;
    }
    if (event.type === "metadata" && verdict !== undefined) {
      const trace = options.trace(verdict, event.guardrailTrace, said);
      yield trace === undefined ? event : { ...event, guardrailTrace: trace };
      continue;
    }
    if (options.mode === "sync" && !stopped) held.add(event);
    else yield event;
  }
  // A stream that ended without its stop: what was held was never checked, so it is not sent,
  // and the caller is told rather than left with an answer that simply stops.
  if (!held.empty) throw new Fault("service-unavailable", "The model's answer ended before it stopped; the guardrail's contextual grounding check could not read it, and it was not passed on.");
}
