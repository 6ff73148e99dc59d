import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The instant upstream: an OpenAI chat-completions endpoint that answers one fixed completion
 * (or the same answer as SSE when the body asks for `"stream":true`) without parsing, checking
 * or recording anything. The test loopback keeps every request in memory, which grows the heap
 * and slows the baseline as a run goes on; this one costs the same at the first and the
 * millionth request, so every scenario is compared with the same floor.
 */
export const UPSTREAM_MODEL = "chat-model";
export const CHAT_PATH = "/v1/chat/completions";

const HEAD = { id: "chatcmpl-bench", created: 1_700_000_000, model: UPSTREAM_MODEL, system_fingerprint: "fp_bench" };
const USAGE = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };

const COMPLETION = Buffer.from(JSON.stringify({
  ...HEAD,
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello there.", refusal: null }, logprobs: null, finish_reason: "stop" }],
  usage: USAGE,
}));

const chunk = (delta: object, finish: string | null = null): string =>
  `data: ${JSON.stringify({ ...HEAD, object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;

/** Each frame is written on its own, as a model streaming tokens would. */
const FRAMES = [
  chunk({ role: "assistant", content: "" }),
  chunk({ content: "Hello" }),
  chunk({ content: " there" }),
  chunk({ content: "." }),
  chunk({}, "stop"),
  `data: ${JSON.stringify({ ...HEAD, object: "chat.completion.chunk", choices: [], usage: USAGE })}\n\n`,
  "data: [DONE]\n\n",
];

/** On `host` (default loopback; the several-nodes bench puts one where a node's namespace reaches it). */
export async function startUpstream(port = 0, host = "127.0.0.1"): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== CHAT_PATH) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      if (Buffer.concat(parts).includes('"stream":true')) {
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
        for (const frame of FRAMES) res.write(frame);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": COMPLETION.length }).end(COMPLETION);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** The request body a client sends straight to the upstream (and through the bare proxy). */
export function chatBody(stream: boolean): string {
  return JSON.stringify({
    model: UPSTREAM_MODEL,
    messages: [{ role: "user", content: "Say hello." }],
    max_tokens: 64,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}
