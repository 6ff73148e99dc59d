import { fault, invalid, sensitive } from "../../kernel/index.js";
import type { ContentBlock, Conversation, ConverseRequest, ConverseResult, Message, StopReason, ToolResultContent, Usage } from "../../kernel/index.js";
import { base64, isRecord, malformedAnswer, tokenCount } from "../http-upstream/index.js";
import type { ImageBlock, MessageParam, MessagesRequest, Prompt, RequestBlock, TextBlock, Usage as WireUsage } from "./wire.js";

/** Pure translation between plinth's Converse vocabulary and the Anthropic Messages API. */

/**
 * The API requires max_tokens; Converse callers may omit it. Refusing would break them, so we
 * send 4096: the output ceiling of the oldest Claude 3 models, hence valid for every current
 * model, and enough for most answers. A caller who wants more says so.
 */
export const DEFAULT_MAX_TOKENS = 4096;

export function toPrompt(model: string, conversation: Conversation): Prompt {
  const prompt: Prompt = { model, messages: conversation.messages.map(toMessage) };
  if (conversation.system.length > 0) prompt.system = conversation.system.map((b) => ({ type: "text", text: b.text }));
  const tools = conversation.tools;
  if (tools && tools.tools.length > 0) {
    prompt.tools = tools.tools.map((t) => ({ name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), input_schema: t.inputSchema }));
    if (tools.toolChoice) prompt.tool_choice = tools.toolChoice.type === "tool" ? { type: "tool", name: tools.toolChoice.name } : { type: tools.toolChoice.type };
  }
  return prompt;
}

export function toMessagesRequest(request: ConverseRequest, stream: boolean): MessagesRequest {
  const conversation = request.conversation.reveal();
  const { inference } = request;
  const body: MessagesRequest = { ...toPrompt(request.model, conversation), max_tokens: inference.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (inference.temperature !== undefined) body.temperature = inference.temperature;
  if (inference.topP !== undefined) body.top_p = inference.topP;
  if (inference.topK !== undefined) body.top_k = inference.topK;
  if (conversation.stopSequences?.length) body.stop_sequences = [...conversation.stopSequences];
  if (stream) body.stream = true;
  return body;
}

function toMessage(message: Message): MessageParam {
  return { role: message.role, content: message.content.map(toBlock) };
}

function toBlock(block: ContentBlock): RequestBlock {
  switch (block.type) {
    case "text": return { type: "text", text: block.text };
    case "image": return toImage(block.format, block.bytes);
    case "toolUse": return { type: "tool_use", id: block.toolUseId, name: block.name, input: block.input ?? {} };
    case "toolResult": return {
      type: "tool_result",
      tool_use_id: block.toolUseId,
      content: block.content.map(toResultContent),
      ...(block.status === "error" ? { is_error: true } : {}),
    };
    default: throw unsupported(block.type);
  }
}

const unsupported = (what: string): Error => invalid(`messages.content.${what}`, `${what} blocks are not supported by this model`);

function toImage(format: string, bytes: Uint8Array): ImageBlock {
  return { type: "image", source: { type: "base64", media_type: `image/${format}`, data: base64(bytes) } };
}

/** Tool results hold text and images; JSON goes as its text, which is what the model reads anyway. */
function toResultContent(content: ToolResultContent): TextBlock | ImageBlock {
  if (content.type === "text") return { type: "text", text: content.text };
  if (content.type === "image") return toImage(content.format, content.bytes);
  if (content.type === "document") throw unsupported("document");
  return { type: "text", text: JSON.stringify(content.json) };
}

export function toStopReason(reason: unknown): StopReason {
  switch (reason) {
    case "max_tokens": case "model_context_window_exceeded": return "max_tokens";
    case "stop_sequence": return "stop_sequence";
    case "tool_use": return "tool_use";
    case "refusal": return "content_filtered";
    // end_turn, and pause_turn (a server-side tool loop paused: the turn is over for the caller).
    default: return "end_turn";
  }
}

export function toUsage(usage: WireUsage | undefined, outputTokens = tokenCount(usage?.output_tokens)): Usage {
  const inputTokens = tokenCount(usage?.input_tokens) + tokenCount(usage?.cache_creation_input_tokens) + tokenCount(usage?.cache_read_input_tokens);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

export function fromMessageResponse(body: unknown): ConverseResult {
  if (!isRecord(body) || !Array.isArray(body.content)) throw malformedAnswer(200, "the message has no content list");
  const content: ContentBlock[] = [];
  for (const block of body.content as unknown[]) {
    if (!isRecord(block)) throw malformedAnswer(200, "a content block is not an object");
    if (block.type === "text" && typeof block.text === "string") content.push({ type: "text", text: block.text });
    else if (block.type === "tool_use") {
      if (typeof block.id !== "string" || typeof block.name !== "string") throw malformedAnswer(200, "a tool_use block lacks its id or name");
      content.push({ type: "toolUse", toolUseId: block.id, name: block.name, input: block.input ?? {} });
    }
    // Thinking and server-tool blocks are not part of the Converse answer plinth returns.
  }
  const usage = toUsage(isRecord(body.usage) ? (body.usage as WireUsage) : undefined);
  return { message: sensitive({ role: "assistant", content }), stopReason: toStopReason(body.stop_reason), usage };
}

export function fromCountTokens(body: unknown): number {
  const count = isRecord(body) ? body.input_tokens : undefined;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) throw malformedAnswer(200, "input_tokens is missing");
  return count;
}

export const cannotEmbed = (): Error => fault("validation", "The provided model doesn't support embeddings.");
