import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from "node-llama-cpp";
import { invalid } from "../../kernel/index.js";
import type { ContentBlock, Conversation, DocumentBlock, InferenceConfig, Message, ToolResultBlock } from "../../kernel/index.js";
import { TEXT_DOCUMENT_FORMATS } from "./model-facts.js";
import { forcedCallInstruction, type OutputPlan } from "./tools.js";

/**
 * Turns the domain conversation into node-llama-cpp's chat history, refusing what a local GGUF
 * model cannot take. Text goes in as plain strings, which node-llama-cpp tokenizes without
 * special tokens, so a user who types `</s>` or `[INST]` cannot forge the template's markers.
 * Cache marks are accepted and have no effect: each request starts from an empty context (see
 * chat.ts), so there is no cache to write to. A toolUse and the toolResult answering it become
 * one node-llama-cpp function call with its result, which the template renders in its own syntax.
 */
export function toChatHistory(model: string, conversation: Conversation, plan: OutputPlan = { mode: "text" }): ChatHistoryItem[] {
  const { messages } = conversation;
  if (messages.length === 0) throw invalid("messages", "must contain at least one message");
  const history: ChatHistoryItem[] = [];
  const system = conversation.system.map((b) => b.text);
  if (plan.mode === "forced") system.push(forcedCallInstruction(conversation.tools?.tools ?? [], plan.names));
  if (system.join("").length > 0) history.push({ type: "system", text: system.join("\n") });
  const calls = new Map<string, ChatModelFunctionCall>();
  let open: ChatModelResponse | undefined; // a model turn whose calls were answered: it continues
  messages.forEach((message, index) => {
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (message.role !== expected) {
      throw invalid("messages", "a conversation must start with a user message and alternate between user and assistant roles");
    }
    if (message.role === "assistant") {
      const turn = open ?? { type: "model", response: [] };
      if (!open) history.push(turn);
      open = undefined;
      turn.response.push(...assistantParts(model, message, index, calls));
      return;
    }
    const unanswered = [...calls.keys()];
    const text = userParts(model, message, index, calls);
    if (calls.size > 0) throw invalid("messages", "each toolUse must be answered by a toolResult in the next user message");
    if (text.length > 0) history.push({ type: "user", text: text.join("\n") });
    else if (unanswered.length > 0) open = history.at(-1) as ChatModelResponse;
    else throw invalid(`messages.${index}.content`, "must contain a text, document or toolResult block");
  });
  // Ending on an assistant message asks the model to continue it (a prefill), as does ending on
  // tool results (the model goes on after its calls); otherwise the model starts a fresh response.
  if (messages.at(-1)?.role === "user" && !open) history.push({ type: "model", response: [] });
  return history;
}

function assistantParts(model: string, message: Message, index: number, calls: Map<string, ChatModelFunctionCall>): ChatModelResponse["response"] {
  const parts: ChatModelResponse["response"] = [];
  message.content.forEach((block, at) => {
    const field = `messages.${index}.content.${at}`;
    if (block.type === "text") parts.push(block.text);
    else if (block.type === "toolUse") {
      const call: ChatModelFunctionCall = { type: "functionCall", name: block.name, params: block.input, result: undefined };
      calls.set(block.toolUseId, call);
      parts.push(call);
    } else refuse(model, field, block);
  });
  return parts;
}

function userParts(model: string, message: Message, index: number, calls: Map<string, ChatModelFunctionCall>): string[] {
  const parts: string[] = [];
  message.content.forEach((block, at) => {
    const field = `messages.${index}.content.${at}`;
    if (block.type === "text") parts.push(block.text);
    else if (block.type === "document") parts.push(documentText(model, block, `${field}.document`));
    else if (block.type === "toolResult") {
      const call = calls.get(block.toolUseId);
      if (!call) throw invalid(`${field}.toolResult.toolUseId`, "must match a toolUse of the previous assistant message");
      calls.delete(block.toolUseId);
      call.result = toolResultValue(model, block, `${field}.toolResult`);
    } else refuse(model, field, block);
  });
  return parts;
}

function toolResultValue(model: string, block: ToolResultBlock, field: string): unknown {
  const values = block.content.map((part, at) => {
    if (part.type === "text") return part.text;
    if (part.type === "json") return part.json;
    if (part.type === "document") return documentText(model, part, `${field}.content.${at}.document`);
    throw invalid(`${field}.content.${at}.image`, `model '${model}' does not support image input`);
  });
  const value = values.every((v) => typeof v === "string") ? values.join("\n") : values.length === 1 ? values[0] : values;
  return block.status === "error" ? { error: value } : value;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Text formats go in as their text, named; binary formats are refused (no extractor here). */
function documentText(model: string, block: DocumentBlock, field: string): string {
  if (!(TEXT_DOCUMENT_FORMATS as readonly string[]).includes(block.format)) {
    throw invalid(`${field}.format`, `model '${model}' takes documents as text only: ${TEXT_DOCUMENT_FORMATS.join(", ")}`);
  }
  if (block.citations) throw invalid(`${field}.citations`, `model '${model}' does not produce citations`);
  let text: string;
  if ("text" in block.source) text = block.source.text;
  else {
    try {
      text = utf8.decode(block.source.bytes);
    } catch {
      throw invalid(`${field}.source.bytes`, "must be UTF-8 text for this format");
    }
  }
  return `Document "${block.name}" (${block.format}):\n${text}`;
}

function refuse(model: string, field: string, block: ContentBlock): never {
  switch (block.type) {
    case "image": throw invalid(`${field}.image`, `model '${model}' does not support image input`);
    case "reasoning": case "redactedReasoning": throw invalid(`${field}.reasoningContent`, `model '${model}' does not support reasoning content`);
    case "toolUse": throw invalid(`${field}.toolUse`, "toolUse blocks belong in assistant messages");
    case "toolResult": throw invalid(`${field}.toolResult`, "toolResult blocks belong in user messages");
    case "document": throw invalid(`${field}.document`, "document blocks belong in user messages");
    default: throw invalid(field, "is not a content block this model takes");
  }
}

export function checkStopSequences(stopSequences: readonly string[] | undefined): string[] {
  const list = [...(stopSequences ?? [])];
  if (list.some((s) => s.length === 0)) throw invalid("inferenceConfig.stopSequences", "each stop sequence must be non-empty");
  return list;
}

/**
 * Refuses knobs llama.cpp cannot honour as given; nothing is clamped. A service tier or latency
 * mode is accepted: this machine has one tier, and it is what every request gets.
 */
export function checkInference(model: string, inference: InferenceConfig): void {
  const { maxTokens, temperature, topP, topK } = inference;
  if (inference.reasoning) throw invalid("additionalModelRequestFields", `model '${model}' does not support reasoning (thinking, reasoning_effort)`);
  if (maxTokens !== undefined && (!Number.isSafeInteger(maxTokens) || maxTokens < 1)) {
    throw invalid("inferenceConfig.maxTokens", "must be an integer of at least 1");
  }
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0)) {
    throw invalid("inferenceConfig.temperature", "must be a number of at least 0");
  }
  if (topP !== undefined && !(topP >= 0 && topP <= 1)) throw invalid("inferenceConfig.topP", "must be between 0 and 1");
  if (topK !== undefined && (!Number.isSafeInteger(topK) || topK < 0)) {
    throw invalid("inferenceConfig.topK", "must be an integer of at least 0");
  }
}
