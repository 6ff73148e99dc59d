import { fault } from "../../../kernel/index.js";
import type { StopReason, StreamDelta, StreamEvent } from "../../../kernel/index.js";
import { anthropicMessage, anthropicStopReason, anthropicUsage, stopSequenceOf } from "./anthropic-response.js";
import { InvocationTimer, METRICS_KEY } from "./metrics.js";
import type { Millis, NativeStreamEncoder } from "./types.js";

/**
 * Anthropic's streaming events as Bedrock sends them in `chunk`s: message_start,
 * content_block_start / _delta / _stop per block, message_delta (stop reason, matched stop
 * sequence, usage), message_stop (with the invocation metrics). Differences from the domain
 * stream it bridges:
 * - the domain opens only tool-use blocks explicitly; any other block's kind is known from its
 *   first delta, so its content_block_start waits for it: text, thinking (thinking_delta and
 *   signature_delta follow) or redacted_thinking (whose opaque data Anthropic sends in the start
 *   event itself, with no delta);
 * - block indexes must run 0, 1, 2... in order of appearance: domain indexes are renumbered;
 * - usage arrives in the domain's last event (metadata, after messageStop), so message_delta and
 *   message_stop are both sent then; message_start reports 0 tokens, and message_delta carries
 *   the real counts, cache counters included (the SDKs take them from there when present).
 */
type Kind = "text" | "thinking" | "redacted_thinking" | "tool_use";

function kindOf(d: StreamDelta): Kind {
  if ("text" in d) return "text";
  if ("toolUseInput" in d) return "tool_use";
  if ("redactedReasoning" in d) return "redacted_thinking";
  return "thinking";
}

const mismatch = (): Error => fault("model-stream-error", "The model stream sent a delta that does not match its content block.");

export function anthropicStream(modelId: string, now?: Millis): NativeStreamEncoder {
  const timer = new InvocationTimer(now);
  const blocks = new Map<number, { index: number; kind: Kind }>();
  let started = false;
  let stopReason: StopReason = "end_turn";
  let stopSequence: string | null = null;

  function start(): unknown[] {
    if (started) return [];
    started = true;
    const message = anthropicMessage(modelId, [], null, { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    return [{ type: "message_start", message }];
  }

  function open(domainIndex: number, contentBlock: { type: Kind } & Record<string, unknown>): unknown[] {
    const index = blocks.size;
    blocks.set(domainIndex, { index, kind: contentBlock.type });
    return [{ type: "content_block_start", index, content_block: contentBlock }];
  }

  function delta(event: Extract<StreamEvent, { type: "contentBlockDelta" }>): unknown[] {
    const d = event.delta.reveal();
    const kind = kindOf(d);
    timer.output();
    const known = blocks.get(event.index);
    if ("redactedReasoning" in d) {
      if (known) throw mismatch();
      return open(event.index, { type: "redacted_thinking", data: Buffer.from(d.redactedReasoning).toString("utf8") });
    }
    const out = known ? [] : kind === "tool_use" ? null : open(event.index, kind === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "", signature: "" });
    const block = blocks.get(event.index);
    if (out === null || !block || block.kind !== kind) throw mismatch();
    const payload = "text" in d ? { type: "text_delta", text: d.text }
      : "toolUseInput" in d ? { type: "input_json_delta", partial_json: d.toolUseInput }
      : "reasoningText" in d ? { type: "thinking_delta", thinking: d.reasoningText }
      : { type: "signature_delta", signature: d.reasoningSignature };
    return [...out, { type: "content_block_delta", index: block.index, delta: payload }];
  }

  return {
    push(event: StreamEvent): unknown[] {
      const out = start();
      switch (event.type) {
        case "messageStart":
          return out;
        case "contentBlockStart":
          if (!event.toolUse || blocks.has(event.index)) return out;
          return [...out, ...open(event.index, { type: "tool_use", id: event.toolUse.toolUseId, name: event.toolUse.name, input: {} })];
        case "contentBlockDelta":
          return [...out, ...delta(event)];
        case "contentBlockStop": {
          // A block that ended without a delta is an empty text block.
          const opened = blocks.has(event.index) ? [] : open(event.index, { type: "text", text: "" });
          return [...out, ...opened, { type: "content_block_stop", index: blocks.get(event.index)?.index }];
        }
        case "messageStop":
          stopReason = event.stopReason;
          stopSequence = stopSequenceOf(event.stopReason, event.additionalFields?.reveal());
          return out;
        case "metadata":
          return [
            ...out,
            {
              type: "message_delta",
              delta: { stop_reason: anthropicStopReason(stopReason), stop_sequence: stopSequence },
              usage: anthropicUsage(event.usage),
            },
            { type: "message_stop", [METRICS_KEY]: timer.metrics(event.usage) },
          ];
      }
    },
  };
}
