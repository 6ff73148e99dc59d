import type { ChatHistoryItem } from "node-llama-cpp";
import { invalid } from "../../kernel/index.js";
import type { Conversation, InferenceConfig, Message } from "../../kernel/index.js";

/**
 * Turns the domain conversation into node-llama-cpp's chat history, refusing what a local GGUF
 * model cannot take. Text goes in as plain strings, which node-llama-cpp tokenizes without
 * special tokens, so a user who types `</s>` or `[INST]` cannot forge the template's markers.
 */
export function toChatHistory(model: string, conversation: Conversation): ChatHistoryItem[] {
  // Tool use is refused rather than emulated: node-llama-cpp can constrain output to a function
  // call grammar, but the small models this adapter serves do not choose tools reliably.
  if (conversation.tools && conversation.tools.tools.length > 0) {
    throw invalid("toolConfig", `model '${model}' does not support tool use`);
  }
  const { messages } = conversation;
  if (messages.length === 0) throw invalid("messages", "must contain at least one message");
  const history: ChatHistoryItem[] = [];
  const system = conversation.system.map((b) => b.text).join("\n");
  if (system.length > 0) history.push({ type: "system", text: system });
  messages.forEach((message, index) => {
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (message.role !== expected) {
      throw invalid("messages", "a conversation must start with a user message and alternate between user and assistant roles");
    }
    const text = messageText(model, message);
    history.push(message.role === "user" ? { type: "user", text } : { type: "model", response: [text] });
  });
  // Ending on an assistant message asks the model to continue it (a prefill); otherwise the
  // model starts a fresh response.
  if (messages.at(-1)?.role === "user") history.push({ type: "model", response: [] });
  return history;
}

function messageText(model: string, message: Message): string {
  const parts: string[] = [];
  for (const block of message.content) {
    if (block.type === "text") parts.push(block.text);
    else if (block.type === "image") throw invalid("messages.content.image", `model '${model}' does not support image input`);
    else throw invalid(`messages.content.${block.type}`, `model '${model}' does not support tool use`);
  }
  if (parts.length === 0) throw invalid("messages.content", "each message must contain a text block");
  return parts.join("\n");
}

export function checkStopSequences(stopSequences: readonly string[] | undefined): string[] {
  const list = [...(stopSequences ?? [])];
  if (list.some((s) => s.length === 0)) throw invalid("inferenceConfig.stopSequences", "each stop sequence must be non-empty");
  return list;
}

/** Refuses knobs llama.cpp cannot honour as given; nothing is clamped. */
export function checkInference(inference: InferenceConfig): void {
  const { maxTokens, temperature, topP, topK } = inference;
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
