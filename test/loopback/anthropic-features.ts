import { PromptCache, REASONING_TEXT, SIGNATURE, pdfTextOf, tokensOf, valueFor } from "./features.js";

/**
 * The Anthropic loopback's checks and answers for documents, thinking, cache_control, structured
 * outputs, metadata and service tiers, as the Messages API takes and gives them.
 */
export const STRUCTURED_BETA = "structured-outputs-2025-11-13";
type Block = Record<string, any>;

function cacheProblem(block: Block, at: string): string | undefined {
  const c = block?.cache_control;
  if (c === undefined) return undefined;
  if (c?.type !== "ephemeral") return `${at}.cache_control.type: Input should be 'ephemeral'`;
  if (c.ttl !== undefined && c.ttl !== "5m" && c.ttl !== "1h") return `${at}.cache_control.ttl: Input should be '5m' or '1h'`;
  return undefined;
}

/** The newer block kinds and members of one content block, as the API checks them. */
export function blockProblem(block: Block, at: string, role: string): string | undefined {
  const cache = cacheProblem(block, at);
  if (cache) return cache;
  if (block.type === "document") {
    const s = block.source;
    const pdf = s?.type === "base64" && s.media_type === "application/pdf" && typeof s.data === "string" && Buffer.from(s.data, "base64").subarray(0, 5).toString() === "%PDF-";
    const text = s?.type === "text" && s.media_type === "text/plain" && typeof s.data === "string";
    if (!pdf && !text) return `${at}.source: invalid document source`;
    if (block.citations !== undefined && typeof block.citations?.enabled !== "boolean") return `${at}.citations.enabled: Input should be a valid boolean`;
  }
  if (block.type === "thinking" || block.type === "redacted_thinking") {
    if (role !== "assistant") return `${at}: thinking blocks may only appear in assistant messages`;
    if (block.type === "thinking" && block.signature !== SIGNATURE) return `${at}.signature: Invalid signature in thinking block`;
    if (block.type === "redacted_thinking" && typeof block.data !== "string") return `${at}.data: Field required`;
  }
  if (block.type === "tool_result" && Array.isArray(block.content)) {
    for (const [k, c] of (block.content as Block[]).entries()) { const p = cacheProblem(c, `${at}.content.${k}`); if (p) return p; }
  }
  return undefined;
}

/** Request-level members: thinking, output_format, strict tools (both need the beta), metadata, tiers, breakpoints. */
export function requestProblem(b: Record<string, any>, beta: string): string | undefined {
  const betas = beta.split(",").map((s) => s.trim());
  if (b.output_format !== undefined) {
    if (!betas.includes(STRUCTURED_BETA)) return "output_format: Extra inputs are not permitted";
    if (b.output_format?.type !== "json_schema" || typeof b.output_format.schema !== "object") return "output_format: invalid";
  }
  for (const [k, t] of ((b.tools ?? []) as Block[]).entries()) {
    if (t.strict !== undefined && !betas.includes(STRUCTURED_BETA)) return `tools.${k}.strict: Extra inputs are not permitted`;
    const p = cacheProblem(t, `tools.${k}`);
    if (p) return p;
  }
  for (const [k, s] of (Array.isArray(b.system) ? (b.system as Block[]) : []).entries()) { const p = cacheProblem(s, `system.${k}`); if (p) return p; }
  if (b.thinking !== undefined) {
    if (b.thinking?.type !== "enabled" || !Number.isInteger(b.thinking.budget_tokens) || b.thinking.budget_tokens < 1024) return "thinking.budget_tokens: Input should be greater than or equal to 1024";
    if (b.max_tokens !== undefined && b.thinking.budget_tokens >= b.max_tokens) return "`max_tokens` must be greater than `thinking.budget_tokens`";
  }
  if (b.model === "reasoning-model" && b.thinking === undefined && b.max_tokens !== undefined) return "reasoning-model: thinking is required";
  if (b.metadata !== undefined && (typeof b.metadata?.user_id !== "string" || Object.keys(b.metadata).length !== 1)) return "metadata: invalid";
  if (b.service_tier !== undefined && b.service_tier !== "auto" && b.service_tier !== "standard_only") return "service_tier: Input should be 'auto' or 'standard_only'";
  if (marks(b) > 4) return "A maximum of 4 blocks with cache_control may be provided.";
  return undefined;
}

function marks(b: Record<string, any>): number {
  let n = 0;
  const count = (list: unknown) => { for (const x of Array.isArray(list) ? (list as Block[]) : []) { if (x?.cache_control) n++; if (x?.type === "tool_result") count(x.content); } };
  count(b.tools);
  count(b.system);
  for (const m of b.messages ?? []) count(m.content);
  return n;
}

/** The prompt up to and including each block with cache_control: tools, then system, then messages. */
function prefixes(b: Record<string, any>): unknown[] {
  const out: unknown[] = [];
  const seen: unknown[] = [];
  const walk = (list: unknown) => { for (const x of Array.isArray(list) ? (list as Block[]) : []) { seen.push(x); if (x?.cache_control) out.push([...seen]); } };
  walk(b.tools);
  walk(b.system);
  for (const m of b.messages ?? []) walk(m.content);
  return out;
}

/** Usage with caching: input_tokens is what was neither read from nor written to the cache. */
export function cachedUsage(cache: PromptCache, b: Record<string, any>) {
  const total = tokensOf([b.system, b.messages, b.tools]);
  const { read, write } = cache.account(prefixes(b));
  return { input: Math.max(1, total - read - write), read, write, tier: b.service_tier === "auto" ? "priority" : "standard" };
}

/** The user's words and the text of their documents, for `echo-model`. */
export function lastUserWords(messages: Block[]): string {
  const last = [...(messages ?? [])].reverse().find((m) => m.role === "user");
  if (typeof last?.content === "string") return last.content;
  return ((last?.content ?? []) as Block[]).flatMap((b) => {
    if (b.type === "text") return [b.text];
    if (b.type !== "document") return [];
    return [b.source.type === "text" ? b.source.data : pdfTextOf(Buffer.from(b.source.data, "base64"))];
  }).join("\n");
}

export const thinkingFor = (b: Record<string, any>): string | undefined => (b.thinking ? REASONING_TEXT : undefined);
export const structuredText = (b: Record<string, any>): string | undefined => (b.output_format ? JSON.stringify(valueFor(b.output_format.schema)) : undefined);
export { SIGNATURE };
