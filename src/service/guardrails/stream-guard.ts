import { Fault, sensitive } from "../../kernel/index.js";
import type { GuardrailTrace, StreamEvent } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";
import type { BlockScanner } from "./engine.js";
import { toolInputTexts } from "./tool-texts.js";

export interface StreamGuardOptions {
  /** A fresh scanner for one text block of the answer. */
  scanner(): BlockScanner;
  /** One complete tool call's input texts, evaluated by the output policies (not yet noted). */
  evaluateTool(texts: readonly string[]): Promise<Evaluation>;
  /** A block's evaluation, once it is complete (ended or blocked): the audit fact and the metric. */
  evaluated(evaluation: Evaluation): void;
  readonly blockedMessaging: string;
  /** Bedrock's streamProcessingMode: `sync` holds text until checked, `async` releases it at once. */
  readonly mode: "sync" | "async";
  /** The trace to send, given this guardrail's evaluations and the trace of a guardrail nearer the model, if any. */
  trace(evaluations: readonly Evaluation[], modelOutput?: readonly string[], earlier?: GuardrailTrace): GuardrailTrace | undefined;
}

/**
 * The most JSON text of one tool call held while it streams. Its string values are bounded again
 * when it is read (the runtime's per-evaluation bound); this bounds what a provider streaming an
 * endless call makes us keep before then.
 */
const MAX_HELD_TOOL_INPUT = 400_000;

/**
 * The most text of one guarded answer, streamed or whole. A block's text is kept until it ends
 * (the scanner's assessment, the trace's `modelOutput`) and read by the detectors, so a provider
 * that streams without end would otherwise make us hold and read all of it (its stream limit is
 * 256 MiB). A million characters is ~250,000 tokens, above any model's longest answer.
 */
export const MAX_GUARDED_ANSWER_CHARACTERS = 1_000_000;

/** A model's answer past MAX_GUARDED_ANSWER_CHARACTERS fails closed: nothing more of it passes. */
export function overlongAnswer(): Fault {
  return new Fault("service-unavailable", `The guardrail could not complete its evaluation (the model's answer is over ${MAX_GUARDED_ANSWER_CHARACTERS} characters); the content was not passed on.`);
}

interface OpenText {
  readonly kind: "text";
  /** The delta member the block streams: answer text, or reasoning, which is read alike. */
  readonly member: "text" | "reasoningText";
  readonly scanner: BlockScanner;
  /** What the model said in this block, for the trace's `modelOutput` when the guardrail intervened. */
  raw: string;
  /** Whether any of it went to the caller (a reasoning block begun on the wire cannot end in text). */
  released: boolean;
  /** A reasoning block's signature deltas, held in `sync` mode until the text they sign is released. */
  readonly signatures: StreamEvent[];
}

interface OpenTool {
  readonly kind: "tool";
  /** The block's start (it names the tool), held with the input so a blocked call leaves no trace of itself. */
  readonly start: StreamEvent | undefined;
  input: string;
}

/**
 * A model's stream, guarded. Text blocks go each through their own scanner:
 *
 * - `sync` (Bedrock's default): no text reaches the caller before the guardrail has read it. The
 *   scanner reads at release boundaries (once `hold + step` characters are held, see
 *   OutputScanner) and releases what no entity, word or regex match can still reach back into,
 *   masked where ANONYMIZE applies.
 * - `async`: each delta goes to the caller as it arrives and is scanned after it left (at the
 *   same boundaries), so a denied word may reach the caller before the cut; as Bedrock documents,
 *   nothing is masked in this mode (the scanner is built without its ANONYMIZE entries), and an
 *   enforced guardrail is always `sync` (a caller cannot loosen an administrator's guardrail).
 *
 * A BLOCK, in the middle of a block or at its end (where topics and content filters read the
 * whole block), ends that block with the blocked messaging; the rest of the answer's content is
 * then dropped while the stream is read to its end, so its usage is still counted, and the stop
 * reason is `guardrail_intervened` with the trace in the metadata event.
 *
 * Tool calls (beyond Bedrock, which does not read them) are held whole in both modes: their start
 * and input deltas until the block stops, then the input's string values are evaluated by the
 * output policies and the call is released as one delta (masked where ANONYMIZE applies), or
 * replaced by the blocked messaging. A partial tool call is worthless to a caller, so holding it
 * costs no latency that matters.
 *
 * Reasoning text (beyond Bedrock, which does not read it) is read as text is, block by block:
 * held and masked in `sync`, released then read in `async`, cut on a BLOCK. Its signature deltas
 * are the provider's opaque proof and pass unread, after the text they sign in `sync` mode; so
 * does redacted reasoning (encrypted bytes). A reasoning block cut after part of it went out is
 * closed and the blocked messaging follows in a text block of its own (a client's accumulator
 * refuses text in a reasoning block). A provider or detector failure mid-block drops what was
 * held (fail closed).
 */
