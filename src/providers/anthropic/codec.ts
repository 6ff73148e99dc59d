import { fault, invalid, sensitive } from "../../kernel/index.js";
import type { ContentBlock, ConverseRequest, ConverseResult, InferenceConfig, OutputFormat, ServiceTier, StopReason, Usage } from "../../kernel/index.js";
import { checkResponseFieldPaths, isRecord, malformedAnswer, pickResponseFields, tokenCount } from "../http-upstream/index.js";
import { toPrompt } from "./codec-blocks.js";
import { applyAnthropicOptions } from "./codec-options.js";
import type { MessagesRequest, Usage as WireUsage } from "./wire.js";

export { toPrompt } from "./codec-blocks.js";

/** Pure translation between plinth's Converse vocabulary and the Anthropic Messages API. */

/**
 * The API requires max_tokens; Converse callers may omit it. Refusing would break them, so we
 * send 4096: the output ceiling of the oldest Claude 3 models, hence valid for every current
 * model, and enough for most answers. A caller who wants more says so. With thinking on, the
 * budget comes on top (the API wants max_tokens above budget_tokens).
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** The beta that structured outputs and strict tools need (docs.anthropic.com, "Structured outputs"). */
export const STRUCTURED_OUTPUTS_BETA = "structured-outputs-2025-11-13";

/** Beta flags are tokens like `interleaved-thinking-2025-05-14`; anything else could split the header. */
const BETA_FLAG = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function toMessagesRequest(request: ConverseRequest, stream: boolean): MessagesRequest {
  const conversation = request.conversation.reveal();
  const { inference } = request;
  checkResponseFieldPaths(request.responseFieldPaths);
  const thinking = toThinking(inference);
  const body: MessagesRequest = {
    ...toPrompt(request.model, conversation),
    max_tokens: inference.maxTokens ?? DEFAULT_MAX_TOKENS + (thinking?.budget_tokens ?? 0),
  };
  if (thinking) body.thinking = thinking;
  if (inference.temperature !== undefined) body.temperature = inference.temperature;
  if (inference.topP !== undefined) body.top_p = inference.topP;
  if (inference.topK !== undefined) body.top_k = inference.topK;
  if (conversation.stopSequences?.length) body.stop_sequences = [...conversation.stopSequences];
  if (conversation.outputFormat) body.output_format = toOutputFormat(conversation.outputFormat);
  const userId = request.anthropic?.userId;
  if (userId !== undefined) body.metadata = { user_id: userId.reveal() };
  const effort = inference.reasoning?.effort;
  if (effort === "minimal") throw invalid("additionalModelRequestFields.reasoning_effort", "this model has no minimal effort level; use low, medium or high");
  if (effort !== undefined) body.output_config = { effort };
  applyAnthropicOptions(body, request.anthropic);
  const tier = toServiceTier(inference.serviceTier);
  if (tier) body.service_tier = tier;
  if (inference.latency === "optimized") throw invalid("performanceConfig.latency", "latency-optimized inference is not supported by this model");
  if (stream) body.stream = true;
  return body;
}

/**
 * A thinking budget is Anthropic's `thinking`. An effort level is not turned into a guessed
 * budget: Anthropic has its own effort setting (`output_config.effort`, which Bedrock's Converse
 * `outputConfig.effort` maps to for Claude), so low, medium and high go there (toEffort); it has
 * no `minimal`, which is refused.
 */
function toThinking(inference: InferenceConfig): { type: "enabled"; budget_tokens: number } | undefined {
  const reasoning = inference.reasoning;
  if (!reasoning) return undefined;
  if (reasoning.budgetTokens === undefined) return undefined;
  return { type: "enabled", budget_tokens: reasoning.budgetTokens };
}

/**
 * The schema is sent as it is. Anthropic's output_format has no name or description; the name
 * is only a label, and a description moves into the schema, where the model reads it.
 */
function toOutputFormat(format: OutputFormat): NonNullable<MessagesRequest["output_format"]> {
  let schema = format.schema;
  if (format.description !== undefined) {
    if (!isRecord(schema)) throw invalid("outputConfig.textFormat.structure.jsonSchema.schema", "must be a JSON object");
    if (schema.description === undefined) schema = { ...schema, description: format.description };
  }
  return { type: "json_schema", schema };
}

/**
 * Anthropic's tiers: `auto` serves from Priority Tier capacity when the organisation has it
 * (which is what Bedrock's priority and reserved tiers buy), `standard_only` never does (the
 * default tier). There is no flex tier.
 */
function toServiceTier(tier: ServiceTier | undefined): MessagesRequest["service_tier"] {
  if (tier === undefined) return undefined;
  if (tier === "default") return "standard_only";
  if (tier === "priority" || tier === "reserved") return "auto";
  throw invalid("serviceTier.type", `the ${tier} service tier is not supported by this model`);
}

