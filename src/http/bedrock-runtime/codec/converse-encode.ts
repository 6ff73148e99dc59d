import type { ContentBlock, ConverseResult, DocumentBlock, ImageBlock, LatencyMode, ServiceTier, StopReason, ToolResultContent, Usage } from "../../../kernel/index.js";

/**
 * ConverseResponse (BC `ConverseResponse`): the JSON the AWS SDKs deserialize. Content leaves
 * its Sensitive wrapper here and only here, on its way to the caller who sent the request.
 * Blobs (image bytes) are base64 strings, as restJson1 writes them.
 */
export type WireImage = { image: { format: ImageBlock["format"]; source: { bytes: string } } };
export type WireToolResultContent = { text: string } | WireImage | { document: unknown } | { json: unknown };
export type WireContentBlock =
  | { text: string }
  | WireImage
  | { document: unknown }
  | { reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: string } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: WireToolResultContent[]; status?: "success" | "error" } };

export interface WireUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface WireServiceOptions {
  serviceTier?: { type: ServiceTier };
  performanceConfig?: { latency: LatencyMode };
}

export interface WireConverseOutput extends WireServiceOptions {
  output: { message: { role: "user" | "assistant"; content: WireContentBlock[] } };
  stopReason: StopReason;
  usage: WireUsage;
  metrics: { latencyMs: number };
  additionalModelResponseFields?: unknown;
  trace?: { guardrail: unknown };
}

/**
 * What the caller asked of the service, echoed as Bedrock echoes it: the tier the provider
 * reports having served the call on, else the one requested; the latency mode requested.
 */
export interface RequestedService {
  readonly serviceTier?: ServiceTier;
  readonly latency?: LatencyMode;
}

export function encodeServiceOptions(requested: RequestedService, served: ServiceTier | undefined): WireServiceOptions {
  const tier = served ?? requested.serviceTier;
  return {
    ...(tier === undefined ? {} : { serviceTier: { type: tier } }),
    ...(requested.latency === undefined ? {} : { performanceConfig: { latency: requested.latency } }),
  };
}

function encodeImage(block: ImageBlock): WireImage {
  return { image: { format: block.format, source: { bytes: Buffer.from(block.bytes).toString("base64") } } };
}

function encodeDocument(block: DocumentBlock): unknown {
  const source = "bytes" in block.source ? { bytes: Buffer.from(block.source.bytes).toString("base64") } : { text: block.source.text };
  return {
    format: block.format, name: block.name, source,
    ...(block.context === undefined ? {} : { context: block.context }),
    ...(block.citations === undefined ? {} : { citations: { enabled: block.citations } }),
  };
}

function encodeToolResultContent(c: ToolResultContent): WireToolResultContent {
  if (c.type === "text") return { text: c.text };
  if (c.type === "image") return encodeImage(c);
  if (c.type === "document") return { document: encodeDocument(c) };
  return { json: c.json };
}

export function encodeContentBlock(block: ContentBlock): WireContentBlock {
  switch (block.type) {
    case "text": return { text: block.text };
    case "image": return encodeImage(block);
    case "document": return { document: encodeDocument(block) };
    case "reasoning": return { reasoningContent: { reasoningText: { text: block.text, ...(block.signature === undefined ? {} : { signature: block.signature }) } } };
    case "redactedReasoning": return { reasoningContent: { redactedContent: Buffer.from(block.data).toString("base64") } };
    case "toolUse": return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } };
    case "toolResult": return {
      toolResult: {
        toolUseId: block.toolUseId,
        content: block.content.map(encodeToolResultContent),
        ...(block.status === undefined ? {} : { status: block.status }),
      },
    };
  }
}

/** Cache token counts appear only when the provider reported them, as Bedrock writes them. */
export function encodeUsage(usage: Usage): WireUsage {
  return {
    inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}

/** `latencyMs` is a Smithy Long: whole milliseconds. */
export const wholeMs = (latencyMs: number): number => Math.max(0, Math.round(latencyMs));

export function encodeConverseOutput(result: ConverseResult, latencyMs: number, requested: RequestedService = {}): WireConverseOutput {
  const message = result.message.reveal();
  return {
    output: { message: { role: message.role, content: message.content.map(encodeContentBlock) } },
    stopReason: result.stopReason,
    usage: encodeUsage(result.usage),
    metrics: { latencyMs: wholeMs(latencyMs) },
    ...(result.additionalFields === undefined ? {} : { additionalModelResponseFields: result.additionalFields.reveal() }),
    ...(result.guardrailTrace === undefined ? {} : { trace: { guardrail: result.guardrailTrace.reveal() } }),
    ...encodeServiceOptions(requested, result.serviceTier),
  };
}
