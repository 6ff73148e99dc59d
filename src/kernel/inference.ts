import type { Sensitive } from "./sensitive.js";

/**
 * The inference vocabulary every wire surface decodes into and every provider adapter speaks.
 * It follows Bedrock's Converse shapes, the most general of the APIs plinth serves. Anything a
 * customer wrote or a model produced sits inside a Sensitive.
 */
export type Role = "user" | "assistant";
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";
export type DocumentFormat = "pdf" | "csv" | "doc" | "docx" | "xls" | "xlsx" | "html" | "txt" | "md";
export type CacheTtl = "5m" | "1h";

/**
 * A prompt-cache breakpoint (Converse `cachePoint`, Anthropic `cache_control`): the prompt up to
 * and including the block that carries it may be cached by the provider. Bedrock writes it as a
 * block after the one it follows; Anthropic as a member of that block; the kernel the latter.
 */
export interface CacheMark { readonly ttl?: CacheTtl }
interface Cacheable { readonly cache?: CacheMark }

/**
 * `guard`: the caller sent it as Converse `guardContent`, which narrows what a guardrail evaluates.
 * `qualifiers`: what the guardContent is to the guardrail (Bedrock's `GuardrailConverseContentQualifier`):
 * the contextual-grounding check's reference (`grounding_source`) or question (`query`), or content to guard.
 */
export interface TextBlock extends Cacheable {
  readonly type: "text";
  readonly text: string;
  readonly guard?: true;
  readonly qualifiers?: readonly GuardQualifier[];
}
export type GuardQualifier = "grounding_source" | "query" | "guard_content";
export interface ImageBlock extends Cacheable { readonly type: "image"; readonly format: ImageFormat; readonly bytes: Uint8Array }
/**
 * A document the model reads (Converse `document`). `name` is customer-written and is content.
 * A source is the file's bytes or, for text formats, its text.
 */
export interface DocumentBlock extends Cacheable {
  readonly type: "document";
  readonly format: DocumentFormat;
  readonly name: string;
  readonly source: { readonly bytes: Uint8Array } | { readonly text: string };
  readonly context?: string;
  readonly citations?: boolean;
}
/** The model's visible reasoning (Converse `reasoningText`); the signature proves it unaltered when sent back. */
export interface ReasoningBlock { readonly type: "reasoning"; readonly text: string; readonly signature?: string }
/** Reasoning the provider encrypted: kept opaque and returned to it as it came. */
export interface RedactedReasoningBlock { readonly type: "redactedReasoning"; readonly data: Uint8Array }
export interface ToolUseBlock extends Cacheable { readonly type: "toolUse"; readonly toolUseId: string; readonly name: string; readonly input: unknown }
export type ToolResultContent = TextBlock | ImageBlock | DocumentBlock | { readonly type: "json"; readonly json: unknown };
export interface ToolResultBlock extends Cacheable {
  readonly type: "toolResult";
  readonly toolUseId: string;
  readonly status?: "success" | "error";
  readonly content: readonly ToolResultContent[];
}
export type ContentBlock = TextBlock | ImageBlock | DocumentBlock | ReasoningBlock | RedactedReasoningBlock | ToolUseBlock | ToolResultBlock;

export interface Message { readonly role: Role; readonly content: readonly ContentBlock[] }

/** `strict`: the provider must keep tool input to the schema (structured output for tools). */
export interface ToolSpec extends Cacheable {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: unknown;
  readonly strict?: boolean;
}
export type ToolChoice = { readonly type: "auto" } | { readonly type: "any" } | { readonly type: "tool"; readonly name: string };
export interface ToolConfig { readonly tools: readonly ToolSpec[]; readonly toolChoice?: ToolChoice }

/** Structured output (Converse `outputConfig.textFormat`): the answer's text is JSON valid under `schema`. */
export interface OutputFormat {
  readonly type: "json_schema";
  readonly schema: unknown;
  readonly name?: string;
  readonly description?: string;
}

/** Everything the customer sent that is content: prompts, tools, stop sequences, output schemas. */
export interface Conversation {
  readonly system: readonly TextBlock[];
  readonly messages: readonly Message[];
  readonly tools?: ToolConfig;
  readonly stopSequences?: readonly string[];
  readonly outputFormat?: OutputFormat;
  /**
   * The system prompt was cut out of the caller's one prompt string (InvokeModel's raw-prompt
   * families, Llama and Mistral, whose rendered chat plinth takes apart): Bedrock's guardrail
   * reads that string whole, system section included, so a guardrail reads this system prompt
   * as it reads the messages. Providers ignore it.
   */
  readonly systemFromPrompt?: true;
}

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";
/** Extended thinking: a token budget (Anthropic-style) or an effort level (OpenAI-style). */
export interface ReasoningConfig { readonly budgetTokens?: number; readonly effort?: ReasoningEffort }
export type ServiceTier = "priority" | "default" | "flex" | "reserved";
export type LatencyMode = "standard" | "optimized";

/** Numeric knobs and service options: not content, so they may be logged and audited. */
export interface InferenceConfig {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly reasoning?: ReasoningConfig;
  readonly serviceTier?: ServiceTier;
  readonly latency?: LatencyMode;
}

