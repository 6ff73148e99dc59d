import type { ServerResponse } from "node:http";
import { answerHostile, isHostile } from "./hostile.js";
import { SIGNATURE, blockProblem, cachedUsage, lastUserWords, requestProblem, structuredText, thinkingFor } from "./anthropic-features.js";
import { PromptCache } from "./features.js";
import type { Genuine } from "./hostile.js";
import { UPSTREAM_SECRET, estimateTokens, lastUserText, sendJson, sendSse, sseFrame, startRecordingServer, statusFromModel, tokenPieces } from "./sse.js";
import type { Exchange, Loopback, LoopbackOptions, SseFrame } from "./sse.js";

export type { Loopback, LoopbackOptions, RecordedRequest } from "./sse.js";

/**
 * A loopback server speaking the Anthropic Messages API (POST /v1/messages, streaming or not,
 * and POST /v1/messages/count_tokens), with behaviour picked from the model name: `chat-model`
 * (text), `echo-model` (repeats the last user text), `tool-model` (calls record_note with the last user text, get_weather, or the
 * first tool, when tools are offered), `throttled-model` (429), `failing-model` (500),
 * `status-NNN` (529 is "overloaded"), `malformed-model` (a stream that turns into garbage),
 * `error-event-model` (a stream that ends in an `error` event), `hang-model` (never answers), and
 * the hostile answers of hostile.ts (`bomb-gzip-model`, `flood-model`, ...).
 * Requests are checked the way the real API checks them: headers, required fields, extra fields,
 * and the newer members (anthropic-features.ts): documents (`echo-model` reads them back),
 * thinking (`reasoning-model` requires it; signatures are checked when sent back), cache_control
 * (a prompt cache across requests reports reads and writes), output_format and strict tools
 * (only with their beta header), metadata and service_tier.
 */
export async function startAnthropicLoopback(options: LoopbackOptions = {}): Promise<Loopback> {
  const cache = new PromptCache();
  return startRecordingServer((exchange) => route(exchange, options, cache));
}

const MODELS = new Set(["chat-model", "echo-model", "tool-model", "reasoning-model", "malformed-model", "error-event-model", "hang-model"]);
const ERROR_TYPES: Record<number, string> = { 400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error" };
const PROMPT_FIELDS = ["model", "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers"];
const MESSAGE_FIELDS = [...PROMPT_FIELDS, "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "stream", "metadata", "service_tier", "container", "output_format"];

function error(res: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { "request-id": "req_loopback", ...(status === 429 ? { "retry-after": "1" } : {}) };
  sendJson(res, status, { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message: `${message} (${UPSTREAM_SECRET})` } }, headers);
}

async function route({ request, res, hang }: Exchange, options: LoopbackOptions, cache: PromptCache): Promise<void> {
  const { method, path, headers, body } = request;
  const counting = path === "/v1/messages/count_tokens";
  if (method !== "POST" || (path !== "/v1/messages" && !counting)) return error(res, 404, "Not Found");
  const key = headers["x-api-key"];
  if (key === undefined) return error(res, 401, "x-api-key header is required");
  if (options.apiKey !== undefined && key !== options.apiKey) return error(res, 401, "invalid x-api-key");
  if (headers["anthropic-version"] === undefined) return error(res, 400, "anthropic-version: header is required");
  if (typeof body !== "object" || body === null || Array.isArray(body)) return error(res, 400, "There was an issue with your request body: invalid JSON");
  const b = body as Record<string, any>;
  const problem = promptProblem(b, counting ? PROMPT_FIELDS : MESSAGE_FIELDS) ?? requestProblem(b, headers["anthropic-beta"] ?? "") ?? (counting ? undefined : samplingProblem(b));
  if (problem) return error(res, 400, problem);
  const status = statusFromModel(b.model);
  if (status !== undefined) return error(res, status, "Internal server error");
  if (isHostile(b.model)) return answerHostile(res, b.model, b.stream === true, GENUINE);
  if (!MODELS.has(b.model)) return error(res, 404, `model: ${b.model}`);
  if (b.model === "hang-model") return hang();
  if (counting) return sendJson(res, 200, { input_tokens: estimateTokens([b.system, b.messages, b.tools]) });
  return messages(res, b, options, cache);
}

/** A real answer and stream opening, which the hostile answers start with or hide. */
const GENUINE: Genuine = (() => {
  const usage = { input_tokens: 5, output_tokens: 1 };
  const message = { id: "msg_01Loopback", type: "message", role: "assistant", model: "chat-model", stop_sequence: null };
  const events = [
    { type: "message_start", message: { ...message, content: [], stop_reason: null, usage } },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } },
  ];
  return {
    json: JSON.stringify({ ...message, content: [{ type: "text", text: "Hello." }], stop_reason: "end_turn", usage }),
    streamStart: events.map((e) => sseFrame({ event: e.type, data: JSON.stringify(e) })).join(""),
  };
})();

