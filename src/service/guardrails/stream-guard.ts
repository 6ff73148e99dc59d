import { sensitive } from "../../kernel/index.js";
import type { GuardrailTrace, StreamEvent } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";
import type { BlockScanner } from "./engine.js";

export interface StreamGuardOptions {
  /** A fresh scanner for one text block of the answer. */
  scanner(): BlockScanner;
  /** A text block's evaluation, once it is complete (ended or blocked): the audit fact and the metric. */
  evaluated(evaluation: Evaluation): void;
  readonly blockedMessaging: string;
  /** The trace to send, given this guardrail's evaluations and the trace of a guardrail nearer the model, if any. */
  trace(evaluations: readonly Evaluation[], modelOutput?: readonly string[], earlier?: GuardrailTrace): GuardrailTrace | undefined;
}

interface OpenBlock {
  readonly scanner: BlockScanner;
  /** What the model said in this block, for the trace's `modelOutput` when the guardrail intervened. */
  raw: string;
}

/**
 * A model's stream, guarded in Bedrock's synchronous mode: no text reaches the caller before the
 * guardrail has read it. Each text block goes through its own scanner, which releases text as
 * soon as no entity, word or regex match can still reach back into it (see OutputScanner), masked
 * where ANONYMIZE applies. A BLOCK, in the middle of a block or at its end (where topics and
 * content filters read the whole block), ends that block with the blocked messaging; the rest of
 * the answer's content is then dropped while the stream is read to its end, so its usage is still
 * counted. Tool use and reasoning pass through: plinth's guardrails read the answer's text. A
 * provider or detector failure mid-block drops what was held (fail closed).
 */
export async function* guardStream(events: AsyncIterable<StreamEvent>, options: StreamGuardOptions): AsyncIterable<StreamEvent> {
  const open = new Map<number, OpenBlock>();
  const evaluations: Evaluation[] = [];
  const modelOutput: string[] = [];
  let intervened = false;
  let blocked = false;

  /** Closes a block's scan: its evaluation goes to the trace and the record. */
  const finish = (block: OpenBlock): void => {
    const evaluation = block.scanner.evaluation();
    evaluations.push(evaluation);
    options.evaluated(evaluation);
    if (evaluation.action !== "NONE") {
      intervened = true;
      modelOutput.push(block.raw);
    }
  };
  const release = (index: number, text: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ text }) });

  for await (const event of events) {
    switch (event.type) {
      case "contentBlockStart":
        if (!blocked) yield event;
        break;
      case "contentBlockDelta": {
        if (blocked) break;
        const delta = event.delta.reveal();
        if (!("text" in delta)) {
          yield event;
          break;
        }
        let block = open.get(event.index);
        if (block === undefined) {
          block = { scanner: options.scanner(), raw: "" };
          open.set(event.index, block);
        }
        block.raw += delta.text;
        const step = await block.scanner.push(delta.text);
        if (step.blocked) {
          blocked = true;
          open.delete(event.index);
          finish(block);
          // The provider's stop for this block will be dropped with the rest: close it here.
          yield release(event.index, options.blockedMessaging);
          yield { type: "contentBlockStop", index: event.index };
        } else if (step.text.reveal() !== "") {
          yield release(event.index, step.text.reveal());
        }
        break;
      }
      case "contentBlockStop": {
        if (blocked) break;
        const block = open.get(event.index);
        if (block !== undefined) {
          open.delete(event.index);
          const step = await block.scanner.end();
          finish(block);
          blocked = step.blocked;
          const text = step.blocked ? options.blockedMessaging : step.text.reveal();
          if (text !== "") yield release(event.index, text);
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
