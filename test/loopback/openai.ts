import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { answerHostile, isHostile } from "./hostile.js";
import { PromptCache, REASONING_TEXT, tokensOf, valueFor } from "./features.js";
import type { Genuine } from "./hostile.js";
import { UPSTREAM_SECRET, estimateTokens, lastUserText, sendJson, sendSse, sseFrame, startRecordingServer, statusFromModel, tokenPieces } from "./sse.js";
import type { Exchange, Loopback, LoopbackOptions, SseFrame } from "./sse.js";

export type { Loopback, LoopbackOptions, RecordedRequest } from "./sse.js";

/**
 * A loopback server speaking the OpenAI Chat Completions / Embeddings wire protocol (and vLLM's
 * `POST /tokenize` beside it), with
 * behaviour picked from the model name: `chat-model` (text), `echo-model` (repeats the last user
 * text), `tool-model` (calls the first tool when tools are offered; `record_note` with the last
 * user text as its note), `embed-model`,
 * `throttled-model` (429), `failing-model` (500), `status-NNN`, `malformed-model` (a stream that
 * turns into garbage), `hang-model` (never answers), and the hostile answers of hostile.ts
 * (`bomb-gzip-model`, `flood-model`, ...). Requests are checked the way the real API checks
 * them, and errors answer in its `{"error": {...}}` shape. The newer members too: unknown request
 * arguments are refused; `reasoning-model` requires reasoning_effort and answers
 * `reasoning_content` (vLLM/DeepSeek style), refusing it in input as DeepSeek does; a repeated
 * prompt prefix is reported as `cached_tokens`; response_format json_schema is answered with
 * JSON that fits; strict tools must have schemas OpenAI's strict mode accepts; service_tier is
 * checked and echoed.
 */
export async function startOpenAiLoopback(options: LoopbackOptions = {}): Promise<Loopback> {
  const cache = new PromptCache();
  return startRecordingServer((exchange) => route(exchange, options, cache), "/v1", options.host);
}

