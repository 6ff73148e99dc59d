import { pickResponseFields } from "../../src/providers/http-upstream/index.js";
import { PromptCache, REASONING_TEXT, SIGNATURE, pdfTextOf, valueFor } from "./features.js";

/**
 * The Bedrock loopback's checks and answers for documents, reasoning, cache points, structured
 * output, tiers and response-field paths, as Converse (restJson1) carries them.
 */
const FORMATS = new Set(["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"]);
const TIERS = new Set(["priority", "default", "flex", "reserved"]);
type Block = Record<string, any>;

function cachePointProblem(point: any, at: string): string | undefined {
  if (point?.type !== "default") return `${at}.cachePoint.type: must be default`;
  if (point.ttl !== undefined && point.ttl !== "5m" && point.ttl !== "1h") return `${at}.cachePoint.ttl: must be 5m or 1h`;
  return undefined;
}

function blockProblem(block: Block, at: string, role: string): string | undefined {
  if (block.cachePoint) return cachePointProblem(block.cachePoint, at);
  if (block.document) {
    const d = block.document;
    if (!FORMATS.has(d.format)) return `${at}.document.format: invalid`;
    if (typeof d.name !== "string" || d.name === "") return `${at}.document.name: required`;
    if (typeof d.source?.bytes !== "string" && typeof d.source?.text !== "string") return `${at}.document.source: bytes or text required`;
  }
  if (block.reasoningContent) {
    if (role !== "assistant") return `${at}.reasoningContent: only in assistant messages`;
    const r = block.reasoningContent;
    if (r.reasoningText && r.reasoningText.signature !== SIGNATURE) return `${at}.reasoningContent.reasoningText.signature: does not verify`;
    if (!r.reasoningText && typeof r.redactedContent !== "string") return `${at}.reasoningContent: reasoningText or redactedContent required`;
  }
  for (const [k, c] of ((block.toolResult?.content ?? []) as Block[]).entries()) {
    const problem = blockProblem(c, `${at}.toolResult.content.${k}`, role);
    if (problem) return problem;
  }
  return undefined;
}

/** What real Bedrock would refuse among the newer members, else undefined. */
export function featureProblem(body: any, modelId: string): string | undefined {
  let points = 0;
  const count = (list: Block[] | undefined) => { points += (list ?? []).filter((b) => b.cachePoint).length; };
  count(body.system);
  count(body.toolConfig?.tools);
  for (const m of body.messages ?? []) count(m.content);
  if (points > 4) return "a request may hold at most 4 cache points";
  for (const [i, b] of ((body.system ?? []) as Block[]).entries()) if (b.cachePoint) { const p = cachePointProblem(b.cachePoint, `system.${i}`); if (p) return p; }
  for (const [i, t] of ((body.toolConfig?.tools ?? []) as Block[]).entries()) {
    if (t.cachePoint) { const p = cachePointProblem(t.cachePoint, `toolConfig.tools.${i}`); if (p) return p; }
    if (t.toolSpec?.strict !== undefined && typeof t.toolSpec.strict !== "boolean") return `toolConfig.tools.${i}.toolSpec.strict: must be a boolean`;
  }
  for (const [i, m] of ((body.messages ?? []) as Block[]).entries()) {
    for (const [j, b] of ((m.content ?? []) as Block[]).entries()) { const p = blockProblem(b, `messages.${i}.content.${j}`, m.role); if (p) return p; }
  }
  const format = body.outputConfig?.textFormat;
  if (format) {
    if (format.type !== "json_schema") return "outputConfig.textFormat.type: must be json_schema";
    let schema: unknown;
    try { schema = JSON.parse(format.structure?.jsonSchema?.schema); } catch { return "outputConfig.textFormat.structure.jsonSchema.schema: must be a JSON string"; }
    if (typeof schema !== "object" || schema === null) return "outputConfig.textFormat.structure.jsonSchema.schema: must be an object";
  }
  if (body.serviceTier !== undefined && !TIERS.has(body.serviceTier?.type)) return "serviceTier.type: invalid";
  if (body.performanceConfig !== undefined && !["standard", "optimized"].includes(body.performanceConfig?.latency)) return "performanceConfig.latency: invalid";
  const paths = body.additionalModelResponseFieldPaths;
  if (paths !== undefined && !(Array.isArray(paths) && paths.length <= 10 && paths.every((p: unknown) => typeof p === "string" && p.startsWith("/")))) return "additionalModelResponseFieldPaths: invalid";
  const thinking = body.additionalModelRequestFields?.thinking;
  if (modelId === "anthropic.reasoning-model" && !(thinking?.type === "enabled" && thinking.budget_tokens >= 1024)) return "additionalModelRequestFields.thinking: a budget of at least 1024 is required";
  return undefined;
}

