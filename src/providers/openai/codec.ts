import { refuseAnthropicOptions } from "../anthropic-options.js";
import { fault, invalid, sensitive } from "../../kernel/index.js";
import type {
  ContentBlock, ConverseRequest, ConverseResult, Conversation, DocumentBlock, InferenceConfig, Message, OutputFormat, ServiceTier,
  StopReason, ToolChoice as DomainToolChoice, ToolResultBlock, Usage,
} from "../../kernel/index.js";
import { framedDocument } from "../documents/index.js";
import { base64, checkResponseFieldPaths, isRecord, malformedAnswer, pickResponseFields, tokenCount } from "../http-upstream/index.js";
import type { DocumentTexts } from "./codec-documents.js";
import type { ChatCompletionRequest, ChatMessage, ChatUsage, ContentPart, TextPart, ToolCall, ToolChoice } from "./wire.js";

/**
 * Pure translation between plinth's Converse vocabulary and OpenAI Chat Completions.
 * - Documents go as extracted text (codec-documents.ts), framed with their name; citations,
 *   which need the provider to read the document itself, are refused.
 * - Cache marks are accepted and not sent: OpenAI and the servers that copy it cache prompt
 *   prefixes on their own; `cached_tokens` comes back as cacheReadInputTokens.
 * - Reasoning from earlier assistant turns is not sent back: the protocol has no member for it
 *   and DeepSeek's API refuses `reasoning_content` in input; the model reasons afresh.
 * - Structured output is `response_format` json_schema (strict); strict tools `function.strict`.
 */

export function toChatRequest(request: ConverseRequest, stream: boolean, documents: DocumentTexts = new Map()): ChatCompletionRequest {
  const { inference } = request;
  const conversation = request.conversation.reveal();
  // The Chat Completions API has no top-k; dropping it would change sampling behind the caller's back.
  if (inference.topK !== undefined) throw invalid("topK", "this model does not support topK");
  refuseAnthropicOptions(request.anthropic);
  checkResponseFieldPaths(request.responseFieldPaths);
  const body: ChatCompletionRequest = { model: request.model, messages: toMessages(conversation, documents) };
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
      function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.inputSchema, ...(t.strict !== undefined ? { strict: t.strict } : {}) },
    }));
    if (conversation.tools.toolChoice) body.tool_choice = toToolChoice(conversation.tools.toolChoice);
  }
  Object.assign(body, serviceOptions(inference));
  if (conversation.outputFormat) body.response_format = toResponseFormat(conversation.outputFormat);
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/**
 * reasoning_effort takes a level; a bare token budget (Anthropic's word) has no honest level, so
 * it is refused. Tiers are OpenAI's own (reserved capacity is not a per-request choice there).
 */
function serviceOptions(inference: InferenceConfig): Pick<ChatCompletionRequest, "reasoning_effort" | "service_tier"> {
  const out: Pick<ChatCompletionRequest, "reasoning_effort" | "service_tier"> = {};
  const reasoning = inference.reasoning;
  if (reasoning?.effort !== undefined) out.reasoning_effort = reasoning.effort;
  else if (reasoning?.budgetTokens !== undefined) throw invalid("additionalModelRequestFields.thinking", "this model takes a reasoning effort level (reasoning_effort), not a token budget");
  if (inference.serviceTier === "reserved") throw invalid("serviceTier.type", "the reserved service tier is not supported by this model");
  if (inference.serviceTier !== undefined) out.service_tier = inference.serviceTier;
  if (inference.latency === "optimized") throw invalid("performanceConfig.latency", "latency-optimized inference is not supported by this model");
  return out;
}

/** The API requires a name (`^[a-zA-Z0-9_-]{1,64}$`); Converse makes it optional. */
function toResponseFormat(format: OutputFormat): NonNullable<ChatCompletionRequest["response_format"]> {
  return {
    type: "json_schema",
    json_schema: { name: format.name ?? "response", ...(format.description !== undefined ? { description: format.description } : {}), schema: format.schema, strict: true },
  };
}

function toToolChoice(choice: DomainToolChoice): ToolChoice {
  if (choice.type === "auto") return "auto";
  if (choice.type === "any") return "required";
  return { type: "function", function: { name: choice.name } };
}

function toMessages(conversation: Conversation, documents: DocumentTexts): ChatMessage[] {
  // One system message: several confuse the chat templates of local servers.
  const out: ChatMessage[] = conversation.system.length > 0 ? [{ role: "system", content: conversation.system.map((b) => b.text).join("\n\n") }] : [];
  conversation.messages.forEach((m, i) => out.push(...(m.role === "user" ? userMessages(m, i, documents) : [assistantMessage(m, i)])));
  return out;
}