export type StopReason =
  | "end_turn"
  | "tool_use"
  | "max_tokens"
  | "stop_sequence"
  | "guardrail_intervened"
  | "content_filtered";

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /**
   * Prompt tokens read from / written to the provider's prompt cache, when it reports them. As in
   * Bedrock's TokenUsage, they are NOT part of inputTokens (the uncached prompt tokens); they are
   * part of totalTokens, which counts every token: input + output + cache reads + cache writes.
   */
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
}

/**
 * Members one provider family takes that the shared vocabulary has no word for, forwarded by that
 * family's adapter only (other adapters refuse a request that carries them).
 */
export interface AnthropicOptions {
  /** `anthropic_beta` flags, forwarded as the `anthropic-beta` header or body member. */
  readonly betas?: readonly string[];
  /** `metadata.user_id`: an opaque caller id; it may identify a person, so it is content. */
  readonly userId?: Sensitive<string>;
  /** Tools sent with `defer_loading: true` (loaded only when a tool search finds them), by name: names are content. */
  readonly deferredTools?: Sensitive<readonly string[]>;
  /** Tools sent with `eager_input_streaming: true` (their input streamed unbuffered), by name. */
  readonly eagerInputStreamingTools?: Sensitive<readonly string[]>;
  /** `tool_choice.disable_parallel_tool_use`: at most one tool call per turn. */
  readonly disableParallelToolUse?: boolean;
  /** `thinking: {type: "adaptive"}`: the model decides whether and how long to think (no budget). */
  readonly adaptiveThinking?: boolean;
  /** `thinking.display`: whether thinking comes back summarized or is omitted. */
  readonly thinkingDisplay?: "summarized" | "omitted";
  /** `output_config.effort`: how many tokens the model may spend overall. */
  readonly effort?: "low" | "medium" | "high" | "xhigh" | "max";
  /** `context_management`: edits the provider applies to the context (clearing old thinking or tool results); its edits may name tools. */
  readonly contextManagement?: Sensitive<Readonly<Record<string, unknown>>>;
}

export interface ConverseRequest {
  /** The provider's own name for the model (config `upstreamModel`). */
  readonly model: string;
  readonly conversation: Sensitive<Conversation>;
  readonly inference: InferenceConfig;
  /**
   * JSON Pointers (RFC 6901) into the provider's raw answer (for a stream, its final delta
   * event); what they point at comes back as ConverseResult.additionalFields.
   */
  readonly responseFieldPaths?: readonly string[];
  readonly anthropic?: AnthropicOptions;
}

export interface ConverseResult {
  readonly message: Sensitive<Message>;
  readonly stopReason: StopReason;
  readonly usage: Usage;
  /** The values at `responseFieldPaths`, nested as in the raw answer; absent when none resolved. */
  readonly additionalFields?: Sensitive<Readonly<Record<string, unknown>>>;
  /** The tier the provider served the call on, where it has tiers. */
  readonly serviceTier?: ServiceTier;
  /** What the request's guardrail did, when it named one and asked for a trace. */
  readonly guardrailTrace?: GuardrailTrace;
}

/**
 * Bedrock's `GuardrailTraceAssessment` as the caller sees it in `trace.guardrail`. Its
 * assessments quote what matched (the caller's own text), so the whole trace is content.
 */
export type GuardrailTrace = Sensitive<Readonly<Record<string, unknown>>>;

export type StreamDelta =
  | { readonly text: string }
  | { readonly toolUseInput: string }
  | { readonly reasoningText: string }
  | { readonly reasoningSignature: string }
  | { readonly redactedReasoning: Uint8Array };

/**
 * A well-formed stream is: messageStart, then for each block contentBlockStart? (required for
 * tool use), contentBlockDelta*, contentBlockStop, then messageStop, then metadata.
 * The provider contract suite checks this order.
 */
export type StreamEvent =
  | { readonly type: "messageStart"; readonly role: "assistant" }
  | { readonly type: "contentBlockStart"; readonly index: number; readonly toolUse?: { readonly toolUseId: string; readonly name: string } }
  | { readonly type: "contentBlockDelta"; readonly index: number; readonly delta: Sensitive<StreamDelta> }
  | { readonly type: "contentBlockStop"; readonly index: number }
  | { readonly type: "messageStop"; readonly stopReason: StopReason; readonly additionalFields?: Sensitive<Readonly<Record<string, unknown>>> }
  | { readonly type: "metadata"; readonly usage: Usage; readonly serviceTier?: ServiceTier; readonly guardrailTrace?: GuardrailTrace };

export type EmbeddingPurpose = "search_document" | "search_query" | "classification" | "clustering";

export interface EmbedRequest {
  readonly model: string;
  readonly texts: Sensitive<readonly string[]>;
  readonly dimensions?: number;
  readonly normalize?: boolean;
  readonly purpose?: EmbeddingPurpose;
}

export interface EmbedResult {
  readonly vectors: Sensitive<readonly (readonly number[])[]>;
  readonly inputTokens: number;
}

export interface CountTokensRequest {
  readonly model: string;
  readonly conversation: Sensitive<Conversation>;
}