/** The `anthropic-beta` header: the caller's flags, and the one structured output needs. */
export function betaHeader(request: ConverseRequest): string | undefined {
  const flags = new Set<string>();
  (request.anthropic?.betas ?? []).forEach((flag, i) => {
    if (!BETA_FLAG.test(flag)) throw invalid(`anthropic_beta.${i}`, "a beta flag is letters, digits, '.', '_' and '-' (at most 64)");
    flags.add(flag);
  });
  const conversation = request.conversation.reveal();
  if (conversation.outputFormat || conversation.tools?.tools.some((t) => t.strict === true)) flags.add(STRUCTURED_OUTPUTS_BETA);
  return flags.size > 0 ? [...flags].join(",") : undefined;
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

/**
 * Anthropic's input_tokens excludes the tokens read from or written to the cache, and Bedrock's
 * Converse inputTokens means the same (the Vercel AI SDK's Bedrock provider adds the cache counts
 * to it to get the whole prompt), so plinth's Usage keeps that meaning: inputTokens is the
 * uncached part, and totalTokens counts every token, cached or not.
 */
export function toUsage(usage: WireUsage | undefined, outputTokens = tokenCount(usage?.output_tokens)): Usage {
  const inputTokens = tokenCount(usage?.input_tokens);
  const read = tokenCount(usage?.cache_read_input_tokens);
  const write = tokenCount(usage?.cache_creation_input_tokens);
  return {
    inputTokens, outputTokens, totalTokens: inputTokens + read + write + outputTokens,
    ...(usage?.cache_read_input_tokens != null ? { cacheReadInputTokens: read } : {}),
    ...(usage?.cache_creation_input_tokens != null ? { cacheWriteInputTokens: write } : {}),
  };
}

/** The tier that served the call: Anthropic says standard, priority or batch. */
export function toServedTier(usage: unknown): ServiceTier | undefined {
  const tier = isRecord(usage) ? usage.service_tier : undefined;
  return tier === "priority" ? "priority" : tier === "standard" ? "default" : undefined;
}

const utf8 = new TextEncoder();

function fromResponseBlock(block: Record<string, unknown>): ContentBlock | undefined {
  if (block.type === "text" && typeof block.text === "string") return { type: "text", text: block.text };
  if (block.type === "tool_use") {
    if (typeof block.id !== "string" || typeof block.name !== "string") throw malformedAnswer(200, "a tool_use block lacks its id or name");
    return { type: "toolUse", toolUseId: block.id, name: block.name, input: block.input ?? {} };
  }
  if (block.type === "thinking" && typeof block.thinking === "string") {
    return { type: "reasoning", text: block.thinking, ...(typeof block.signature === "string" ? { signature: block.signature } : {}) };
  }
  // Opaque to plinth: kept as the bytes of the API's string and sent back as that string.
  if (block.type === "redacted_thinking" && typeof block.data === "string") return { type: "redactedReasoning", data: utf8.encode(block.data) };
  return undefined; // server-tool blocks and kinds newer than this code
}

/**
 * Bedrock evaluates a Claude model's response-field paths against the stream's final
 * `message_delta` even for a non-streaming call (the Vercel AI SDK reads `/delta/stop_sequence`
 * from both), so the answer is offered with that `delta` as well as its own members.
 */
export function fromMessageResponse(body: unknown, fieldPaths?: readonly string[]): ConverseResult {
  if (!isRecord(body) || !Array.isArray(body.content)) throw malformedAnswer(200, "the message has no content list");
  const content: ContentBlock[] = [];
  for (const block of body.content as unknown[]) {
    if (!isRecord(block)) throw malformedAnswer(200, "a content block is not an object");
    const decoded = fromResponseBlock(block);
    if (decoded) content.push(decoded);
  }
  const usage = toUsage(isRecord(body.usage) ? (body.usage as WireUsage) : undefined);
  const fields = pickResponseFields({ delta: { stop_reason: body.stop_reason, stop_sequence: body.stop_sequence }, ...body }, fieldPaths);
  const tier = toServedTier(body.usage);
  return {
    message: sensitive({ role: "assistant", content }), stopReason: toStopReason(body.stop_reason), usage,
    ...(fields ? { additionalFields: sensitive(fields) } : {}),
    ...(tier ? { serviceTier: tier } : {}),
  };
}

export function fromCountTokens(body: unknown): number {
  const count = isRecord(body) ? body.input_tokens : undefined;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) throw malformedAnswer(200, "input_tokens is missing");
  return count;
}

export const cannotEmbed = (): Error => fault("validation", "The provided model doesn't support embeddings.");
