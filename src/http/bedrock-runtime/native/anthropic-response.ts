import { randomBytes } from "node:crypto";
import type { ContentBlock, ConverseResult, StopReason, Usage } from "../../../kernel/index.js";

/**
 * Anthropic Messages responses as Bedrock returns them: `{id, type: "message", role, model,
 * content, stop_reason, stop_sequence, usage}`. `model` is Anthropic's name for the model,
 * derived from the Bedrock id (`us.anthropic.claude-3-5-sonnet-20240620-v1:0` ->
 * `claude-3-5-sonnet-20240620`). `stop_sequence` is null: the domain result says a stop
 * sequence matched, not which one. No prompt cache exists, so the cache counters are 0.
 */
export function anthropicModelName(modelId: string): string {
  const base = modelId.slice(modelId.lastIndexOf("/") + 1);
  const start = base.indexOf("anthropic.");
  // Only dated ids have a clean Anthropic name; older ones (`claude-v2:1`) are returned as they are.
  return (start < 0 ? base : base.slice(start + "anthropic.".length)).replace(/(-\d{8})-v\d+(?::\d+)?$/, "$1");
}

/** Bedrock's message ids carry a `msg_bdrk_` prefix. */
export function messageId(): string {
  return `msg_bdrk_${randomBytes(12).toString("hex")}`;
}

/**
 * Anthropic has no guardrail stop reason: a guardrail's replacement text ends the turn normally
 * (the HTTP layer adds `amazon-bedrock-guardrailAction`); a provider's own filter is a refusal.
 */
export function anthropicStopReason(reason: StopReason): string {
  switch (reason) {
    case "guardrail_intervened":
      return "end_turn";
    case "content_filtered":
      return "refusal";
    default:
      return reason;
  }
}

export function anthropicUsage(usage: Usage): Record<string, number> {
  return { input_tokens: usage.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: usage.outputTokens };
}

/** Only what a model says: text and tool calls (a result never holds images or tool results). */
function block(b: ContentBlock): unknown[] {
  if (b.type === "text") return [{ type: "text", text: b.text }];
  if (b.type === "toolUse") return [{ type: "tool_use", id: b.toolUseId, name: b.name, input: b.input }];
  return [];
}

/** A Message object: the whole InvokeModel answer, or (empty, no stop reason yet) a stream's message_start. */
export function anthropicMessage(modelId: string, content: unknown[], stopReason: StopReason | null, usage: Usage): Record<string, unknown> {
  return {
    id: messageId(),
    type: "message",
    role: "assistant",
    model: anthropicModelName(modelId),
    content,
    stop_reason: stopReason === null ? null : anthropicStopReason(stopReason),
    stop_sequence: null,
    usage: anthropicUsage(usage),
  };
}

export function encodeAnthropic(result: ConverseResult, modelId: string): unknown {
  return anthropicMessage(modelId, result.message.reveal().content.flatMap(block), result.stopReason, result.usage);
}