export async function* guardStream(events: AsyncIterable<StreamEvent>, options: StreamGuardOptions): AsyncIterable<StreamEvent> {
  const open = new Map<number, OpenText | OpenTool>();
  const evaluations: Evaluation[] = [];
  const modelOutput: string[] = [];
  let intervened = false;
  let textRead = 0;
  let blocked = false;
  /** The highest block index seen: a cut reasoning block's blocked messaging goes one past it. */
  let lastIndex = -1;

  /** Closes a block's check: its evaluation goes to the trace and the record. */
  const finish = (evaluation: Evaluation, raw: string): void => {
    evaluations.push(evaluation);
    options.evaluated(evaluation);
    if (evaluation.action !== "NONE") {
      intervened = true;
      modelOutput.push(raw);
    }
  };
  const release = (index: number, text: string, member: OpenText["member"] = "text"): StreamEvent =>
    ({ type: "contentBlockDelta", index, delta: sensitive(member === "text" ? { text } : { reasoningText: text }) });
  /**
   * The cut: the block ends with the blocked messaging (the provider's own stop will be dropped
   * with the rest); a reasoning block the caller has seen part of ends, and the messaging follows.
   */
  const cut = (index: number, block?: OpenText): StreamEvent[] => {
    blocked = true;
    if (block?.member !== "reasoningText" || !block.released) return [release(index, options.blockedMessaging), { type: "contentBlockStop", index }];
    const after = lastIndex + 1;
    return [{ type: "contentBlockStop", index }, release(after, options.blockedMessaging), { type: "contentBlockStop", index: after }];
  };

  for await (const event of events) {
    if (blocked && event.type !== "messageStop" && event.type !== "metadata") continue;
    if (event.type === "contentBlockStart" || event.type === "contentBlockDelta" || event.type === "contentBlockStop") lastIndex = Math.max(lastIndex, event.index);
    switch (event.type) {
      case "contentBlockStart":
        if (event.toolUse !== undefined) open.set(event.index, { kind: "tool", start: event, input: "" });
        else yield event;
        break;
      case "contentBlockDelta": {
        const delta = event.delta.reveal();
        if ("toolUseInput" in delta) {
          const held = open.get(event.index);
          // A tool delta without its start (the kernel's contract requires one) is held all the same.
          if (held === undefined || held.kind !== "tool") open.set(event.index, { kind: "tool", start: undefined, input: delta.toolUseInput });
          else held.input += delta.toolUseInput;
          if ((open.get(event.index) as OpenTool).input.length > MAX_HELD_TOOL_INPUT) {
            throw new Fault("service-unavailable", "The guardrail could not complete its evaluation (a tool call's input is too long to hold); the content was not passed on.");
          }
          break;
        }
        const read = "text" in delta ? delta.text : "reasoningText" in delta ? delta.reasoningText : undefined;
        if (read === undefined) {
          const held = open.get(event.index);
          // A signature goes after the reasoning it signs, which sync mode may still hold.
          if ("reasoningSignature" in delta && options.mode === "sync" && held?.kind === "text") held.signatures.push(event);
          else yield event;
          break;
        }
        let block = open.get(event.index);
        if (block === undefined || block.kind !== "text") {
          block = { kind: "text", member: "text" in delta ? "text" : "reasoningText", scanner: options.scanner(), raw: "", released: false, signatures: [] };
          open.set(event.index, block);
        }
        // Asynchronous mode: the text leaves before it is read.
        if (options.mode === "async") {
          block.released = true;
          yield event;
        }
        textRead += read.length;
        if (textRead > MAX_GUARDED_ANSWER_CHARACTERS) throw overlongAnswer();
        block.raw += read;
        const step = await block.scanner.push(read);
        if (step.blocked) {
          open.delete(event.index);
          finish(block.scanner.evaluation(), block.raw);
          yield* cut(event.index, block);
        } else if (options.mode === "sync" && step.text.reveal() !== "") {
          block.released = true;
          yield release(event.index, step.text.reveal(), block.member);
        }
        break;
      }
      case "contentBlockStop": {
        const block = open.get(event.index);
        open.delete(event.index);
        if (block?.kind === "text") {
          const step = await block.scanner.end();
          finish(block.scanner.evaluation(), block.raw);
          if (step.blocked) {
            yield* cut(event.index, block);
            break;
          }
          if (options.mode === "sync" && step.text.reveal() !== "") yield release(event.index, step.text.reveal(), block.member);
          yield* block.signatures;
        } else if (block?.kind === "tool") {
          const input = toolInputTexts(block.input);
          // A call with no text in it (no input, or numbers only) has nothing to read.
          const evaluation = input.texts.length === 0 ? undefined : await options.evaluateTool(input.texts);
          if (evaluation !== undefined) finish(evaluation, block.input);
          if (evaluation?.blocked) {
            yield* cut(event.index);
            break;
          }
          if (block.start !== undefined) yield block.start;
          const released = evaluation === undefined ? block.input : input.rebuild(evaluation.outputs.reveal());
          if (released !== "") yield { type: "contentBlockDelta", index: event.index, delta: sensitive({ toolUseInput: released }) };
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
