import { lastUserText, sendJson, sendSse, startRecordingServer } from "../loopback/sse.js";
import type { Loopback } from "../loopback/sse.js";

/**
 * An OpenAI-protocol upstream that fails by quoting the caller's text back, as real APIs do in
 * validation messages ("Invalid value: '...'"). It proves upstream error bodies, which carry
 * content, never reach plinth's logs or storage. Behaviour by model name:
 * `reflect-400`, `reflect-500` (JSON error quoting the text), `reflect-garbage` (200 with a
 * non-JSON body quoting it), `reflect-stream` (streams the text, then an error event quoting it).
 */
export function startReflectLoopback(): Promise<Loopback> {
  return startRecordingServer(async ({ request, res }) => {
    const body = (request.body ?? {}) as { model?: string; messages?: unknown; stream?: boolean };
    const text = lastUserText(body.messages);
    const quote = (status: number, type: string): void =>
      sendJson(res, status, { error: { message: `Invalid value: '${text}'`, type, param: "messages", code: "invalid_value" } });
    switch (body.model) {
      case "reflect-400": return quote(400, "invalid_request_error");
      case "reflect-500": return quote(500, "server_error");
      case "reflect-garbage": return void res.writeHead(200, { "content-type": "text/html" }).end(`<html><body>${text}</body></html>`);
      case "reflect-stream": {
        const chunk = (delta: object): string => JSON.stringify({ id: "chatcmpl-reflect", object: "chat.completion.chunk", created: 1_700_000_000, model: body.model, choices: [{ index: 0, delta, finish_reason: null }] });
        return sendSse(res, [
          { data: chunk({ role: "assistant", content: "" }) },
          { data: chunk({ content: text }) },
          { data: JSON.stringify({ error: { message: `Invalid value: '${text}'`, type: "server_error" } }) },
        ]);
      }
      default: return quote(404, "invalid_request_error");
    }
  }, "/v1");
}
