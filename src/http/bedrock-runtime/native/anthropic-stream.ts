import { fault } from "../../../kernel/index.js";
import type { StopReason, StreamEvent } from "../../../kernel/index.js";
import { anthropicMessage, anthropicStopReason } from "./anthropic-response.js";
import { InvocationTimer, METRICS_KEY } from "./metrics.js";
import type { Millis, NativeStreamEncoder } from "./types.js";

/**
 * Anthropic's streaming events as Bedrock sends them in `chunk`s: message_start,
 * content_block_start / _delta / _stop per block, message_delta (stop reason, usage),
 * message_stop (with the invocation metrics). Differences from the domain stream it bridges:
 * - text blocks need a content_block_start the domain may omit: it is synthesised;
 * - block indexes must run 0, 1, 2... in order of appearance: domain indexes are renumbered;
 * - usage arrives in the domain's last event (metadata, after messageStop), so message_delta and
 *   message_stop are both sent then; message_start reports 0 input tokens, and message_delta
 *   carries the real input count (Anthropic's SDK takes it from there when present).
 */
export function anthropicStream(modelId: string, now?: Millis): NativeStreamEncoder {
  const timer = new InvocationTimer(now);
  const blocks = new Map<number, { index: number; tool: boolean }>();
  let started = false;
  let stopReason: StopReason = "end_turn";

  function start(): unknown[] {
    if (started) return [];
    started = true;
    const message = anthropicMessage(modelId, [], null, { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    return [{ type: "message_start", message }];
  }

  function open(domainIndex: number, toolUse?: { toolUseId: string; name: string }): unknown[] {
    if (blocks.has(domainIndex)) return [];
    const index = blocks.size;
    blocks.set(domainIndex, { index, tool: toolUse !== undefined });
    const contentBlock = toolUse ? { type: "tool_use", id: toolUse.toolUseId, name: toolUse.name, input: {} } : { type: "text", text: "" };
    return [{ type: "content_block_start", index, content_block: contentBlock }];
  }

  function delta(event: Extract<StreamEvent, { type: "contentBlockDelta" }>): unknown[] {
    const d = event.delta.reveal();
    const out = "text" in d ? open(event.index) : [];
    const block = blocks.get(event.index);
    if (!block || block.tool !== !("text" in d)) throw fault("model-stream-error", "The model stream sent a delta that does not match its content block.");
    timer.output();
    const payload = "text" in d ? { type: "text_delta", text: d.text }
      : "toolUseInput" in d ? { type: "input_json_delta", partial_json: d.toolUseInput }
      : "reasoningText" in d ? { type: "thinking_delta", thinking: d.reasoningText }
      : "reasoningSignature" in d ? { type: "signature_delta", signature: d.reasoningSignature }
      : undefined;
    if (payload === undefined) throw fault("model-stream-error", "The model stream sent redacted reasoning this surface cannot carry.");
    return [...out, { type: "content_block_delta", index: block.index, delta: payload }];
  }

  return {
    push(event: StreamEvent): unknown[] {
      const out = start();
      switch (event.type) {
        case "messageStart":
          return out;
        case "contentBlockStart":
          return [...out, ...open(event.index, event.toolUse)];
        case "contentBlockDelta":
          return [...out, ...delta(event)];
        case "contentBlockStop": {
          const opened = open(event.index);
          return [...out, ...opened, { type: "content_block_stop", index: blocks.get(event.index)?.index }];
        }
        case "messageStop":
          stopReason = event.stopReason;
          return out;
        case "metadata":
          return [
            ...out,
            {
              type: "message_delta",
              delta: { stop_reason: anthropicStopReason(stopReason), stop_sequence: null },
              usage: { input_tokens: event.usage.inputTokens, output_tokens: event.usage.outputTokens },
            },
            { type: "message_stop", [METRICS_KEY]: timer.metrics(event.usage) },
          ];
      }
    },
  };
}
