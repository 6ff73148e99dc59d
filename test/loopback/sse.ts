import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Shared plumbing of the provider loopback servers: a recording HTTP server on 127.0.0.1,
 * SSE framing, and the small fakes (token estimates, chunking) both providers' answers use.
 */

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased names, as node gives them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when it was not JSON (see `rawBody`). */
  readonly body: unknown;
  readonly rawBody: string;
}

export interface LoopbackOptions {
  /** What `chat-model` answers (default "Hello there."). */
  readonly text?: string;
  /** When set, requests must carry this key in the provider's auth header, else 401. */
  readonly apiKey?: string;
  /** Pause between streamed events, to imitate a model producing tokens (default 0). */
  readonly chunkDelayMs?: number;
  /**
   * The address to listen on (default 127.0.0.1): the several-nodes test puts one where a plinth
   * node in its own network namespace can reach it, whose loopback is not this one.
   */
  readonly host?: string;
}

export interface Loopback {
  /** Written the way the provider's own SDK takes it. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
  /**
   * Resolves once some client has gone away before its answer was complete (a `hang-model`
   * call or a stream read only in part) and no `hang-model` request is still open.
   */
  sawCancel(): Promise<void>;
}

export interface Exchange {
  readonly request: RecordedRequest;
  readonly res: ServerResponse;
  /** Never answer; the server notes when the client closes the connection. */
  hang(): void;
}

export async function startRecordingServer(route: (exchange: Exchange) => void | Promise<void>, basePath = "", host = "127.0.0.1"): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  // Cancellation as the upstream sees it: a response closed before it was finished.
  let hanging = 0;
  let cut = false;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    if (!cut || hanging !== 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const server = createServer((req, res) => {
    let hung = false;
    let closed = false;
    res.on("close", () => {
      closed = true;
      if (!res.writableFinished) cut = true;
      if (hung) hanging--;
      settle();
    });
    void record(req).then(async (request) => {
      requests.push(request);
      const hang = (): void => {
        if (closed) return; // the client is gone already: nothing left to wait for
        hung = true;
        hanging++;
      };
      try {
        await route({ request, res, hang });
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }
    }, () => res.destroy()); // the client went away while sending its body
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${port}${basePath}`,
    requests,
    sawCancel: () => new Promise<void>((resolve) => {
      waiters.push(resolve);
      settle();
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { method: req.method ?? "", path: (req.url ?? "").split("?")[0]!, headers, body, rawBody };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}

export interface SseFrame { readonly event?: string; readonly data: string }

export function sseFrame(frame: SseFrame): string {
  return `${frame.event !== undefined ? `event: ${frame.event}\n` : ""}data: ${frame.data}\n\n`;
}

/** Writes frames one by one (each its own write, so the client sees several chunks) and ends. */
export async function sendSse(res: ServerResponse, frames: readonly SseFrame[], delayMs = 0, headers: Record<string, string> = {}): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", ...headers });
  for (const frame of frames) {
    if (res.destroyed) return;
    res.write(sseFrame(frame));
    await new Promise((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve)));
  }
  res.end();
}

/** A stand-in tokenizer: about four characters a token, at least one. */
export function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(value ?? "").length / 4));
}

/** Splits an answer into word-sized pieces, as a model streams tokens ("Hello", " there", "."). */
export function tokenPieces(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_']+|\s*[^\p{L}\p{N}_'\s]+|\s+$/gu) ?? [text];
}

/** The model names every loopback understands. `status-NNN` answers HTTP NNN. */
export function statusFromModel(model: string): number | undefined {
  if (model === "throttled-model") return 429;
  if (model === "failing-model") return 500;
  const match = /^status-(\d{3})$/.exec(model);
  return match ? Number(match[1]) : undefined;
}

/** All loopback error bodies carry this text, so tests can prove it never reaches a Fault. */
export const UPSTREAM_SECRET = "upstream-secret-detail";

/** The text of the last user turn, for `echo-model` (both providers put it in a string or text blocks). */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  const last = [...messages].reverse().find((m) => (m as { role?: unknown }).role === "user") as { content?: unknown } | undefined;
  if (typeof last?.content === "string") return last.content;
  if (!Array.isArray(last?.content)) return "";
  return last.content.flatMap((b: { type?: unknown; text?: unknown }) => (b.type === "text" && typeof b.text === "string" ? [b.text] : [])).join("");
}
