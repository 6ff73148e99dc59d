import type { Sensitive } from "./sensitive.js";

/**
 * The inference vocabulary every wire surface decodes into and every provider adapter speaks.
 * It follows Bedrock's Converse shapes, the most general of the APIs plinth serves. Anything a
 * customer wrote or a model produced sits inside a Sensitive.
 */
export type Role = "user" | "assistant";
export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

export interface TextBlock { readonly type: "text"; readonly text: string }
export interface ImageBlock { readonly type: "image"; readonly format: ImageFormat; readonly bytes: Uint8Array }
export interface ToolUseBlock { readonly type: "toolUse"; readonly toolUseId: string; readonly name: string; readonly input: unknown }
export type ToolResultContent = TextBlock | ImageBlock | { readonly type: "json"; readonly json: unknown };
export interface ToolResultBlock {
  readonly type: "toolResult";
  readonly toolUseId: string;
  readonly status?: "success" | "error";
  readonly content: readonly ToolResultContent[];
}
export type ContentBlock = TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock;

export interface Message { readonly role: Role; readonly content: readonly ContentBlock[] }

export interface ToolSpec { readonly name: string; readonly description?: string; readonly inputSchema: unknown }
export type ToolChoice = { readonly type: "auto" } | { readonly type: "any" } | { readonly type: "tool"; readonly name: string };
export interface ToolConfig { readonly tools: readonly ToolSpec[]; readonly toolChoice?: ToolChoice }

/** Everything the customer sent that is content: prompts, tools, stop sequences. */
export interface Conversation {
  readonly system: readonly string[];
  readonly messages: readonly Message[];
  readonly tools?: ToolConfig;
  readonly stopSequences?: readonly string[];
}

/** Numeric knobs: not content, so they may be logged and audited. */
export interface InferenceConfig {
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
}

export type StopReason =
  | "end_turn"
  | "tool_use"
  | "max_tokens"
  | "stop_sequence"
  | "guardrail_intervened"
  | "content_filtered";

export interface Usage { readonly inputTokens: number; readonly outputTokens: number; readonly totalTokens: number }

export interface ConverseRequest {
  /** The provider's own name for the model (config `upstreamModel`). */
  readonly model: string;
  readonly conversation: Sensitive<Conversation>;
  readonly inference: InferenceConfig;
}

export interface ConverseResult {
  readonly message: Sensitive<Message>;
  readonly stopReason: StopReason;
  readonly usage: Usage;
}

export type StreamDelta = { readonly text: string } | { readonly toolUseInput: string };

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
  | { readonly type: "messageStop"; readonly stopReason: StopReason }
  | { readonly type: "metadata"; readonly usage: Usage };

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
