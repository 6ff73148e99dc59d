import { request } from "node:https";
import { Readable } from "node:stream";

/**
 * A `fetch` that trusts the stack's generated CA, for clients that take a fetch (the openai SDK,
 * the AI SDK's providers): the global fetch reads extra CAs only at process start
 * (NODE_EXTRA_CA_CERTS), and these tests start their server later. HTTP/1.1 over node:https;
 * the response body streams as it arrives, so server-sent events are read event by event.
 */
export function fetchTrusting(ca: string): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const headers = new Headers(init.headers);
    const body = init.body === undefined || init.body === null ? undefined
      : typeof init.body === "string" ? init.body
      : init.body instanceof Uint8Array ? init.body
      : Buffer.from(await new Response(init.body).arrayBuffer());
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? "GET", headers: Object.fromEntries(headers), ca, signal: init.signal ?? undefined }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        const status = res.statusCode ?? 500;
        const stream = status === 204 || status === 304 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
      });
      req.on("error", reject);
      req.end(body);
    });
  };
}
