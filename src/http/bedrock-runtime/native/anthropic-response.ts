import { randomBytes } from "node:crypto";
import type { ContentBlock, ConverseResult, StopReason, Usage } from "../../../kernel/index.js";

/**
 * Anthropic Messages responses as Bedrock returns them: `{id, type: "message", role, model,
 * content, stop_reason, stop_sequence, usage}`. `model` is Anthropic's name for the model,
 * derived from the Bedrock id (`us.anthropic.claude-3-5-sonnet-20240620-v1:0` ->
 * `claude-3-5-sonnet-20240620`). `stop_sequence` is the sequence that matched when the provider
 * said which (the request asks for it: see anthropic-request.ts), else null. Usage is Anthropic's:
 * input_tokens leaves out what the prompt cache read or wrote, which have counters of their own.
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
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheWriteInputTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadInputTokens ?? 0,
    output_tokens: usage.outputTokens,
  };
}

/**
 * The matched stop sequence among the provider's response fields: `stop_sequence` of a whole
 * answer, `delta.stop_sequence` of a stream's final delta; null when it named none.
 */
export function stopSequenceOf(reason: StopReason, fields: Readonly<Record<string, unknown>> | undefined): string | null {
  if (reason !== "stop_sequence" || fields === undefined) return null;
  const delta = fields["delta"];
  const value = typeof delta === "object" && delta !== null ? (delta as Record<string, unknown>)["stop_sequence"] : fields["stop_sequence"];
  return typeof value === "string" ? value : null;
}

/** What a model says: text, tool calls and thinking (a result never holds images or tool results). */
function block(b: ContentBlock): unknown[] {
  switch (b.type) {
    case "text": return [{ type: "text", text: b.text }];
    case "toolUse": return [{ type: "tool_use", id: b.toolUseId, name: b.name, input: b.input }];
    case "reasoning": return [{ type: "thinking", thinking: b.text, signature: b.signature ?? "" }];
    case "redactedReasoning": return [{ type: "redacted_thinking", data: Buffer.from(b.data).toString("utf8") }];
    default: return [];
  }
}

/** A Message object: the whole InvokeModel answer, or (empty, no stop reason yet) a stream's message_start. */
export function anthropicMessage(modelId: string, content: unknown[], stopReason: StopReason | null, usage: Usage, stopSequence: string | null = null): Record<string, unknown> {
  return {
    id: messageId(),
    type: "message",
    role: "assistant",
    model: anthropicModelName(modelId),
    content,
    stop_reason: stopReason === null ? null : anthropicStopReason(stopReason),
    stop_sequence: stopSequence,
    usage: anthropicUsage(usage),
  };
}

export function encodeAnthropic(result: ConverseResult, modelId: string): unknown {
  const stopSequence = stopSequenceOf(result.stopReason, result.additionalFields?.reveal());
  return anthropicMessage(modelId, result.message.reveal().content.flatMap(block), result.stopReason, result.usage, stopSequence);
}
