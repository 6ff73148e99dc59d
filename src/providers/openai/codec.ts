import { fault, invalid, sensitive } from "../../kernel/index.js";
import type { ContentBlock, ConverseRequest, ConverseResult, Conversation, Message, StopReason, ToolChoice as DomainToolChoice, ToolResultBlock, Usage } from "../../kernel/index.js";
import { base64, isRecord, malformedAnswer, tokenCount } from "../http-upstream/index.js";
import type { ChatCompletionRequest, ChatMessage, ChatUsage, ContentPart, TextPart, ToolCall, ToolChoice } from "./wire.js";

/** Pure translation between plinth's Converse vocabulary and OpenAI Chat Completions. */

export function toChatRequest(request: ConverseRequest, stream: boolean): ChatCompletionRequest {
  const { inference } = request;
  const conversation = request.conversation.reveal();
  // The Chat Completions API has no top-k; dropping it would change sampling behind the caller's back.
  if (inference.topK !== undefined) throw invalid("topK", "this model does not support topK");
  const body: ChatCompletionRequest = { model: request.model, messages: toMessages(conversation) };
  // `max_tokens`, not `max_completion_tokens`: every OpenAI-compatible server (vLLM, Ollama,
  // llama.cpp, LM Studio) understands it and OpenAI still accepts it for chat models; only its
  // reasoning models insist on the newer name, which the local servers ignore or refuse.
  if (inference.maxTokens !== undefined) body.max_tokens = inference.maxTokens;
  if (inference.temperature !== undefined) body.temperature = inference.temperature;
  if (inference.topP !== undefined) body.top_p = inference.topP;
  if (conversation.stopSequences?.length) body.stop = [...conversation.stopSequences];
  if (conversation.tools && conversation.tools.tools.length > 0) {
    body.tools = conversation.tools.tools.map((t) => ({
      type: "function",
      function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.inputSchema },
    }));
    if (conversation.tools.toolChoice) body.tool_choice = toToolChoice(conversation.tools.toolChoice);
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

function toToolChoice(choice: DomainToolChoice): ToolChoice {
  if (choice.type === "auto") return "auto";
  if (choice.type === "any") return "required";
  return { type: "function", function: { name: choice.name } };
}

function toMessages(conversation: Conversation): ChatMessage[] {
  // One system message: several confuse the chat templates of local servers.
  const out: ChatMessage[] = conversation.system.length > 0 ? [{ role: "system", content: conversation.system.map((b) => b.text).join("\n\n") }] : [];
  conversation.messages.forEach((m, i) => out.push(...(m.role === "user" ? userMessages(m, i) : [assistantMessage(m, i)])));
  return out;
}

/** Tool results become `tool` messages, which must directly follow the assistant's tool calls. */
function userMessages(message: Message, i: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  message.content.forEach((block, j) => {
    const field = `messages.${i}.content.${j}`;
    if (block.type === "text") parts.push({ type: "text", text: block.text });
    else if (block.type === "image") parts.push({ type: "image_url", image_url: { url: `data:image/${block.format};base64,${base64(block.bytes)}` } });
    else if (block.type === "toolResult") out.push({ role: "tool", tool_call_id: block.toolUseId, content: toolResultText(block, field) });
    else throw invalid(field, "toolUse blocks are only allowed in assistant messages");
  });
  if (parts.length > 0) out.push({ role: "user", content: parts.length === 1 && parts[0]!.type === "text" ? parts[0]!.text : parts });
  return out;
}

function assistantMessage(message: Message, i: number): ChatMessage {
  const texts: TextPart[] = [];
  const calls: ToolCall[] = [];
  message.content.forEach((block, j) => {
    if (block.type === "text") texts.push({ type: "text", text: block.text });
    else if (block.type === "toolUse") calls.push({ id: block.toolUseId, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    else throw invalid(`messages.${i}.content.${j}`, `${block.type === "image" ? "images" : "toolResult blocks"} are only allowed in user messages for this model`);
  });
  const content = texts.length === 0 ? null : texts.length === 1 ? texts[0]!.text : texts;
  return calls.length > 0 ? { role: "assistant", content, tool_calls: calls } : { role: "assistant", content };
}

/** A tool message holds text only. The API has no error flag: the tool's own words say what failed. */
function toolResultText(block: ToolResultBlock, field: string): string {
  return block.content.map((c, k) => {
    if (c.type === "text") return c.text;
    if (c.type === "json") return JSON.stringify(c.json);
    throw invalid(`${field}.toolResult.content.${k}`, "images in tool results are not supported by this model");
  }).join("\n");
}

export function toStopReason(finish: unknown, vllmStop?: unknown): StopReason {
  if (finish === "length") return "max_tokens";
  if (finish === "tool_calls" || finish === "function_call") return "tool_use";
  if (finish === "content_filter") return "content_filtered";
  // OpenAI says "stop" for both a natural end and a stop sequence; vLLM names the sequence.
  if (finish === "stop" && typeof vllmStop === "string") return "stop_sequence";
  return "end_turn";
}

export function toUsage(usage: ChatUsage | null | undefined): Usage {
  const inputTokens = tokenCount(usage?.prompt_tokens);
  const outputTokens = tokenCount(usage?.completion_tokens);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** Tool arguments arrive as a JSON string; the Converse shape wants the object. */
export function parseToolInput(text: string, status: number): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedAnswer(status, "tool call arguments are not JSON");
  }
}

export function fromChatCompletion(body: unknown): ConverseResult {
  const choice = isRecord(body) && Array.isArray(body.choices) ? (body.choices as unknown[])[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw malformedAnswer(200, "no choice in the completion");
  const message = choice.message;
  const content: ContentBlock[] = [];
  if (typeof message.content === "string" && message.content !== "") content.push({ type: "text", text: message.content });
  // A refusal is the model's answer; the stop reason says it was one.
  const refused = typeof message.refusal === "string" && message.refusal !== "";
  if (refused) content.push({ type: "text", text: message.refusal as string });
  for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]) : []) {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== "string" || typeof call.id !== "string") {
      throw malformedAnswer(200, "a tool call lacks its id or name");
    }
    const args = typeof call.function.arguments === "string" ? call.function.arguments : "";
    content.push({ type: "toolUse", toolUseId: call.id, name: call.function.name, input: parseToolInput(args, 200) });
  }
  const stopReason = refused ? "content_filtered" : toStopReason(choice.finish_reason, choice.stop_reason);
  const usage = toUsage(isRecord(body) && isRecord(body.usage) ? (body.usage as ChatUsage) : undefined);
  return { message: sensitive({ role: "assistant", content }), stopReason, usage };
}

export const cannotCountTokens = (): Error => fault("validation", "The provided model doesn't support counting tokens.");
