import type { ServerResponse } from "node:http";
import { sendJson, sendSse, startRecordingServer } from "./sse.js";
import type { Exchange, Loopback, SseFrame } from "./sse.js";

/**
 * A loopback Anthropic Messages API (POST /v1/messages) for extended-thinking agent sessions such
 * as Claude Code's: every answer thinks (a signed thinking block), says a sentence and calls the
 * first tool offered, and reports prompt-cache reads and writes, in Anthropic's own event grammar
 * (message_start, ping, content_block_start/delta/stop per block, message_delta, message_stop).
 * It checks what the real API checks before answering: the key and version headers, and no
 * member outside the Messages API (a gateway that forwarded a Bedrock body as it came, with
 * `anthropic_version` or `anthropic_beta` in it, is refused as the real API refuses it).
 */
export const THINKING = ["The user wants an overview of the project. ", "I'll look at the files."];
export const SIGNATURE = "EqQBCkgIBxABGAIiQLoopbackSignature";
export const SPEECH = ["Let me ", "look."];
export const TOOL_INPUT = ['{"command": ', '"ls -la"}'];
export const USAGE = { input_tokens: 21, cache_creation_input_tokens: 180, cache_read_input_tokens: 2400, output_tokens: 57 };

const MESSAGE_MEMBERS = [
  "model", "messages", "system", "tools", "tool_choice", "thinking", "metadata", "max_tokens", "temperature", "top_p", "top_k",
  "stop_sequences", "stream", "service_tier", "container", "context_management", "output_config", "output_format", "mcp_servers",
  "inference_geo", "speed", "cache_control",
];

export async function startThinkingLoopback(apiKey: string): Promise<Loopback> {
  return startRecordingServer((exchange) => route(exchange, apiKey));
}

function refuse(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: "error", error: { type, message } }, { "request-id": "req_thinking" });
}

async function route({ request, res }: Exchange, apiKey: string): Promise<void> {
  if (request.method !== "POST" || request.path !== "/v1/messages") return refuse(res, 404, "not_found_error", "Not Found");
  if (request.headers["x-api-key"] !== apiKey) return refuse(res, 401, "authentication_error", "invalid x-api-key");
  if (request.headers["anthropic-version"] === undefined) return refuse(res, 400, "invalid_request_error", "anthropic-version: header is required");
  const body = request.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null) return refuse(res, 400, "invalid_request_error", "invalid JSON");
  const extra = Object.keys(body).find((k) => !MESSAGE_MEMBERS.includes(k));
  if (extra) return refuse(res, 400, "invalid_request_error", `${extra}: Extra inputs are not permitted`);
  const tools = (body["tools"] ?? []) as { name: string }[];
  const tool = tools[0]?.name ?? "Bash";
  const message = { id: "msg_01Thinking", type: "message", role: "assistant", model: body["model"] };
  if (body["stream"] !== true) {
    const content = [
      { type: "thinking", thinking: THINKING.join(""), signature: SIGNATURE },
      { type: "text", text: SPEECH.join("") },
      { type: "tool_use", id: "toolu_01Thinking", name: tool, input: JSON.parse(TOOL_INPUT.join("")) },
    ];
    return sendJson(res, 200, { ...message, content, stop_reason: "tool_use", stop_sequence: null, usage: USAGE });
  }
  const frame = (data: { type: string } & Record<string, unknown>): SseFrame => ({ event: data.type, data: JSON.stringify(data) });
  const frames: SseFrame[] = [
    frame({ type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...USAGE, output_tokens: 1 } } }),
    frame({ type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }),
    frame({ type: "ping" }),
    ...THINKING.map((thinking) => frame({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking } })),
    frame({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: SIGNATURE } }),
    frame({ type: "content_block_stop", index: 0 }),
    frame({ type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }),
    ...SPEECH.map((text) => frame({ type: "content_block_delta", index: 1, delta: { type: "text_delta", text } })),
    frame({ type: "content_block_stop", index: 1 }),
    frame({ type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "toolu_01Thinking", name: tool, input: {} } }),
    ...["", ...TOOL_INPUT].map((partial_json) => frame({ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json } })),
    frame({ type: "content_block_stop", index: 2 }),
    frame({ type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: USAGE }),
    frame({ type: "message_stop" }),
  ];
  await sendSse(res, frames, 0, { "request-id": "req_thinking" });
}