/** The first thing the real API would refuse in a prompt, else undefined. */
function promptProblem(b: Record<string, any>, allowed: string[]): string | undefined {
  const extra = Object.keys(b).find((k) => !allowed.includes(k));
  if (extra) return `${extra}: Extra inputs are not permitted`;
  if (typeof b.model !== "string") return "model: Field required";
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "messages: Field required";
  if (b.system !== undefined && typeof b.system !== "string" && !(Array.isArray(b.system) && b.system.every((s: any) => s?.type === "text" && typeof s.text === "string" && Object.keys(s).every((k) => ["type", "text", "cache_control"].includes(k))))) return "system: Input should be a valid list";
  for (const [i, m] of (b.messages as any[]).entries()) {
    if (m?.role !== "user" && m?.role !== "assistant") return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (typeof m.content === "string") continue;
    if (!Array.isArray(m.content)) return `messages.${i}.content: Input should be a valid list`;
    const previous = (b.messages[i - 1]?.content ?? []) as any[];
    for (const [j, block] of (m.content as any[]).entries()) {
      const at = `messages.${i}.content.${j}`;
      if (block?.type === "text" && (typeof block.text !== "string" || block.text === "")) return `${at}: text content blocks must be non-empty`;
      if (block?.type === "image" && !(block.source?.type === "base64" && /^image\/(png|jpeg|gif|webp)$/.test(block.source.media_type) && typeof block.source.data === "string")) return `${at}.source: invalid image source`;
      if (block?.type === "tool_use" && (m.role !== "assistant" || typeof block.id !== "string" || typeof block.name !== "string" || typeof block.input !== "object")) return `${at}: invalid tool_use block`;
      if (block?.type === "tool_result" && !(m.role === "user" && Array.isArray(previous) && previous.some((p: any) => p?.type === "tool_use" && p.id === block.tool_use_id))) {
        return `${at}: unexpected \`tool_use_id\` found in \`tool_result\` blocks. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
      if (!["text", "image", "document", "thinking", "redacted_thinking", "tool_use", "tool_result"].includes(block?.type)) return `${at}: Input tag '${String(block?.type)}' is not a valid block type`;
      const newer = blockProblem(block, at, m.role);
      if (newer) return newer;
    }
  }
  for (const [k, t] of ((b.tools ?? []) as any[]).entries()) {
    if (typeof t?.name !== "string" || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) return `tools.${k}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (t.input_schema?.type !== "object") return `tools.${k}.input_schema.type: Input should be 'object'`;
  }
  const choice = b.tool_choice;
  if (choice !== undefined && !(["auto", "any", "none"].includes(choice?.type) || (choice?.type === "tool" && typeof choice.name === "string"))) return "tool_choice: invalid tool choice";
  return undefined;
}

function samplingProblem(b: Record<string, any>): string | undefined {
  if (!Number.isInteger(b.max_tokens) || b.max_tokens < 1) return "max_tokens: Field required";
  if (b.temperature !== undefined && !(b.temperature >= 0 && b.temperature <= 1)) return "temperature: Input should be less than or equal to 1";
  return undefined;
}

interface Answer { blocks: ({ type: "text"; pieces: string[] } | { type: "thinking"; pieces: string[] } | { type: "tool_use"; id: string; name: string; fragments: string[] })[]; stop: string }

function answer(b: Record<string, any>, options: LoopbackOptions): Answer {
  const tools = (b.tools ?? []) as { name: string }[];
  const thinking = thinkingFor(b);
  const thought: Answer["blocks"] = thinking ? [{ type: "thinking", pieces: tokenPieces(thinking) }] : [];
  if (b.model === "tool-model" && tools.length > 0 && b.tool_choice?.type !== "none") {
    // `record_note` is called with the last user text as its note (a guardrail test puts what it likes in the arguments).
    if (tools.some((t) => t.name === "record_note")) {
      return { stop: "tool_use", blocks: [...thought, { type: "tool_use", id: "toolu_01LoopNote", name: "record_note", fragments: tokenPieces(JSON.stringify({ note: lastUserText(b.messages) })) }] };
    }
    const name = tools.find((t) => t.name === "get_weather")?.name ?? tools[0]!.name;
    return { stop: "tool_use", blocks: [...thought, { type: "text", pieces: tokenPieces("I'll check the weather.") }, { type: "tool_use", id: "toolu_01Loopback", name, fragments: ['{"city"', ': "Le', 'eds"}'] }] };
  }
  const text = structuredText(b) ?? (b.model === "echo-model" ? lastUserWords(b.messages) || lastUserText(b.messages) || "(nothing)" : options.text ?? "Hello there.");
  const all = tokenPieces(text);
  return { stop: all.length > b.max_tokens ? "max_tokens" : "end_turn", blocks: [...thought, { type: "text", pieces: all.slice(0, b.max_tokens) }] };
}

async function messages(res: ServerResponse, b: Record<string, any>, options: LoopbackOptions, cache: PromptCache): Promise<void> {
  const a = answer(b, options);
  const cached = cachedUsage(cache, b);
  const outputTokens = a.blocks.reduce((n, x) => n + (x.type === "tool_use" ? x.fragments.length : x.pieces.length), 0);
  const message = { id: "msg_01Loopback", type: "message", role: "assistant", model: b.model };
  const usage = (output: number) => ({ input_tokens: cached.input, cache_creation_input_tokens: cached.write, cache_read_input_tokens: cached.read, output_tokens: output, service_tier: cached.tier });
  if (b.stream !== true) {
    if (b.model === "malformed-model") return void res.writeHead(200, { "content-type": "application/json" }).end('{"id":"msg_01Loopback","cont');
    const content = a.blocks.map((x) => (x.type === "text" ? { type: "text", text: x.pieces.join("") }
      : x.type === "thinking" ? { type: "thinking", thinking: x.pieces.join(""), signature: SIGNATURE }
      : { type: "tool_use", id: x.id, name: x.name, input: JSON.parse(x.fragments.join("")) }));
    return sendJson(res, 200, { ...message, content, stop_reason: a.stop, stop_sequence: null, usage: usage(outputTokens) }, { "request-id": "req_loopback" });
  }
  const frame = (data: { type: string } & Record<string, unknown>): SseFrame => ({ event: data.type, data: JSON.stringify(data) });
  const frames: SseFrame[] = [frame({ type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: usage(1) } })];
  a.blocks.forEach((x, index) => {
    if (x.type === "text") {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "text", text: "" } }));
      if (index === 0) frames.push(frame({ type: "ping" }));
      for (const text of x.pieces) frames.push(frame({ type: "content_block_delta", index, delta: { type: "text_delta", text } }));
    } else if (x.type === "thinking") {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } }));
      for (const thinking of x.pieces) frames.push(frame({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking } }));
      frames.push(frame({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: SIGNATURE } }));
    } else {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "tool_use", id: x.id, name: x.name, input: {} } }));
      for (const partial_json of ["", ...x.fragments]) frames.push(frame({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } }));
    }
    if (b.model === "malformed-model") frames.push({ event: "content_block_delta", data: '{"type": "content_block_delta", "index": 0, <<garbage' });
    if (b.model === "error-event-model") frames.push(frame({ type: "error", error: { type: "overloaded_error", message: `Overloaded (${UPSTREAM_SECRET})` } }));
    frames.push(frame({ type: "content_block_stop", index }));
  });
  frames.push(frame({ type: "message_delta", delta: { stop_reason: a.stop, stop_sequence: null }, usage: { output_tokens: outputTokens } }));
  frames.push(frame({ type: "message_stop" }));
  await sendSse(res, frames, options.chunkDelayMs, { "request-id": "req_loopback" });
}
