import type { ChatHistoryItem, LlamaChatResponse, LlamaContextSequence } from "node-llama-cpp";
import { Fault, fault } from "../../kernel/index.js";
import type { InferenceConfig, StopReason } from "../../kernel/index.js";
import type { LoadedModel } from "./loaded-model.js";
import type { RequestControl } from "./request-control.js";

export interface ChatJob {
  readonly history: ChatHistoryItem[];
  readonly maxTokens: number;
  readonly stopSequences: readonly string[];
  readonly inference: InferenceConfig;
}

export interface ChatOutcome {
  readonly text: string;
  readonly stopReason: StopReason;
  readonly outputTokens: number;
}

/** Every stop node-llama-cpp can report, mapped to the domain's reasons. */
function stopReasonOf(metadata: LlamaChatResponse["metadata"]): StopReason {
  switch (metadata.stopReason) {
    case "maxTokens": return "max_tokens";
    case "customStopTrigger": return "stop_sequence";
    // The end-of-generation token, or the template's own end-of-turn marker.
    case "eogToken": case "stopGenerationTrigger": case "abort": return "end_turn";
    case "functionCalls": return "tool_use";
  }
}

/**
 * Runs one chat generation once the model's queue is free. The sequence is wiped before and
 * after: a stateless API needs no cache, and a KV cache left holding one request's prompt would
 * let the next caller measure a shared prefix by its speed. `onText` receives node-llama-cpp's
 * text chunks, which never end inside a multi-byte character (it holds back a chunk that would).
 */
export async function generateChat(loaded: LoadedModel, job: ChatJob, control: RequestControl, onText?: (text: string) => void): Promise<ChatOutcome> {
  const release = await loaded.queue.acquire(control.signal).catch((error: unknown) => control.settle(error));
  let sequence: LlamaContextSequence | undefined;
  try {
    sequence = await loaded.chatSequence();
    await sequence.clearHistory();
    const meter = sequence.tokenMeter.getState();
    const chat = loaded.newChat(sequence);
    try {
      const { temperature, topP, topK } = job.inference;
      const response = await chat.generateResponse(job.history, {
        maxTokens: job.maxTokens,
        ...(temperature !== undefined ? { temperature } : {}),
        ...(topP !== undefined ? { topP } : {}),
        ...(topK !== undefined ? { topK } : {}),
        ...(job.stopSequences.length > 0 ? { customStopTriggers: job.stopSequences } : {}),
        ...(onText ? { onTextChunk: onText } : {}),
        signal: control.signal,
        // Resolve with the text so far rather than throw, when text has begun.
        stopOnAbortSignal: true,
      });
      if (control.cut !== undefined && control.cut !== "consumer") control.settle(undefined);
      return {
        text: response.response,
        stopReason: stopReasonOf(response.metadata),
        outputTokens: sequence.tokenMeter.diff(meter).usedOutputTokens,
      };
    } finally {
      chat.dispose({ disposeSequence: false });
    }
  } catch (error) {
    if (control.cut !== undefined) control.settle(error);
    if (error instanceof Fault) throw error;
    // llama.cpp's own messages stay here: they may quote the prompt or a server path.
    throw fault("model-error", `model '${loaded.name}' failed while generating`, { resourceName: loaded.name });
  } finally {
    await sequence?.clearHistory().catch(() => {});
    release();
  }
}
