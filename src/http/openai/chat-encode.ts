import type { ConverseResult, StopReason, StreamEvent, Usage } from "../../kernel/index.js";

/**
 * ConverseResult and Converse stream events -> Chat Completions JSON and chunks. Content leaves
 * its Sensitive wrapper here, on its way to the caller who sent it. Reasoning goes out as
 * `reasoning_content` (the member vLLM and DeepSeek use, which the AI SDK's OpenAI-compatible
 * provider reads); reasoning signatures and redacted reasoning have no member and are dropped.
 */
export interface ChatIdentity {
  /** `chatcmpl-<request id>`. */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The canonical model id the call was served by. */
  readonly model: string;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export function finishReason(stop: StopReason): FinishReason {
  switch (stop) {
    case "max_tokens": return "length";
    case "tool_use": return "tool_calls";
    case "guardrail_intervened":
    case "content_filtered": return "content_filter";
    default: return "stop";
  }
}

/** OpenAI counts cached prompt tokens inside prompt_tokens; Converse keeps them apart. */
export function chatUsage(usage: Usage): Record<string, unknown> {
  const cached = usage.cacheReadInputTokens ?? 0;
  const prompt = usage.inputTokens + cached + (usage.cacheWriteInputTokens ?? 0);
  return {
    prompt_tokens: prompt, completion_tokens: usage.outputTokens, total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

export function encodeChatCompletion(result: ConverseResult, who: ChatIdentity): Record<string, unknown> {
  const blocks = result.message.reveal().content;
  const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
  const reasoning = blocks.flatMap((b) => (b.type === "reasoning" ? [b.text] : [])).join("");
  const calls = blocks.flatMap((b) => (b.type === "toolUse"
    ? [{ id: b.toolUseId, type: "function", function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }] : []));
  const message: Record<string, unknown> = {
    role: "assistant", content: text === "" && calls.length > 0 ? null : text, refusal: null,
    ...(reasoning === "" ? {} : { reasoning_content: reasoning }),
    ...(calls.length === 0 ? {} : { tool_calls: calls }),
  };
  return {
    id: who.id, object: "chat.completion", created: who.created, model: who.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(result.stopReason) }],
    usage: chatUsage(result.usage),
    ...(result.serviceTier === undefined ? {} : { service_tier: result.serviceTier }),
  };
}

/**
 * Stream events -> `chat.completion.chunk` objects, in order. Tool calls are numbered by their
 * order in the answer (OpenAI's `tool_calls[].index`), not by content block. With
 * `include_usage`, every chunk carries `usage: null` and a last chunk without choices the usage.
 */
export class ChatChunks {
  readonly #toolIndex = new Map<number, number>();

  constructor(private readonly who: ChatIdentity, private readonly includeUsage: boolean) {}

  /** The chunk for one event, or undefined when OpenAI sends none for it. */
  next(event: StreamEvent): Record<string, unknown> | undefined {
    switch (event.type) {
      case "messageStart":
        return this.#choice({ role: "assistant", content: "" }, null);
      case "contentBlockStart": {
        if (event.toolUse === undefined) return undefined;
        const index = this.#toolIndex.size;
        this.#toolIndex.set(event.index, index);
        return this.#choice({ tool_calls: [{ index, id: event.toolUse.toolUseId, type: "function", function: { name: event.toolUse.name, arguments: "" } }] }, null);
      }
      case "contentBlockDelta": {
        const delta = event.delta.reveal();
        if ("text" in delta) return this.#choice({ content: delta.text }, null);
        if ("reasoningText" in delta) return this.#choice({ reasoning_content: delta.reasoningText }, null);
        if ("toolUseInput" in delta) {
          const index = this.#toolIndex.get(event.index) ?? 0;
          return this.#choice({ tool_calls: [{ index, function: { arguments: delta.toolUseInput } }] }, null);
        }
        return undefined;
      }
      case "contentBlockStop":
        return undefined;
      case "messageStop":
        return this.#choice({}, finishReason(event.stopReason));
      case "metadata":
        return this.includeUsage ? { ...this.#head(), choices: [], usage: chatUsage(event.usage) } : undefined;
    }
  }

  #head(): Record<string, unknown> {
    return { id: this.who.id, object: "chat.completion.chunk", created: this.who.created, model: this.who.model };
  }

  #choice(delta: Record<string, unknown>, finish: FinishReason | null): Record<string, unknown> {
    return { ...this.#head(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(this.includeUsage ? { usage: null } : {}) };
  }
}
