import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../kernel/index.js";
import type { StreamEvent } from "../../kernel/index.js";
import { encodeMessage, messageEvents } from "./messages-encode.js";

/**
 * The domain's answers as Anthropic's Messages API writes them: a Message object, and the literal
 * server-sent events of a stream (message ids are random: shown as msg_ID).
 */
const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const ids = (text: string): string => text.replace(/msg_bdrk_[0-9a-f]{24}/g, "msg_ID");

function sse(events: StreamEvent[], requested = "claude-alias"): string {
  const encoder = messageEvents(MODEL, requested, () => 1000);
  return ids(events.flatMap((e) => encoder.push(e)).map((b) => new TextDecoder().decode(b)).join(""));
}

describe("Messages API answers", () => {
  it("a whole answer: Anthropic's Message, with the model as the caller named it", () => {
    const body = encodeMessage({
      message: sensitive({ role: "assistant", content: [{ type: "text", text: "Let me check." }, { type: "toolUse", toolUseId: "toolu_1", name: "get_weather", input: { city: "Leeds" } }] }),
      stopReason: "tool_use", usage: { inputTokens: 12, outputTokens: 7, totalTokens: 19, cacheReadInputTokens: 3 },
    }, MODEL, "us.anthropic.claude-3-5-haiku-20241022-v1:0");
    assert.equal(ids(JSON.stringify(body)), JSON.stringify({
      id: "msg_ID", type: "message", role: "assistant", model: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
      content: [{ type: "text", text: "Let me check." }, { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Leeds" } }],
      stop_reason: "tool_use", stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 3, output_tokens: 7 },
    }));
  });

  it("a text stream: message_start, ping, the block, message_delta with usage, message_stop without Bedrock's metrics", () => {
    const text = sse([
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hello" }) },
      { type: "contentBlockDelta", index: 0, delta: sensitive({ text: " there." }) },
      { type: "contentBlockStop", index: 0 },
      { type: "messageStop", stopReason: "end_turn" },
      { type: "metadata", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, latencyMs: 10 },
    ] as StreamEvent[]);
    assert.equal(text, [
      `event: message_start\ndata: {"type":"message_start","message":{"id":"msg_ID","type":"message","role":"assistant","model":"claude-alias","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}\n\n`,
      `event: ping\ndata: {"type":"ping"}\n\n`,
      `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`,
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n`,
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there."}}\n\n`,
      `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n`,
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}\n\n`,
      `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
    ].join(""));
  });

  it("a tool call streamed: tool_use start and input_json_delta, block indexes renumbered from 0", () => {
    const text = sse([
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockStart", index: 3, toolUse: { toolUseId: "toolu_1", name: "get_weather" } },
      { type: "contentBlockDelta", index: 3, delta: sensitive({ toolUseInput: '{"city":"Leeds"}' }) },
      { type: "contentBlockStop", index: 3 },
      { type: "messageStop", stopReason: "tool_use" },
      { type: "metadata", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, latencyMs: 10 },
    ] as StreamEvent[]);
    assert.ok(text.includes(`event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}\n\n`), text);
    assert.ok(text.includes(`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":\\"Leeds\\"}"}}\n\n`), text);
    assert.ok(text.includes(`"delta":{"stop_reason":"tool_use","stop_sequence":null}`), text);
  });

  it("every event is one `event:` line and one `data:` line, whatever the text holds (line breaks stay escaped)", () => {
    const text = sse([
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "a\n\nevent: forged\ndata: {}\r\n" }) },
    ] as StreamEvent[]);
    const events = text.split("\n\n").filter((e) => e !== "");
    assert.equal(events.length, 4);
    for (const e of events) assert.match(e, /^event: [a-z_]+\ndata: \{[^\n]*\}$/);
  });
});