/** The user's words and the text of their documents, for `echo-model`. */
export function lastUserWords(messages: Block[]): string {
  const last = [...(messages ?? [])].reverse().find((m) => m.role === "user");
  return ((last?.content ?? []) as Block[]).flatMap((b) => {
    if (typeof b.text === "string") return [b.text];
    const d = b.document;
    if (!d) return [];
    if (typeof d.source?.text === "string") return [d.source.text];
    const bytes = Buffer.from(d.source?.bytes ?? "", "base64");
    return [d.format === "pdf" ? pdfTextOf(bytes) : bytes.toString("utf8")];
  }).join("\n");
}

/** The prompt up to each cache point, in Bedrock's order: tools, then system, then messages. */
export function cachePrefixes(body: any): unknown[] {
  const prefixes: unknown[] = [];
  const seen: unknown[] = [];
  const walk = (list: Block[] | undefined) => { for (const b of list ?? []) { if (b.cachePoint) prefixes.push([...seen]); else seen.push(b); } };
  walk(body.toolConfig?.tools);
  walk(body.system);
  for (const m of body.messages ?? []) walk(m.content);
  return prefixes;
}

/** Reasoning first when thinking was asked for (or the model always reasons), then the text. */
export function answerContent(modelId: string, body: any, text: string): Block[] {
  const thinking = modelId === "reasoning-model" || body.additionalModelRequestFields?.thinking?.type === "enabled";
  const format = body.outputConfig?.textFormat;
  const answer = format ? JSON.stringify(valueFor(JSON.parse(format.structure.jsonSchema.schema))) : text;
  return [
    ...(thinking ? [{ reasoningContent: { reasoningText: { text: modelId === "reasoning-model" ? "thinking" : REASONING_TEXT, signature: SIGNATURE } } }] : []),
    { text: answer },
  ];
}

/** Usage as Bedrock reports it with caching: inputTokens is what was neither read nor written. */
export function usageWithCache(cache: PromptCache, body: any, inputTokens: number): Record<string, number> {
  const { read, write } = cache.account(cachePrefixes(body));
  const uncached = Math.max(1, inputTokens - read - write);
  const usage: Record<string, number> = { inputTokens: uncached, outputTokens: 6, totalTokens: uncached + read + write + 6 };
  if (cachePrefixes(body).length > 0) Object.assign(usage, { cacheReadInputTokens: read, cacheWriteInputTokens: write });
  return usage;
}

/** The model's native answer the paths point into: for Claude, the stream's final message_delta. */
export function responseFields(body: any, stopReason: string): Record<string, unknown> | undefined {
  return pickResponseFields({ delta: { stop_reason: stopReason, stop_sequence: null }, stop_reason: stopReason, stop_sequence: null }, body.additionalModelResponseFieldPaths);
}

export function echoedOptions(body: any): Record<string, unknown> {
  return {
    ...(body.serviceTier ? { serviceTier: body.serviceTier } : {}),
    ...(body.performanceConfig ? { performanceConfig: body.performanceConfig } : {}),
  };
}
