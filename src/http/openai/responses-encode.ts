import type { ConverseResult } from "../../kernel/index.js";
import type { ChatIdentity } from "./chat-encode.js";

/**
 * ConverseResult -> an OpenAI Response object (`object: "response"`, status completed, or
 * incomplete when the token limit cut it short). Output items are the answer's blocks in order:
 * reasoning, a message of output_text, function calls. Nothing is stored, so `store` is false.
 */
export function encodeResponse(result: ConverseResult, who: ChatIdentity): Record<string, unknown> {
  const output: Record<string, unknown>[] = [];
  const texts: string[] = [];
  const flushText = (): void => {
    if (texts.length === 0) return;
    output.push({
      type: "message", id: `msg_${who.id}_${output.length}`, status: "completed", role: "assistant",
      content: [{ type: "output_text", text: texts.join(""), annotations: [], logprobs: [] }],
    });
    texts.length = 0;
  };
  for (const block of result.message.reveal().content) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "reasoning") {
      flushText();
      output.push({ type: "reasoning", id: `rs_${who.id}_${output.length}`, summary: [], content: [{ type: "reasoning_text", text: block.text }] });
    } else if (block.type === "toolUse") {
      flushText();
      output.push({ type: "function_call", id: `fc_${block.toolUseId}`, call_id: block.toolUseId, name: block.name, arguments: JSON.stringify(block.input ?? {}), status: "completed" });
    }
  }
  flushText();
  const cached = result.usage.cacheReadInputTokens ?? 0;
  const input = result.usage.inputTokens + cached + (result.usage.cacheWriteInputTokens ?? 0);
  const incomplete = result.stopReason === "max_tokens";
  return {
    id: who.id, object: "response", created_at: who.created, model: who.model,
    status: incomplete ? "incomplete" : "completed",
    incomplete_details: incomplete ? { reason: "max_output_tokens" } : null,
    error: null, output, store: false, background: false, previous_response_id: null,
    usage: {
      input_tokens: input, input_tokens_details: { cached_tokens: cached },
      output_tokens: result.usage.outputTokens, output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + result.usage.outputTokens,
    },
  };
}
