import { fault, invalid } from "../../kernel/index.js";
import type {
  ContentBlock, ConverseRequest, Conversation, InferenceConfig, Message, StopReason, ToolConfig,
  ToolResultContent, Usage,
} from "../../kernel/index.js";
import { topKFields } from "./wire.js";
import type {
  WireContentBlock, WireConverseRequest, WireConverseResponse, WireInferenceConfig, WireMessage,
  WireSystemBlock, WireToolConfig, WireToolResultContent, WireTokenUsage,
} from "./wire.js";

/**
 * Pure translation between the inference vocabulary and the SDK's Converse shapes. Nothing here
 * does I/O; content is revealed only to be placed in the upstream request.
 */

/** The Converse input, without `modelId`, shared by Converse, ConverseStream and CountTokens. */
export type ConverseBody = Omit<WireConverseRequest, "modelId">;

// The SDK types JSON documents as its own DocumentType; our `unknown` JSON goes in unchanged.
type Doc = NonNullable<Extract<WireToolResultContent, { json: unknown }>["json"]>;
const doc = (value: unknown): Doc => value as Doc;

function encodeToolResultContent(block: ToolResultContent): WireToolResultContent {
  if (block.type === "text") return { text: block.text };
  if (block.type === "image") return { image: { format: block.format, source: { bytes: block.bytes } } };
  if (block.type === "document") throw unsupported("document");
  return { json: doc(block.json) };
}

function encodeBlock(block: ContentBlock): WireContentBlock {
  switch (block.type) {
    case "text": return { text: block.text };
    case "image": return { image: { format: block.format, source: { bytes: block.bytes } } };
    case "toolUse": return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: doc(block.input) } };
    case "toolResult": return {
      toolResult: {
        toolUseId: block.toolUseId,
        content: block.content.map(encodeToolResultContent),
        ...(block.status ? { status: block.status } : {}),
      },
    };
    default: throw unsupported(block.type);
  }
}

const unsupported = (what: string): Error => invalid(`messages.content.${what}`, `${what} blocks are not supported by this model`);

export function encodeTools(tools: ToolConfig): WireToolConfig {
  const choice = tools.toolChoice;
  return {
    tools: tools.tools.map((t) => ({
      toolSpec: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), inputSchema: { json: doc(t.inputSchema) } },
    })),
    ...(choice === undefined ? {}
      : choice.type === "tool" ? { toolChoice: { tool: { name: choice.name } } }
      : choice.type === "any" ? { toolChoice: { any: {} } }
      : { toolChoice: { auto: {} } }),
  };
}

/** messages, system and toolConfig: what CountTokens takes as well. */
export function encodeConversation(conversation: Conversation): Pick<ConverseBody, "messages" | "system" | "toolConfig"> {
  const messages: WireMessage[] = conversation.messages.map((m) => ({ role: m.role, content: m.content.map(encodeBlock) }));
  const system: WireSystemBlock[] = conversation.system.map((b) => ({ text: b.text }));
  return {
    messages,
    ...(system.length > 0 ? { system } : {}),
    ...(conversation.tools ? { toolConfig: encodeTools(conversation.tools) } : {}),
  };
}

/**
 * Converse's inferenceConfig has maxTokens, temperature, topP and stopSequences. topK goes in the
 * model family's own field via additionalModelRequestFields; for a family the adapter does not
 * know, it is refused rather than dropped.
 */
export function encodeConverse(request: ConverseRequest): ConverseBody {
  const conversation = request.conversation.reveal();
  const { maxTokens, temperature, topP, topK }: InferenceConfig = request.inference;
  const inferenceConfig: WireInferenceConfig = {
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(conversation.stopSequences?.length ? { stopSequences: [...conversation.stopSequences] } : {}),
  };
  let additional: Record<string, unknown> | undefined;
  if (topK !== undefined) {
    additional = topKFields(request.model, topK);
    if (!additional) throw invalid("inferenceConfig.topK", "topK is not supported by this model");
  }
  return {
    ...encodeConversation(conversation),
    ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
    ...(additional ? { additionalModelRequestFields: doc(additional) } : {}),
  };
}

const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  end_turn: "end_turn",
  tool_use: "tool_use",
  max_tokens: "max_tokens",
  stop_sequence: "stop_sequence",
  guardrail_intervened: "guardrail_intervened",
  content_filtered: "content_filtered",
  // Output cut short by a token limit: what max_tokens tells the caller.
  model_context_window_exceeded: "max_tokens",
};

/** undefined for malformed_model_output, malformed_tool_use and reasons newer than this code. */
export function decodeStopReason(reason: string | undefined): StopReason | undefined {
  return reason === undefined ? undefined : STOP_REASONS[reason];
}

/** totalTokens is recomputed so it always equals input + output, as the domain promises. */
export function decodeUsage(usage: WireTokenUsage | undefined): Usage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/**
 * Text and toolUse blocks come back; reasoning, citations and the other block kinds are left
 * out because the domain has no place for them (the adapter never asks for them either).
 */
export function decodeContent(blocks: readonly WireContentBlock[]): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const block of blocks) {
    if (block.text !== undefined) out.push({ type: "text", text: block.text });
    else if (block.toolUse) {
      const { toolUseId, name, input } = block.toolUse;
      out.push({ type: "toolUse", toolUseId: toolUseId ?? "", name: name ?? "", input: input ?? {} });
    }
  }
  return out;
}

export interface DecodedConverse { readonly message: Message; readonly stopReason: StopReason; readonly usage: Usage }

export function decodeConverse(response: Pick<WireConverseResponse, "output" | "stopReason" | "usage">): DecodedConverse {
  const stopReason = decodeStopReason(response.stopReason);
  if (!stopReason) throw fault("model-error", `upstream model stopped with an unusable stopReason (${safeCode(response.stopReason)})`);
  const content = decodeContent(response.output?.message?.content ?? []);
  return { message: { role: "assistant", content }, stopReason, usage: decodeUsage(response.usage) };
}

/** Upstream codes go into messages only when they look like codes, never free text. */
export function safeCode(code: unknown): string {
  return typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code) ? code : "unknown";
}
