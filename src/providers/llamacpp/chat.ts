import type { ChatHistoryItem, ChatModelFunctions, LlamaChatResponse, LlamaContextSequence, LLamaChatGenerateResponseOptions } from "node-llama-cpp";
import { Fault, fault, invalid } from "../../kernel/index.js";
import type { InferenceConfig, StopReason, ToolUseBlock } from "../../kernel/index.js";
import type { LoadedModel } from "./loaded-model.js";
import type { RequestControl } from "./request-control.js";
import { forcedCall, toolUse, type OutputPlan } from "./tools.js";

export interface ChatJob {
  readonly history: ChatHistoryItem[];
  readonly maxTokens: number;
  readonly stopSequences: readonly string[];
  readonly inference: InferenceConfig;
  readonly plan: OutputPlan;
}

export interface ChatOutcome {
  /** The answer's text; empty when the answer is only tool calls. */
  readonly text: string;
  readonly toolUses: readonly ToolUseBlock[];
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

/** The library options a plan asks for: functions the model may call, or a grammar it must follow. */
type PlanOptions = Pick<LLamaChatGenerateResponseOptions<ChatModelFunctions>, "functions" | "documentFunctionParams">
  | Pick<LLamaChatGenerateResponseOptions, "grammar">;

async function planOptions(loaded: LoadedModel, plan: OutputPlan): Promise<PlanOptions> {
  switch (plan.mode) {
    case "text": return {};
    case "auto": return { functions: plan.functions, documentFunctionParams: true };
    case "forced": case "grammar": {
      try {
        return { grammar: await loaded.grammarFor(plan.schema) };
      } catch {
        // The schema passed grammar-schema.ts but the generator still refused it (a $ref to a
        // definition that is not there, say): the caller's schema, so a validation error.
        throw invalid(plan.mode === "grammar" ? "outputConfig.textFormat" : "toolConfig.tools", "has a JSON schema that could not be made into a grammar");
      }
    }
  }
}

/**
 * Runs one chat generation once the model's queue is free. The sequence is wiped before and
 * after: a stateless API needs no cache, and a KV cache left holding one request's prompt would
 * let the next caller measure a shared prefix by its speed. `onText` receives node-llama-cpp's
 * text chunks, which never end inside a multi-byte character (it holds back a chunk that would).
 */
export async function generateChat(loaded: LoadedModel, job: ChatJob, control: RequestControl, onText?: (text: string) => void): Promise<ChatOutcome> {
  // Built before the queue is taken: a schema the generator refuses fails without waiting.
  const options = await planOptions(loaded, job.plan);
  const release = await loaded.queue.acquire(control.signal).catch((error: unknown) => control.settle(error));
  let sequence: LlamaContextSequence | undefined;
  try {
    sequence = await loaded.chatSequence();
    await sequence.clearHistory();
    const meter = sequence.tokenMeter.getState();
    const chat = loaded.newChat(sequence);
    try {
      const { temperature, topP, topK } = job.inference;
      // A forced call's text is the call's JSON: it is returned as a toolUse block, not streamed.
      const forced = job.plan.mode === "forced";
      const onChunk = onText && !forced ? onText : (): void => control.touch();
      const response: LlamaChatResponse<ChatModelFunctions> = await chat.generateResponse<ChatModelFunctions>(job.history, {
        // Functions or a grammar, never both (PlanOptions); the library's types want that proven per call.
        ...(options as Pick<LLamaChatGenerateResponseOptions<ChatModelFunctions>, "functions">),
        maxTokens: job.maxTokens,
        ...(temperature !== undefined ? { temperature } : {}),
        ...(topP !== undefined ? { topP } : {}),
        ...(topK !== undefined ? { topK } : {}),
        ...(job.stopSequences.length > 0 ? { customStopTriggers: job.stopSequences } : {}),
        onTextChunk: onChunk,
        signal: control.signal,
        // Resolve with the text so far rather than throw, when text has begun.
        stopOnAbortSignal: true,
      });
      if (control.cut !== undefined && control.cut !== "consumer") control.settle(undefined);
      const outputTokens = sequence.tokenMeter.diff(meter).usedOutputTokens;
      const stopReason = stopReasonOf(response.metadata);
      if (job.plan.mode === "forced") {
        const call = forcedCall(response.response, job.plan.names);
        // A call cut short (maxTokens, a stop sequence) is no call: its partial text is returned.
        if (call) return { text: "", toolUses: [call], stopReason: "tool_use", outputTokens };
        return { text: response.response, toolUses: [], stopReason, outputTokens };
      }
      const toolUses = (response.functionCalls ?? []).map((c) => toolUse(c.functionName, c.params));
      return { text: response.response, toolUses, stopReason: toolUses.length > 0 ? "tool_use" : stopReason, outputTokens };
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
