import type { ServerResponse } from "node:http";
import { estimateTokens, sendJson, sendSse, startRecordingServer, tokenPieces } from "../../loopback/sse.js";
import type { Loopback, SseFrame } from "../../loopback/sse.js";
import { answer } from "./assistant-answer.js";
import type { Answer } from "./assistant-answer.js";
import { requestProblem } from "./messages-checks.js";
import { cacheUsage } from "./prompt-cache.js";

export type { Loopback, RecordedRequest } from "../../loopback/sse.js";

/**
 * A loopback Anthropic Messages API (POST /v1/messages, streamed or not, and count_tokens) that
 * carries the clients' round trips: tool calls and their results, forced tools, structured
 * output, documents, thinking and stop sequences (assistant-answer.ts says what it answers), with
 * prompt-cache usage (prompt-cache.ts), and refuses what the real API refuses
 * (messages-checks.ts). It serves one model, `client-model`.
 */
export const CLIENT_MODEL = "client-model";

export async function startAssistantLoopback(apiKey: string): Promise<Loopback> {
  const cache = new Set<string>();
  return startRecordingServer(({ request, res }) => {
    const { method, path, headers, body } = request;
    const counting = path === "/v1/messages/count_tokens";
    if (method !== "POST" || (path !== "/v1/messages" && !counting)) return error(res, 404, "not_found_error", "Not Found");
    if (headers["x-api-key"] !== apiKey) return error(res, 401, "authentication_error", "invalid x-api-key");
    if (headers["anthropic-version"] !== "2023-06-01") return error(res, 400, "invalid_request_error", "anthropic-version: header is required");
    if (typeof body !== "object" || body === null || Array.isArray(body)) return error(res, 400, "invalid_request_error", "There was an issue with your request body: invalid JSON");
    const b = body as Record<string, any>;
    if (b.model !== CLIENT_MODEL) return error(res, 404, "not_found_error", "model: not found");
    if (counting) return sendJson(res, 200, { input_tokens: estimateTokens([b.system, b.messages, b.tools]) });
    const problem = requestProblem(b);
    if (problem) return error(res, 400, "invalid_request_error", problem);
    return reply(res, b, answer(b), cache);
  });
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: "error", error: { type, message } }, { "request-id": "req_assistant" });
}

/** The answer cut at max_tokens as the API would, and its output token count. */
function limit(whole: Answer, maxTokens: number): { a: Answer; output: number } {
  let used = 0;
  let short = false;
  const blocks = whole.blocks.map((x) => {
    if (x.type !== "text") {
      used += x.type === "thinking" ? tokenPieces(x.thinking).length : 3;
      return x;
    }
    const pieces = tokenPieces(x.text);
    const room = Math.max(0, maxTokens - used);
    if (pieces.length > room) short = true;
    used += Math.min(room, pieces.length);
    return { ...x, text: pieces.slice(0, room).join("") };
  });
  return { a: short ? { blocks, stop: "max_tokens", stopSequence: null } : whole, output: Math.max(1, used) };
}

async function reply(res: ServerResponse, b: Record<string, any>, whole: Answer, cache: Set<string>): Promise<void> {
  const { a, output } = limit(whole, b.max_tokens);
  const usage = { ...cacheUsage(b, cache), output_tokens: output };
  const message = { id: "msg_assistant", type: "message", role: "assistant", model: b.model };
  if (b.stream !== true) {
    return sendJson(res, 200, { ...message, content: a.blocks, stop_reason: a.stop, stop_sequence: a.stopSequence, usage }, { "request-id": "req_assistant" });
  }
  const frame = (data: { type: string } & Record<string, unknown>): SseFrame => ({ event: data.type, data: JSON.stringify(data) });
  const frames: SseFrame[] = [frame({ type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } })];
  const delta = (index: number, d: Record<string, unknown>): SseFrame => frame({ type: "content_block_delta", index, delta: d });
  a.blocks.forEach((x, index) => {
    if (x.type === "thinking") {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } }));
      for (const thinking of tokenPieces(x.thinking)) frames.push(delta(index, { type: "thinking_delta", thinking }));
      frames.push(delta(index, { type: "signature_delta", signature: x.signature }));
    } else if (x.type === "text") {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "text", text: "" } }));
      if (index === 0) frames.push(frame({ type: "ping" }));
      for (const text of tokenPieces(x.text)) frames.push(delta(index, { type: "text_delta", text }));
    } else {
      frames.push(frame({ type: "content_block_start", index, content_block: { type: "tool_use", id: x.id, name: x.name, input: {} } }));
      const json = JSON.stringify(x.input);
      const third = Math.ceil(json.length / 3);
      for (const partial_json of ["", json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)]) frames.push(delta(index, { type: "input_json_delta", partial_json }));
    }
    frames.push(frame({ type: "content_block_stop", index }));
  });
  frames.push(frame({ type: "message_delta", delta: { stop_reason: a.stop, stop_sequence: a.stopSequence }, usage: { output_tokens: usage.output_tokens } }));
  frames.push(frame({ type: "message_stop" }));
  await sendSse(res, frames, 0, { "request-id": "req_assistant" });
}
