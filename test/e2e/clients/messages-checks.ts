import { createHash } from "node:crypto";

/**
 * What the Anthropic Messages API refuses, for the assistant loopback: the published request
 * members (extra ones are "Extra inputs are not permitted"), block shapes including documents,
 * thinking and cache_control (at most four marks), tool definitions, tool_choice, output_config
 * and thinking budgets. The shared loopback (test/loopback/anthropic.ts) predates documents,
 * thinking and structured output; this one accepts what the API accepts today and no more, so a
 * gateway that forwards a Converse-only member or a malformed block is caught here.
 */
type Json = Record<string, any>;

/** The loopback signs its thinking as the API does, so a gateway that alters it is caught. */
export const signatureOf = (thinking: string): string => `sig-loopback-${createHash("sha256").update(thinking).digest("base64url").slice(0, 24)}`;

const REQUEST = ["model", "messages", "max_tokens", "system", "tools", "tool_choice", "thinking", "temperature", "top_p", "top_k", "stop_sequences",
  "stream", "metadata", "service_tier", "container", "mcp_servers", "context_management", "output_config", "output_format"];
const BLOCK_KEYS: Record<string, string[]> = {
  text: ["type", "text", "cache_control", "citations"],
  image: ["type", "source", "cache_control"],
  document: ["type", "source", "title", "context", "citations", "cache_control"],
  tool_use: ["type", "id", "name", "input", "cache_control"],
  tool_result: ["type", "tool_use_id", "content", "is_error", "cache_control"],
  thinking: ["type", "thinking", "signature"],
  redacted_thinking: ["type", "data"],
};
const TOOL_KEYS = ["type", "name", "description", "input_schema", "cache_control", "strict", "input_examples", "defer_loading"];
const extra = (value: Json, allowed: string[], at: string): string | undefined => {
  const key = Object.keys(value).find((k) => !allowed.includes(k));
  return key === undefined ? undefined : `${at}${at ? "." : ""}${key}: Extra inputs are not permitted`;
};

