import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SseDecoder, SseEventTooLarge } from "./sse.js";
import type { SseMessage } from "./sse.js";

/** Decodes `chunks` in order, as they might arrive from the network. */
function decode(chunks: (string | Uint8Array)[]): SseMessage[] {
  const d = new SseDecoder();
  return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
}

describe("SseDecoder", () => {
  const cases: { name: string; chunks: (string | Uint8Array)[]; messages: SseMessage[] }[] = [
    { name: "OpenAI data lines and [DONE]", chunks: ['data: {"a":1}\n\ndata: [DONE]\n\n'], messages: [{ event: "message", data: '{"a":1}' }, { event: "message", data: "[DONE]" }] },
    { name: "Anthropic event + data pairs", chunks: ['event: ping\ndata: {"type": "ping"}\n\n'], messages: [{ event: "ping", data: '{"type": "ping"}' }] },
    { name: "CRLF and CR line ends, split between chunks", chunks: ["data: one\r", "\n\r\ndata: two\r\r"], messages: [{ event: "message", data: "one" }, { event: "message", data: "two" }] },
    { name: "multi-line data joins with \\n; no space after the colon", chunks: ["data:a\ndata: b\n\n"], messages: [{ event: "message", data: "a\nb" }] },
    { name: "comments and id/retry are skipped; empty events are not dispatched", chunks: [": keep-alive\nid: 7\nretry: 10\n\nevent: x\n\n"], messages: [] },
    { name: "a message cut across chunks mid-field", chunks: ["da", "ta: hel", "lo\n", "\n"], messages: [{ event: "message", data: "hello" }] },
    { name: "a last message without its blank line is still delivered", chunks: ["data: [DONE]\n"], messages: [{ event: "message", data: "[DONE]" }] },
    { name: "UTF-8 split inside a character", chunks: [new Uint8Array([100, 97, 116, 97, 58, 32, 0xe2, 0x82]), new Uint8Array([0xac, 10, 10])], messages: [{ event: "message", data: "€" }] },
    { name: "event name resets after each message", chunks: ["event: a\ndata: 1\n\ndata: 2\n\n"], messages: [{ event: "a", data: "1" }, { event: "message", data: "2" }] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(decode(c.chunks), c.messages));

  it("refuses a line that never ends", () => {
    const d = new SseDecoder();
    assert.throws(() => { for (let i = 0; i < 9; i++) d.push(`data: ${"x".repeat(1024 * 1024)}`); }, SseEventTooLarge);
  });

  it("refuses an event whose data lines never end (no blank line), not only a long line", () => {
    const d = new SseDecoder();
    const line = `data: ${"x".repeat(1023)}\n`;
    assert.throws(() => { for (let i = 0; i < 9 * 1024; i++) d.push(line); }, SseEventTooLarge);
  });

  it("the limit covers an event's data lines and the line in progress together", () => {
    const d = new SseDecoder(20);
    d.push("data: 0123456789\n"); // 10 characters held
    assert.throws(() => d.push("data: 0123456789"), SseEventTooLarge); // 10 + 10 more
    const e = new SseDecoder(20);
    assert.throws(() => e.push("data: 0123456789\ndata: 0123456789\n"), SseEventTooLarge); // 10 + "\n" + 10
  });

  it("a dispatched event frees its room: a long stream of events under the limit is fine", () => {
    const d = new SseDecoder(20);
    let n = 0;
    for (let i = 0; i < 1000; i++) n += d.push("data: 0123456789\n\n").length;
    assert.equal(n, 1000);
  });

  it("an event trickled in one character at a time is decoded whole", () => {
    const d = new SseDecoder();
    const text = `event: delta\r\ndata: ${"é".repeat(2000)}\r\ndata: end\r\n\r\n`;
    const out = [...new TextEncoder().encode(text)].flatMap((byte) => d.push(new Uint8Array([byte])));
    assert.deepEqual(out, [{ event: "delta", data: `${"é".repeat(2000)}\nend` }]);
  });
});
