import type { ConverseResult, StopReason, Usage } from "../../kernel/index.js";
import type { ChatIdentity } from "./chat-encode.js";

/**
 * ConverseResult -> an OpenAI Response object (`object: "response"`, status completed, or
 * incomplete when the token limit cut it short). Output items are the answer's blocks in order:
 * reasoning, a message of output_text, function calls. Nothing is stored, so `store` is false.
 * The stream (responses-stream.ts) builds the same object from the same item shapes.
 */
export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export const messageItem = (id: string, text: string, status: "in_progress" | "completed"): Record<string, unknown> =>
  ({ type: "message", id, status, role: "assistant", content: status === "completed" ? [outputText(text)] : [] });
export const outputText = (text: string): Record<string, unknown> => ({ type: "output_text", text, annotations: [], logprobs: [] });
export const reasoningItem = (id: string, text: string): Record<string, unknown> =>
  ({ type: "reasoning", id, summary: [], content: [{ type: "reasoning_text", text }] });
export const functionCallItem = (callId: string, name: string, args: string, status: "in_progress" | "completed"): Record<string, unknown> =>
  ({ type: "function_call", id: `fc_${callId}`, call_id: callId, name, arguments: args, status });

/** OpenAI counts cached input tokens inside input_tokens; Converse keeps them apart. */
export function responsesUsage(usage: Usage): Record<string, unknown> {
  const cached = usage.cacheReadInputTokens ?? 0;
  const input = usage.inputTokens + cached + (usage.cacheWriteInputTokens ?? 0);
  return {
    input_tokens: input, input_tokens_details: { cached_tokens: cached },
    output_tokens: usage.outputTokens, output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + usage.outputTokens,
  };
}

/** The status an answer ends in: the token limit leaves it incomplete, as OpenAI reports it. */
export const finalStatus = (stop: StopReason | undefined): ResponseStatus => (stop === "max_tokens" ? "incomplete" : "completed");

/** The Response object at any point of its life: in progress (no usage yet), finished, or failed. */
export function responseObject(
  who: ChatIdentity, status: ResponseStatus, output: readonly Record<string, unknown>[],
  usage: Usage | undefined, error: { code: string; message: string } | null = null,
): Record<string, unknown> {
  return {
    id: who.id, object: "response", created_at: who.created, model: who.model, status,
    incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
    error, output, store: false, background: false, previous_response_id: null,
    usage: usage === undefined ? null : responsesUsage(usage),
  };
}

export function encodeResponse(result: ConverseResult, who: ChatIdentity): Record<string, unknown> {
  const output: Record<string, unknown>[] = [];
  const texts: string[] = [];
  const flushText = (): void => {
    if (texts.length === 0) return;
    output.push(messageItem(`msg_${who.id}_${output.length}`, texts.join(""), "completed"));
    texts.length = 0;
  };
  for (const block of result.message.reveal().content) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "reasoning") {
      flushText();
      output.push(reasoningItem(`rs_${who.id}_${output.length}`, block.text));
    } else if (block.type === "toolUse") {
      flushText();
      output.push(functionCallItem(block.toolUseId, block.name, JSON.stringify(block.input ?? {}), "completed"));
    }
  }
  flushText();
  return responseObject(who, finalStatus(result.stopReason), output, result.usage);
}
