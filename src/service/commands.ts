import type { AnthropicOptions, Conversation, EmbeddingPurpose, InferenceConfig, Sensitive } from "../kernel/index.js";

/**
 * Use-case inputs: what every wire codec decodes into. They name models by their Bedrock model
 * id (the catalogue resolves the provider); everything customer-written is Sensitive.
 */
export interface GuardrailSelection {
  readonly identifier: string;
  readonly version: string;
  readonly trace?: "enabled" | "disabled" | "enabled_full";
  /**
   * How a streamed answer is guarded (Bedrock's streamProcessingMode): `sync` (the default) holds
   * text until it is checked; `async` releases it as it arrives and cuts the stream when the
   * guardrail intervenes, without masking. It applies to the guardrail the request names only.
   */
  readonly streamProcessingMode?: "sync" | "async";
}

export interface ConverseCommand {
  readonly modelId: string;
  readonly conversation: Sensitive<Conversation>;
  readonly inference: InferenceConfig;
  readonly guardrail?: GuardrailSelection;
  /** Bedrock marks requestMetadata sensitive: it is kept for invocation logs, never for audit. */
  readonly requestMetadata?: Sensitive<Readonly<Record<string, string>>>;
  /** JSON Pointers into the provider's raw answer (ConverseRequest.responseFieldPaths). */
  readonly responseFieldPaths?: readonly string[];
  /** Anthropic-family options (ConverseRequest.anthropic); other adapters refuse them. */
  readonly anthropic?: AnthropicOptions;
}

export interface EmbedCommand {
  readonly modelId: string;
  readonly texts: Sensitive<readonly string[]>;
  readonly dimensions?: number;
  readonly normalize?: boolean;
  readonly purpose?: EmbeddingPurpose;
}

export interface CountTokensCommand {
  readonly modelId: string;
  readonly conversation: Sensitive<Conversation>;
}