const CHAT_MODELS = new Set(["chat-model", "echo-model", "halves-model", "tool-model", "reasoning-model", "throttled-model", "failing-model", "malformed-model", "hang-model"]);
const CHAT_ARGUMENTS = new Set(["model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "tools", "tool_choice", "stream", "stream_options", "reasoning_effort", "response_format", "service_tier", "n", "seed", "user"]);

function error(res: ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null): void {
  sendJson(res, status, { error: { message: `${message} (${UPSTREAM_SECRET})`, type, param, code } }, { "x-request-id": "req_loopback" });
}

async function route({ request, res, hang }: Exchange, options: LoopbackOptions, cache: PromptCache): Promise<void> {
  const { method, path, headers, body } = request;
  if (options.apiKey !== undefined) {
    const auth = headers.authorization;
    if (auth === undefined) return error(res, 401, "You didn't provide an API key.", "invalid_request_error", null);
    if (auth !== `Bearer ${options.apiKey}`) return error(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
  }
  if (method === "POST" && path === "/tokenize") return tokenize(res, body);
  if (method !== "POST" || (path !== "/v1/chat/completions" && path !== "/v1/embeddings")) {
    return error(res, 404, `Invalid URL (${method} ${path})`, "invalid_request_error", null);
  }
  if (!isObject(body)) return error(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
  if (typeof body.model !== "string") return error(res, 400, "you must provide a model parameter", "invalid_request_error", null, "model");
  const status = statusFromModel(body.model);
  if (status === 429) return error(res, 429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded");
  if (status !== undefined) return error(res, status, "The server had an error while processing your request.", "server_error", null);
  if (body.model === "hang-model") return hang();
  if (isHostile(body.model)) return answerHostile(res, body.model, body.stream === true, GENUINE);
  if (path === "/v1/embeddings") return embeddings(res, body);
  if (!CHAT_MODELS.has(body.model)) return error(res, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
  const problem = chatProblem(body);
  if (problem) return error(res, 400, problem[1], "invalid_request_error", "invalid_value", problem[0]);
  return chat(res, body, options, cache);
}

/**
 * vLLM's `POST /tokenize` (at the server root, beside /v1) for a chat: the prompt the model's
 * template renders, tokenized. The stand-in tokenizer counts tools too, as vLLM's does.
 */
function tokenize(res: ServerResponse, body: unknown): void {
  if (!isObject(body) || typeof body.model !== "string") return error(res, 400, "you must provide a model parameter", "BadRequestError", null, "model");
  if (!CHAT_MODELS.has(body.model)) return error(res, 404, `The model \`${body.model}\` does not exist.`, "NotFoundError", null, "model");
  // add_generation_prompt is /tokenize's own; the rest is a chat request.
  const { add_generation_prompt: _prompt, ...chat } = body;
  const problem = chatProblem(chat);
  if (problem) return error(res, 400, problem[1], "BadRequestError", null, problem[0]);
  const count = estimateTokens([body.messages, body.tools ?? [], body.add_generation_prompt === true ? "assistant" : ""]);
  sendJson(res, 200, { count, max_model_len: 8192, tokens: Array.from({ length: count }, (_, i) => i) });
}

/** A real answer and stream opening, which the hostile answers start with or hide. */
const GENUINE: Genuine = (() => {
  const head = { id: "chatcmpl-loopback", created: 1_700_000_000, model: "chat-model" };
  const chunk = (delta: object) => sseFrame({ data: JSON.stringify({ ...head, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: null }] }) });
  const message = { role: "assistant", content: "Hello." };
  return {
    json: JSON.stringify({ ...head, object: "chat.completion", choices: [{ index: 0, message, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }),
    streamStart: chunk({ role: "assistant", content: "" }) + chunk({ content: "Hello" }),
  };
})();

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** [param, message] for the first thing the real API would refuse, else undefined. */
function chatProblem(body: Record<string, any>): [string, string] | undefined {
  const { messages } = body;
  if (!Array.isArray(messages) || messages.length === 0) return ["messages", "'messages' must be a non-empty array."];
  const callIds = new Set<string>();
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || !["system", "developer", "user", "assistant", "tool"].includes(m.role)) return [`messages[${i}].role`, "Invalid role."];
    if (m.role === "assistant") {
      if (m.content == null && !Array.isArray(m.tool_calls)) return [`messages[${i}].content`, "'content' is required unless 'tool_calls' is specified."];
      for (const c of m.tool_calls ?? []) {
        if (c?.type !== "function" || typeof c.id !== "string" || typeof c.function?.name !== "string" || typeof c.function?.arguments !== "string") return [`messages[${i}].tool_calls`, "Invalid tool call."];
        callIds.add(c.id);
      }
    } else if (m.role === "tool") {
      if (!callIds.has(m.tool_call_id)) return [`messages[${i}]`, "Messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."];
      if (typeof m.content !== "string") return [`messages[${i}].content`, "Invalid content."];
    } else if (typeof m.content !== "string") {
      if (!Array.isArray(m.content) || m.content.length === 0) return [`messages[${i}].content`, "Invalid content."];
      for (const part of m.content) {
        const ok = (part?.type === "text" && typeof part.text === "string") || (m.role === "user" && part?.type === "image_url" && /^data:image\/(png|jpeg|gif|webp);base64,/.test(part.image_url?.url ?? ""));
        if (!ok) return [`messages[${i}].content`, "Invalid content part."];
      }
    }
  }
  for (const tool of body.tools ?? []) if (tool?.type !== "function" || typeof tool.function?.name !== "string") return ["tools", "Invalid tool."];
  if (body.stream_options !== undefined && body.stream !== true) return ["stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled."];
  if (body.max_tokens !== undefined && !(Number.isInteger(body.max_tokens) && body.max_tokens > 0)) return ["max_tokens", "Invalid 'max_tokens'."];
  if (body.top_k !== undefined) return ["top_k", "Unrecognized request argument supplied: top_k"];
  return newerProblem(body);
}

/** Strict mode wants every object closed and every property required (OpenAI's structured outputs rules). */
function strictSchemaProblem(schema: any): boolean {
  if (schema?.type !== "object") return false;
  const keys = Object.keys(schema.properties ?? {});
  if (schema.additionalProperties !== false || !keys.every((k) => (schema.required ?? []).includes(k))) return true;
  return keys.some((k) => strictSchemaProblem(schema.properties[k]));
}

function newerProblem(body: Record<string, any>): [string, string] | undefined {
  const unknown = Object.keys(body).find((k) => !CHAT_ARGUMENTS.has(k));
  if (unknown) return [unknown, `Unrecognized request argument supplied: ${unknown}`];
  if (body.messages.some((m: any) => m.role === "assistant" && m.reasoning_content !== undefined)) return ["messages", "reasoning_content is not allowed in input messages."];
  if (body.reasoning_effort !== undefined && !["minimal", "low", "medium", "high"].includes(body.reasoning_effort)) return ["reasoning_effort", "Invalid value for 'reasoning_effort'."];
  if (body.model === "reasoning-model" && body.reasoning_effort === undefined) return ["reasoning_effort", "reasoning-model: reasoning_effort is required."];
  if (body.service_tier !== undefined && !["auto", "default", "flex", "priority", "scale"].includes(body.service_tier)) return ["service_tier", "Invalid value for 'service_tier'."];
  const format = body.response_format;
  if (format !== undefined) {
    const js = format?.json_schema;
    if (format?.type !== "json_schema" || typeof js?.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(js.name) || typeof js.schema !== "object") return ["response_format", "Invalid 'response_format'."];
    if (js.strict === true && strictSchemaProblem(js.schema)) return ["response_format", "Invalid schema for response_format: In context=(), 'additionalProperties' is required to be supplied and to be false."];
  }
  for (const [k, tool] of (body.tools ?? []).entries()) {
    if (tool.function.strict === true && strictSchemaProblem(tool.function.parameters)) return [`tools[${k}].function.parameters`, "Invalid schema for function: In context=(), 'additionalProperties' is required to be supplied and to be false."];
  }
  return undefined;
}

interface Answer { pieces: string[]; finish: string; call?: { id: string; name: string; args: string[] }; reasoning?: string[] }

function answer(body: Record<string, any>, options: LoopbackOptions): Answer {
  const tools = (body.tools ?? []) as { function: { name: string } }[];
  if (body.model === "tool-model" && tools.length > 0 && body.tool_choice !== "none") {
    // `record_note` is called with the last user text as its note, streamed in word-sized pieces
    // (so a guardrail test can put what it likes in a tool call's arguments).
    if (tools.some((t) => t.function.name === "record_note")) {
      return { pieces: [], finish: "tool_calls", call: { id: "call_loopback0002", name: "record_note", args: tokenPieces(JSON.stringify({ note: lastUserText(body.messages) })) } };
    }
    const name = tools.find((t) => t.function.name === "get_weather")?.function.name ?? tools[0]!.function.name;
    return { pieces: [], finish: "tool_calls", call: { id: "call_loopback0001", name, args: ['{"', 'city":', ' "Leeds"', "}"] } };
  }
  const schema = body.response_format?.json_schema?.schema;
  const echoes = body.model === "echo-model" || body.model === "halves-model";
  const text = schema ? JSON.stringify(valueFor(schema)) : echoes ? lastUserText(body.messages) || "(nothing)" : options.text ?? "Hello there.";
  const all = body.model === "halves-model" ? tokenPieces(text).flatMap(halves) : tokenPieces(text);
  const limit = body.max_tokens ?? Infinity;
  const reasoning = body.reasoning_effort !== undefined ? { reasoning: tokenPieces(REASONING_TEXT) } : {};
  return { pieces: all.slice(0, limit), finish: all.length > limit ? "length" : "stop", ...reasoning };
}

/** A piece cut in the middle of its word (" word" -> " wo", "rd"); a piece with one character or none stays whole. */
function halves(piece: string): string[] {
  const lead = piece.length - piece.trimStart().length;
  const cut = lead + Math.floor((piece.length - lead) / 2);
  return cut > lead ? [piece.slice(0, cut), piece.slice(cut)] : [piece];
}

async function chat(res: ServerResponse, body: Record<string, any>, options: LoopbackOptions, cache: PromptCache): Promise<void> {
  const a = answer(body, options);
  // OpenAI caches prompt prefixes of 1024 tokens and more by itself: everything before the last
  // message, once seen, is read.
  const cached = cache.account(body.messages.length > 1 ? [body.messages.slice(0, -1)] : [], 1024).read;
  const usage = { prompt_tokens: Math.max(estimateTokens(body.messages), cached), completion_tokens: Math.max(1, a.pieces.length + (a.call?.args.length ?? 0) + (a.reasoning?.length ?? 0)) };
  const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens, prompt_tokens_details: { cached_tokens: Math.min(cached, tokensOf(body.messages)), audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: a.reasoning?.length ?? 0, audio_tokens: 0 } };
  const head = { id: "chatcmpl-loopback", created: 1_700_000_000, model: body.model, system_fingerprint: "fp_loopback", service_tier: body.service_tier ?? "default" };
  if (body.stream !== true) {
    if (body.model === "malformed-model") return void res.writeHead(200, { "content-type": "application/json" }).end('{"id":"chatcmpl-loopback","choi');
    const toolCalls = a.call ? [{ id: a.call.id, type: "function", function: { name: a.call.name, arguments: a.call.args.join("") } }] : undefined;
    const message = { role: "assistant", content: a.call ? null : a.pieces.join(""), refusal: null, annotations: [], ...(toolCalls ? { tool_calls: toolCalls } : {}), ...(a.reasoning ? { reasoning_content: a.reasoning.join("") } : {}) };
    return sendJson(res, 200, { ...head, object: "chat.completion", choices: [{ index: 0, message, logprobs: null, finish_reason: a.finish }], usage: fullUsage });
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: object, finish: string | null = null): SseFrame => ({
    data: JSON.stringify({ ...head, object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) }),
  });
  const frames: SseFrame[] = [];
  if (a.call) {
    frames.push(chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: a.call.id, type: "function", function: { name: a.call.name, arguments: "" } }], refusal: null }));
    for (const fragment of a.call.args) frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] }));
  } else {
    frames.push(chunk({ role: "assistant", content: "", refusal: null }));
    for (const piece of a.reasoning ?? []) frames.push(chunk({ reasoning_content: piece }));
    for (const piece of a.pieces) frames.push(chunk({ content: piece }));
  }
  if (body.model === "malformed-model") frames.push({ data: '{"id": "chatcmpl-loopback", "choices": [{"delta": <<garbage' });
  frames.push(chunk({}, a.finish));
  if (withUsage) frames.push({ data: JSON.stringify({ ...head, object: "chat.completion.chunk", choices: [], usage: fullUsage }) });
  frames.push({ data: "[DONE]" });
  await sendSse(res, frames, options.chunkDelayMs);
}

function embeddings(res: ServerResponse, body: Record<string, any>): void {
  if (body.model !== "embed-model") return error(res, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
  const input: unknown[] = typeof body.input === "string" ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((t) => typeof t === "string" && t !== "")) return error(res, 400, "'input' is invalid.", "invalid_request_error", null, "input");
  const dims = body.dimensions ?? 8;
  if (!Number.isInteger(dims) || dims < 1) return error(res, 400, "Invalid 'dimensions'.", "invalid_request_error", null, "dimensions");
  const data = (input as string[]).map((text, index) => ({ object: "embedding", index, embedding: fakeVector(text, dims) }));
  const tokens = input.reduce<number>((n, t) => n + estimateTokens(t), 0);
  sendJson(res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** A deterministic unit vector per text, so equal texts embed equally. */
function fakeVector(text: string, dims: number): number[] {
  const raw = Array.from({ length: dims }, (_, i) => createHash("sha256").update(`${i}:${text}`).digest().readInt16BE(0) / 32768);
  const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0)) || 1;
  return raw.map((x) => x / norm);
}
