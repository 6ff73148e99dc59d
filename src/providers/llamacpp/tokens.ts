import type { ChatHistoryItem, ChatModelFunctions } from "node-llama-cpp";
import { invalid } from "../../kernel/index.js";
import { DEFAULT_MAX_TOKENS } from "./config.js";
import type { LoadedModel } from "./loaded-model.js";

/**
 * Input tokens as the model will see them: the history rendered through the model's chat
 * template, tokenized by the model's own tokenizer. This is what countTokens answers and what
 * usage.inputTokens reports, so the two always agree.
 */
export function renderedTokenCount(loaded: LoadedModel, history: ChatHistoryItem[], functions?: ChatModelFunctions): number {
  let state;
  try {
    // With functions, as chat.ts passes them: the template documents them in the prompt.
    state = loaded.chatWrapper.generateContextState({ chatHistory: history, ...(functions ? { availableFunctions: functions, documentFunctionParams: true } : {}) });
  } catch {
    // A Jinja template may raise on shapes it does not accept; its text is the template's, not
    // ours, so the caller gets a fixed sentence.
    throw invalid("messages", `model '${loaded.name}' chat template does not accept this conversation`);
  }
  return state.contextText.tokenize(loaded.model.tokenizer).length;
}

/**
 * The output budget. The prompt and the answer must fit the context together: otherwise
 * node-llama-cpp would quietly drop earlier messages to make room (its context shift), which
 * would answer a different conversation from the one sent. So an oversized request is refused,
 * and without maxTokens the answer gets DEFAULT_MAX_TOKENS, or the room the prompt leaves when
 * that is less (the default is ours, so it is fitted rather than refused).
 */
export function outputBudget(loaded: LoadedModel, inputTokens: number, maxTokens: number | undefined): number {
  // One slot stays free: node-llama-cpp shifts the context once it is completely full.
  const room = loaded.contextSize - 1 - inputTokens;
  if (room < 1) {
    throw invalid("messages", `the conversation is ${inputTokens} tokens; model '${loaded.name}' has a context of ${loaded.contextSize} tokens`);
  }
  if (maxTokens !== undefined && maxTokens > room) {
    throw invalid("inferenceConfig.maxTokens", `must be at most ${room} for this conversation (context of ${loaded.contextSize} tokens, ${inputTokens} used by the input)`);
  }
  return maxTokens ?? Math.min(DEFAULT_MAX_TOKENS, room);
}
