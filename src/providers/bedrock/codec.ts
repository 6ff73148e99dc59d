import { refuseAnthropicOptions } from "../anthropic-options.js";
import { fault, invalid } from "../../kernel/index.js";
import type { ContentBlock, ConverseRequest, InferenceConfig, Message, ServiceTier, StopReason, Usage } from "../../kernel/index.js";
import { checkResponseFieldPaths } from "../http-upstream/index.js";
import { doc, encodeConversation } from "./codec-blocks.js";
import { baseModelId, topKFields } from "./wire.js";
import type { WireContentBlock, WireConverseRequest, WireConverseResponse, WireInferenceConfig, WireTokenUsage } from "./wire.js";

export { encodeConversation, encodeTools } from "./codec-blocks.js";

/**
 * Pure translation between the inference vocabulary and the SDK's Converse shapes. Nothing here
 * does I/O; content is revealed only to be placed in the upstream request. Upstream Bedrock
 * speaks Converse itself, so documents, reasoning, cache points, structured output, strict
 * tools, tiers and response-field paths all go through as Converse members; what Converse has
 * no member for (a thinking budget, Anthropic betas) goes in the family's own request fields.
 */

/** The Converse input, without `modelId`, shared by Converse, ConverseStream and CountTokens. */
export type ConverseBody = Omit<WireConverseRequest, "modelId">;

/**
 * The model family's own request fields (`additionalModelRequestFields`): topK, reasoning and
 * Anthropic's options. Each is refused, naming it, for a family the adapter knows no field for.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function familyFields(request: ConverseRequest): Record<string, unknown> | undefined {
  const { topK, reasoning } = request.inference;
  const family = baseModelId(request.model);
  const anthropic = family.startsWith("anthropic.");
  let out: Record<string, unknown> = {};
  if (topK !== undefined) {
    const fields = topKFields(request.model, topK);
    if (!fields) throw invalid("inferenceConfig.topK", "topK is not supported by this model");
    out = { ...out, ...fields };
  }
  if (reasoning?.budgetTokens !== undefined) {
    if (!anthropic) throw invalid("additionalModelRequestFields.thinking", "a thinking token budget is not supported by this model");
    out.thinking = { type: "enabled", budget_tokens: reasoning.budgetTokens };
  }
  if (reasoning?.effort !== undefined) {
    // OpenAI's open-weight models on Bedrock take reasoning_effort; Claude takes a budget.
    if (!family.startsWith("openai.")) throw invalid("additionalModelRequestFields.reasoning_effort", "a reasoning effort level is not supported by this model");
    out.reasoning_effort = reasoning.effort;
  }
  const options = request.anthropic;
  // Claude on Bedrock takes the body-level members through additionalModelRequestFields; the
  // tool-level ones have no place in Converse's toolConfig, so they are refused by name.
  refuseAnthropicOptions(options, anthropic ? ["betas", "userId", "adaptiveThinking", "thinkingDisplay", "effort", "contextManagement"] : []);
  if (options && anthropic) {
    if (options.adaptiveThinking && out.thinking === undefined) out.thinking = { type: "adaptive" };
    if (options.thinkingDisplay !== undefined && isObject(out.thinking)) out.thinking = { ...out.thinking, display: options.thinkingDisplay };
    if (options.effort !== undefined) out.output_config = { effort: options.effort };
    const context = options.contextManagement?.reveal();
    if (context !== undefined) out.context_management = context;
  }
  if (options?.betas?.length || options?.userId !== undefined) {
    if (options.betas?.length) out.anthropic_beta = [...options.betas];
    if (options.userId !== undefined) out.metadata = { user_id: options.userId.reveal() };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function encodeConverse(request: ConverseRequest): ConverseBody {
  const conversation = request.conversation.reveal();
  const { maxTokens, temperature, topP, serviceTier, latency }: InferenceConfig = request.inference;
  const inferenceConfig: WireInferenceConfig = {
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(conversation.stopSequences?.length ? { stopSequences: [...conversation.stopSequences] } : {}),
  };
  const additional = familyFields(request);
  const paths = request.responseFieldPaths ?? [];
  checkResponseFieldPaths(paths);
  const format = conversation.outputFormat;
  return {
    ...encodeConversation(conversation),
    ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
    ...(additional ? { additionalModelRequestFields: doc(additional) } : {}),
    ...(paths.length > 0 ? { additionalModelResponseFieldPaths: [...paths] } : {}),
    ...(format ? {
      outputConfig: {
        textFormat: {
          type: "json_schema",
          // Converse carries the schema as a JSON string.
          structure: { jsonSchema: { schema: JSON.stringify(format.schema), ...(format.name !== undefined ? { name: format.name } : {}), ...(format.description !== undefined ? { description: format.description } : {}) } },
        },
      },
    } : {}),
    ...(serviceTier !== undefined ? { serviceTier: { type: serviceTier } } : {}),
    ...(latency !== undefined ? { performanceConfig: { latency } } : {}),
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

/**
 * Bedrock's own meaning, kept: inputTokens excludes the tokens read from or written to the
 * prompt cache. totalTokens is recomputed so it always equals every input and output token.
 */