function documentPart(block: DocumentBlock, field: string, documents: DocumentTexts): string {
  if (block.citations) throw invalid(`${field}.document.citations`, "citations are not supported by this model");
  const text = documents.get(block);
  if (text === undefined) throw fault("model-error", "a document was not read before the request was built");
  return framedDocument(block, text);
}

/** Tool results become `tool` messages, which must directly follow the assistant's tool calls. */
function userMessages(message: Message, i: number, documents: DocumentTexts): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  message.content.forEach((block, j) => {
    const field = `messages.${i}.content.${j}`;
    if (block.type === "text") parts.push({ type: "text", text: block.text });
    else if (block.type === "image") parts.push({ type: "image_url", image_url: { url: `data:image/${block.format};base64,${base64(block.bytes)}` } });
    else if (block.type === "document") parts.push({ type: "text", text: documentPart(block, field, documents) });
    else if (block.type === "toolResult") out.push({ role: "tool", tool_call_id: block.toolUseId, content: toolResultText(block, field, documents) });
    else if (block.type === "reasoning" || block.type === "redactedReasoning") throw invalid(`${field}.reasoningContent`, "reasoning blocks are only allowed in assistant messages");
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
    else if (block.type === "reasoning" || block.type === "redactedReasoning") return; // see the note at the top
    else throw invalid(`messages.${i}.content.${j}`, `${block.type === "image" ? "images" : block.type === "document" ? "documents" : "toolResult blocks"} are only allowed in user messages for this model`);
  });
  // Without tool calls the API wants content; a turn that held only reasoning has none left.
  const content = texts.length === 0 ? (calls.length > 0 ? null : "") : texts.length === 1 ? texts[0]!.text : texts;
  return calls.length > 0 ? { role: "assistant", content, tool_calls: calls } : { role: "assistant", content };
}

/** A tool message holds text only. The API has no error flag: the tool's own words say what failed. */
function toolResultText(block: ToolResultBlock, field: string, documents: DocumentTexts): string {
  return block.content.map((c, k) => {
    if (c.type === "text") return c.text;
    if (c.type === "json") return JSON.stringify(c.json);
    if (c.type === "document") return documentPart(c, `${field}.toolResult.content.${k}`, documents);
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

/**
 * prompt_tokens counts the cached tokens too; plinth's inputTokens, as Bedrock's, is the
 * uncached part, so the cached ones move to cacheReadInputTokens. OpenAI reports no writes.
 */
export function toUsage(usage: ChatUsage | null | undefined): Usage {
  const prompt = tokenCount(usage?.prompt_tokens);
  const outputTokens = tokenCount(usage?.completion_tokens);
  const details = usage?.prompt_tokens_details;
  const cached = Math.min(prompt, tokenCount(details?.cached_tokens));
  const reported = isRecord(details) && typeof details.cached_tokens === "number";
  return { inputTokens: prompt - cached, outputTokens, totalTokens: prompt + outputTokens, ...(reported ? { cacheReadInputTokens: cached } : {}) };
}

/** OpenAI answers the tier that served the call (and `auto`/`scale` for its own arrangements). */
export function toServedTier(tier: unknown): ServiceTier | undefined {
  return tier === "default" || tier === "flex" || tier === "priority" ? tier : undefined;
}

/** `reasoning_content` (vLLM, DeepSeek) or `reasoning` (Ollama, OpenRouter, newer vLLM). */
export function reasoningOf(message: Record<string, unknown>): string | undefined {
  for (const key of ["reasoning_content", "reasoning"]) {
    const value = message[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
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

export function fromChatCompletion(body: unknown, fieldPaths?: readonly string[]): ConverseResult {
  const choice = isRecord(body) && Array.isArray(body.choices) ? (body.choices as unknown[])[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw malformedAnswer(200, "no choice in the completion");
  const message = choice.message;
  const content: ContentBlock[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning !== undefined) content.push({ type: "reasoning", text: reasoning });
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
  const fields = pickResponseFields(body, fieldPaths);
  const tier = toServedTier(isRecord(body) ? body.service_tier : undefined);
  return {
    message: sensitive({ role: "assistant", content }), stopReason, usage,
    ...(fields ? { additionalFields: sensitive(fields) } : {}),
    ...(tier ? { serviceTier: tier } : {}),
  };
}