export function requestProblem(b: Json): string | undefined {
  let problem = extra(b, REQUEST, "");
  if (problem) return problem;
  if (typeof b.model !== "string") return "model: Field required";
  if (!Number.isInteger(b.max_tokens) || b.max_tokens < 1) return "max_tokens: Field required";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "messages: Field required";
  if (b.temperature !== undefined && !(b.temperature >= 0 && b.temperature <= 1)) return "temperature: Input should be less than or equal to 1";
  if (b.system !== undefined && typeof b.system !== "string") {
    if (!Array.isArray(b.system)) return "system: Input should be a valid list";
    for (const [i, s] of (b.system as Json[]).entries()) if ((problem = textProblem(s, `system.${i}`))) return problem;
  }
  for (const [i, m] of (b.messages as Json[]).entries()) if ((problem = messageProblem(m, i, b.messages[i - 1]))) return problem;
  for (const [k, t] of ((b.tools ?? []) as Json[]).entries()) if ((problem = toolProblem(t, `tools.${k}`))) return problem;
  const choice = b.tool_choice as Json | undefined;
  if (choice !== undefined && !(["auto", "any", "none"].includes(choice.type) || (choice.type === "tool" && typeof choice.name === "string"))) return "tool_choice: invalid tool choice";
  if ((problem = thinkingProblem(b))) return problem;
  if (b.output_config !== undefined) {
    if ((problem = extra(b.output_config, ["format", "effort"], "output_config"))) return problem;
    const format = b.output_config.format as Json | undefined;
    if (format !== undefined && !(format.type === "json_schema" && typeof format.schema === "object")) return "output_config.format: Input should be a valid json_schema format";
  }
  if (b.output_format !== undefined && !(b.output_format.type === "json_schema" && typeof b.output_format.schema === "object")) return "output_format: Input should be a valid json_schema format";
  if (b.output_format !== undefined && b.output_config?.format !== undefined) return "output_format: cannot be used together with output_config.format";
  const marks = JSON.stringify([b.system, b.messages, b.tools]).split('"cache_control"').length - 1;
  if (marks > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${marks}.`;
  return undefined;
}

function thinkingProblem(b: Json): string | undefined {
  const t = b.thinking as Json | undefined;
  if (t === undefined || t.type === "disabled" || t.type === "adaptive") return undefined;
  if (t.type !== "enabled") return "thinking.type: Input tag is not a valid thinking type";
  if (!Number.isInteger(t.budget_tokens) || t.budget_tokens < 1024) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
  if (t.budget_tokens >= b.max_tokens) return "`max_tokens` must be greater than `thinking.budget_tokens`";
  if (b.temperature !== undefined && b.temperature !== 1) return "`temperature` may only be set to 1 when thinking is enabled";
  if (b.top_k !== undefined) return "`top_k` is not supported when thinking is enabled";
  if (b.tool_choice?.type === "any" || b.tool_choice?.type === "tool") return "Thinking may not be enabled when tool_choice forces tool use.";
  // Within a tool loop the model's own turn must come back whole: its thinking first, signed.
  const i = (b.messages as Json[]).findLastIndex((m) => m.role === "assistant");
  const turn = b.messages[i] as Json | undefined;
  if (Array.isArray(turn?.content) && turn.content.some((c: Json) => c.type === "tool_use") && !["thinking", "redacted_thinking"].includes(turn.content[0]?.type)) {
    return `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(turn.content[0]?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
  }
  return undefined;
}

function textProblem(s: Json, at: string): string | undefined {
  if (s?.type !== "text" || typeof s.text !== "string" || s.text === "") return `${at}: text content blocks must be non-empty`;
  return extra(s, BLOCK_KEYS.text!, at) ?? cacheProblem(s, at);
}

function cacheProblem(x: Json, at: string): string | undefined {
  const c = x.cache_control as Json | undefined;
  if (c === undefined) return undefined;
  if (c.type !== "ephemeral" || (c.ttl !== undefined && c.ttl !== "5m" && c.ttl !== "1h")) return `${at}.cache_control: Input should be {"type": "ephemeral"} with ttl 5m or 1h`;
  return extra(c, ["type", "ttl"], `${at}.cache_control`);
}

function messageProblem(m: Json, i: number, previous: Json | undefined): string | undefined {
  if (m?.role !== "user" && m?.role !== "assistant") return `messages.${i}.role: Input should be 'user' or 'assistant'`;
  if (typeof m.content === "string") return m.content === "" ? `messages.${i}: all messages must have non-empty content` : undefined;
  if (!Array.isArray(m.content) || m.content.length === 0) return `messages.${i}: all messages must have non-empty content`;
  for (const [j, block] of (m.content as Json[]).entries()) {
    const at = `messages.${i}.content.${j}`;
    const problem = blockProblem(block, at, m.role);
    if (problem) return problem;
    if (block.type === "tool_result" && !(Array.isArray(previous?.content) && previous.content.some((p: Json) => p?.type === "tool_use" && p.id === block.tool_use_id))) {
      return `${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  return undefined;
}

function blockProblem(block: Json, at: string, role: string): string | undefined {
  const allowed = BLOCK_KEYS[block?.type];
  if (!allowed) return `${at}: Input tag '${String(block?.type)}' is not a valid block type`;
  const problem = extra(block, allowed, at) ?? cacheProblem(block, at);
  if (problem) return problem;
  switch (block.type) {
    case "text": return textProblem(block, at);
    case "image": return block.source?.type === "base64" && /^image\/(png|jpeg|gif|webp)$/.test(block.source.media_type) && typeof block.source.data === "string" ? undefined : `${at}.source: invalid image source`;
    case "document": return documentProblem(block, at);
    case "tool_use": return role === "assistant" && typeof block.id === "string" && typeof block.name === "string" && typeof block.input === "object" ? undefined : `${at}: invalid tool_use block`;
    case "tool_result": {
      if (role !== "user") return `${at}: tool_result blocks belong in user messages`;
      if (block.content === undefined || typeof block.content === "string") return undefined;
      if (!Array.isArray(block.content)) return `${at}.content: Input should be a valid list`;
      for (const [k, c] of (block.content as Json[]).entries()) {
        if (!["text", "image", "document"].includes(c?.type)) return `${at}.content.${k}: Input tag '${String(c?.type)}' is not a valid tool_result content type`;
        const inner = blockProblem(c, `${at}.content.${k}`, role);
        if (inner) return inner;
      }
      return undefined;
    }
    case "thinking":
      if (role !== "assistant" || typeof block.thinking !== "string" || typeof block.signature !== "string") return `${at}: invalid thinking block`;
      return block.signature === signatureOf(block.thinking) ? undefined : `${at}: Invalid \`signature\` in \`thinking\` block`;
    default: return role === "assistant" && typeof block.data === "string" ? undefined : `${at}: invalid redacted_thinking block`;
  }
}

function documentProblem(block: Json, at: string): string | undefined {
  const source = block.source as Json | undefined;
  switch (source?.type) {
    case "base64":
      if (source.media_type !== "application/pdf") return `${at}.source.base64.media_type: Input should be 'application/pdf'`;
      if (typeof source.data !== "string" || !Buffer.from(source.data, "base64").subarray(0, 5).equals(Buffer.from("%PDF-"))) return `${at}.source.base64.data: The PDF specified was not valid.`;
      return extra(source, ["type", "media_type", "data"], `${at}.source.base64`);
    case "text": return source.media_type === "text/plain" && typeof source.data === "string" ? undefined : `${at}.source.text: invalid plain text source`;
    case "content": return typeof source.content === "string" || Array.isArray(source.content) ? undefined : `${at}.source.content: invalid content source`;
    case "url": return typeof source.url === "string" ? undefined : `${at}.source.url: invalid url source`;
    default: return `${at}.source: Input tag '${String(source?.type)}' is not a valid document source type`;
  }
}

function toolProblem(t: Json, at: string): string | undefined {
  if (t?.type !== undefined && t.type !== "custom") return undefined; // server tools (web search, ...) have their own shapes
  const problem = extra(t, TOOL_KEYS, `${at}.custom`) ?? cacheProblem(t, at);
  if (problem) return problem;
  if (typeof t.name !== "string" || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) return `${at}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
  if (t.input_schema?.type !== "object") return `${at}.custom.input_schema.type: Input should be 'object'`;
  return undefined;
}