export function decodeUsage(usage: WireTokenUsage | undefined): Usage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const read = usage?.cacheReadInputTokens;
  const write = usage?.cacheWriteInputTokens;
  return {
    inputTokens, outputTokens, totalTokens: inputTokens + outputTokens + (read ?? 0) + (write ?? 0),
    ...(read !== undefined ? { cacheReadInputTokens: read } : {}),
    ...(write !== undefined ? { cacheWriteInputTokens: write } : {}),
  };
}

const TIERS: ReadonlySet<string> = new Set(["priority", "default", "flex", "reserved"]);

export function decodeServiceTier(tier: { type?: string | undefined } | undefined): ServiceTier | undefined {
  return tier?.type !== undefined && TIERS.has(tier.type) ? (tier.type as ServiceTier) : undefined;
}

/** A JSON object of response fields, else nothing (the domain keeps fields as a map). */
export function decodeFields(fields: unknown): Record<string, unknown> | undefined {
  return typeof fields === "object" && fields !== null && !Array.isArray(fields) && Object.keys(fields).length > 0 ? (fields as Record<string, unknown>) : undefined;
}

/** Text, reasoning and toolUse blocks come back; citations and the other kinds are left out. */
export function decodeContent(blocks: readonly WireContentBlock[]): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const block of blocks) {
    if (block.text !== undefined) out.push({ type: "text", text: block.text });
    else if (block.toolUse) {
      const { toolUseId, name, input } = block.toolUse;
      out.push({ type: "toolUse", toolUseId: toolUseId ?? "", name: name ?? "", input: input ?? {} });
    } else if (block.reasoningContent?.reasoningText) {
      const { text, signature } = block.reasoningContent.reasoningText;
      out.push({ type: "reasoning", text: text ?? "", ...(signature !== undefined ? { signature } : {}) });
    } else if (block.reasoningContent?.redactedContent) {
      out.push({ type: "redactedReasoning", data: block.reasoningContent.redactedContent });
    }
  }
  return out;
}

export interface DecodedConverse {
  readonly message: Message;
  readonly stopReason: StopReason;
  readonly usage: Usage;
  readonly additionalFields?: Record<string, unknown>;
  readonly serviceTier?: ServiceTier;
}

export function decodeConverse(response: Pick<WireConverseResponse, "output" | "stopReason" | "usage"> & Partial<Pick<WireConverseResponse, "additionalModelResponseFields" | "serviceTier">>): DecodedConverse {
  const stopReason = decodeStopReason(response.stopReason);
  if (!stopReason) throw fault("model-error", `upstream model stopped with an unusable stopReason (${safeCode(response.stopReason)})`);
  const content = decodeContent(response.output?.message?.content ?? []);
  const fields = decodeFields(response.additionalModelResponseFields);
  const tier = decodeServiceTier(response.serviceTier);
  return {
    message: { role: "assistant", content }, stopReason, usage: decodeUsage(response.usage),
    ...(fields ? { additionalFields: fields } : {}),
    ...(tier ? { serviceTier: tier } : {}),
  };
}

/** Upstream codes go into messages only when they look like codes, never free text. */
export function safeCode(code: unknown): string {
  return typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code) ? code : "unknown";
}
