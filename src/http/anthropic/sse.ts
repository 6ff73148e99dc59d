/**
 * Server-sent events as Anthropic's API frames them: `event: <type>` then one `data:` line of
 * JSON (JSON.stringify never writes a line break, so one line always holds it), then a blank line.
 */
const encoder = new TextEncoder();

export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

export function sseEvent(type: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}
