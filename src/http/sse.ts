/**
 * Server-sent events as the OpenAI and Anthropic surfaces frame them: one `data:` line of JSON
 * (JSON.stringify never writes a line break, so one line always holds it), optionally after an
 * `event: <type>` line, then a blank line. Both surfaces' clients split on the blank line.
 */
const encoder = new TextEncoder();

export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

/** The head of every SSE reply: the stream is live, so nothing between may cache it. */
export const sseHeaders = (extra: Record<string, string>): Record<string, string> =>
  ({ "content-type": SSE_CONTENT_TYPE, "cache-control": "no-cache", ...extra });

/** A named event (Anthropic's Messages, OpenAI's Responses): `event: <type>` then its data. */
export function sseEvent(type: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** An unnamed event, as OpenAI's Chat Completions frames its chunks. */
export const sseData = (value: unknown): Uint8Array => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);

/** Chat Completions' last event: the client's sign that the answer is complete. */
export const SSE_DONE: Uint8Array = encoder.encode("data: [DONE]\n\n");
