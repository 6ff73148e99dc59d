/**
 * The upstream's shapes. The Converse shapes are the official SDK's own types (imported as
 * types only, so the codec stays pure); the InvokeModel bodies for embeddings are plain JSON the
 * SDK does not model, so they are written out here. Also the model-id rules: Bedrock gives no
 * capability metadata at inference time, so the family is read from the upstream model id.
 */
export type {
  ContentBlock as WireContentBlock,
  ConverseRequest as WireConverseRequest,
  ConverseResponse as WireConverseResponse,
  ConverseStreamOutput as WireStreamOutput,
  InferenceConfiguration as WireInferenceConfig,
  Message as WireMessage,
  SystemContentBlock as WireSystemBlock,
  Tool as WireTool,
  ToolChoice as WireToolChoice,
  ToolConfiguration as WireToolConfig,
  ToolResultContentBlock as WireToolResultContent,
  TokenUsage as WireTokenUsage,
} from "@aws-sdk/client-bedrock-runtime";

/** amazon.titan-embed-text-v2 InvokeModel body; v1 and the image model accept `inputText` only. */
export interface TitanEmbedBody { inputText: string; dimensions?: number; normalize?: boolean }
export interface TitanEmbedAnswer { embedding?: unknown; inputTextTokenCount?: unknown }

/** cohere.embed-* InvokeModel body; `output_dimension` exists from embed-v4 on. */
export interface CohereEmbedBody { texts: string[]; input_type: string; output_dimension?: number }
/** v3 answers `embeddings: number[][]`; v4 answers `embeddings: { float: number[][] }`. */
export interface CohereEmbedAnswer { embeddings?: unknown }

/** Unmodelled InvokeModel response header carrying the billed input tokens. */
export const INPUT_TOKEN_HEADER = "x-amzn-bedrock-input-token-count";

/**
 * The foundation-model id inside an upstream model id: the last ARN path segment, without the
 * geography prefix of a cross-region inference profile (`us.`, `eu.`, `apac.`, `global.`, ...).
 */
export function baseModelId(upstreamModel: string): string {
  const last = upstreamModel.slice(upstreamModel.lastIndexOf("/") + 1);
  return last.replace(/^(?:us|us-gov|eu|apac|jp|au|ca|global)\./, "");
}

export type EmbedFamily = "titan-v2" | "titan" | "cohere-v3" | "cohere-v4";

/** Which InvokeModel body an embedding model takes, or undefined for a model that does not embed. */
export function embedFamily(upstreamModel: string): EmbedFamily | undefined {
  const id = baseModelId(upstreamModel);
  if (id.startsWith("amazon.titan-embed-text-v2")) return "titan-v2";
  if (id.startsWith("amazon.titan-embed-")) return "titan";
  if (id.startsWith("cohere.embed-v4")) return "cohere-v4";
  if (id.startsWith("cohere.embed-")) return "cohere-v3";
  return undefined;
}

/**
 * Converse has no topK; the families that take one name it in their own request fields, passed
 * through `additionalModelRequestFields`. Undefined: the adapter knows no way to send topK.
 */
export function topKFields(upstreamModel: string, topK: number): Record<string, unknown> | undefined {
  const id = baseModelId(upstreamModel);
  if (id.startsWith("anthropic.")) return { top_k: topK };
  if (id.startsWith("amazon.nova-")) return { inferenceConfig: { topK } };
  return undefined;
}
