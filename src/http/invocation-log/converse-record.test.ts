import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { ConverseResult, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import type { LoggingConfig } from "../../service/invocation-logging/index.js";
import { converseRecord, converseStreamRecord } from "./converse-record.js";
import { recordHead } from "./record-head.js";
import type { StreamEnd, TimedEvent } from "./stream-tap.js";

const OFF: LoggingConfig = { textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };
const TEXT = { ...OFF, textDataDeliveryEnabled: true };
const IMAGE = { ...OFF, imageDataDeliveryEnabled: true };
const BOTH = { ...TEXT, imageDataDeliveryEnabled: true };
const MODEL = "meta.llama3-1-8b-instruct-v1:0";

const ctx = {
  principal: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1", receivedAt: new Date("2026-12-05T07:00:00Z"),
} as unknown as RequestContext;

const cmd: ConverseCommand = {
  modelId: MODEL, inference: { maxTokens: 64, temperature: 0.5, topK: 3 }, requestMetadata: sensitive({ team: "audit" }),
  conversation: sensitive({
    system: [{ type: "text", text: "be brief" }],
    stopSequences: ["END"],
    tools: { tools: [{ name: "lookup", description: "looks up", inputSchema: { type: "object" } }], toolChoice: { type: "any" } },
    messages: [{ role: "user", content: [
      { type: "text", text: "look" },
      { type: "image", format: "png", bytes: new Uint8Array([1, 2, 3]) },
      { type: "toolResult", toolUseId: "t1", content: [{ type: "text", text: "sunny" }, { type: "image", format: "jpeg", bytes: new Uint8Array([4]) }] },
    ] }],
  }),
};
const result: ConverseResult = {
  message: sensitive({ role: "assistant", content: [{ type: "text", text: "a cat" }] }), stopReason: "end_turn",
  usage: { inputTokens: 5, outputTokens: 2, totalTokens: 9, cacheReadInputTokens: 2 },
};

const HEAD = {
  schemaType: "ModelInvocationLog", schemaVersion: "1.0", timestamp: "2026-12-05T07:00:00.000Z", accountId: "111111111111",
  identity: { arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1", modelId: MODEL,
};
const NO_TEXT = { omitted: { kinds: ["text"], reason: "textDataDeliveryEnabled off for this account" } };
const NO_IMAGE = { omitted: { kinds: ["image"], reason: "imageDataDeliveryEnabled off for this account" } };
// The numbers are not content; stop sequences and tools are text. topK has no Converse member.
const SETTINGS = {
  inferenceConfig: { maxTokens: 64, temperature: 0.5, stopSequences: ["END"] },
  toolConfig: { tools: [{ toolSpec: { name: "lookup", description: "looks up", inputSchema: { json: { type: "object" } } } }], toolChoice: { any: {} } },
};
const NO_TEXT_SETTINGS = { inferenceConfig: { maxTokens: 64, temperature: 0.5, stopSequences: NO_TEXT }, toolConfig: NO_TEXT };
const PNG = { image: { format: "png", source: { bytes: "AQID" } } };
const JPEG = { image: { format: "jpeg", source: { bytes: "BA==" } } };

describe("a Converse call's invocation log record", () => {
  const cases: [string, LoggingConfig, unknown, unknown][] = [
    ["text and images delivered: the whole conversation", BOTH,
      { messages: [{ role: "user", content: [{ text: "look" }, PNG, { toolResult: { toolUseId: "t1", content: [{ text: "sunny" }, JPEG] } }] }], system: [{ text: "be brief" }], ...SETTINGS },
      [{ text: "a cat" }]],
    ["text only: each image (a tool result's too) replaced by a marker", TEXT,
      { messages: [{ role: "user", content: [{ text: "look" }, NO_IMAGE, { toolResult: { toolUseId: "t1", content: [{ text: "sunny" }, NO_IMAGE] } }] }], system: [{ text: "be brief" }], ...SETTINGS },
      [{ text: "a cat" }]],
    ["images only: no text anywhere, the system prompt and the answer included", IMAGE,
      { messages: [{ role: "user", content: [NO_TEXT, PNG, { toolResult: { toolUseId: "t1", content: [NO_TEXT, JPEG] } }] }], system: [NO_TEXT], ...NO_TEXT_SETTINGS },
      [NO_TEXT]],
  ];
  for (const [name, config, input, answer] of cases) {
    it(name, () => {
      assert.deepEqual(converseRecord(recordHead(ctx, "Converse", MODEL), cmd, result, config), {
        ...HEAD, operation: "Converse",
        input: { inputContentType: "application/json", inputBodyJson: input, inputTokenCount: 5, cacheReadInputTokenCount: 2 },
        output: {
          outputContentType: "application/json",
          outputBodyJson: { output: { message: { role: "assistant", content: answer } }, stopReason: "end_turn", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 9, cacheReadInputTokens: 2 } },
          outputTokenCount: 2,
        },
        requestMetadata: { team: "audit" },
      });
    });
  }
});

const at = (event: StreamEvent, ms: number): TimedEvent => ({ event, at: 1000 + ms });
const STREAM: TimedEvent[] = [
  at({ type: "messageStart", role: "assistant" }, 1),
  at({ type: "contentBlockStart", index: 0 }, 2),
  at({ type: "contentBlockDelta", index: 0, delta: sensitive({ text: "a c" }) }, 3),
  at({ type: "contentBlockDelta", index: 0, delta: sensitive({ text: "at" }) }, 4),
  at({ type: "contentBlockStop", index: 0 }, 5),
  at({ type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t2", name: "lookup" } }, 6),
  at({ type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: "{}" }) }, 7),
  at({ type: "contentBlockStop", index: 1 }, 8),
  at({ type: "messageStop", stopReason: "tool_use" }, 9),
  at({ type: "metadata", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } }, 10),
];

describe("a ConverseStream call's invocation log record", () => {
  const completed: StreamEnd = { outcome: "completed" };
  const cases: [string, readonly TimedEvent[], StreamEnd, LoggingConfig, Record<string, unknown>][] = [
    ["completed, text delivered: every event as the caller got it, latency from the call's start", STREAM, completed, TEXT, {
      streamOutcome: "completed",
      input: { inputContentType: "application/json", inputBodyJson: { messages: [{ role: "user", content: [{ text: "look" }, NO_IMAGE, { toolResult: { toolUseId: "t1", content: [{ text: "sunny" }, NO_IMAGE] } }] }], system: [{ text: "be brief" }], ...SETTINGS }, inputTokenCount: 5 },
      output: { outputContentType: "application/json", outputTokenCount: 2, outputBodyJson: [
        { messageStart: { role: "assistant" } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a c" } } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "at" } } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "t2", name: "lookup" } } } },
        { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: "{}" } } } },
        { contentBlockStop: { contentBlockIndex: 1 } },
        { messageStop: { stopReason: "tool_use" } },
        { metadata: { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, metrics: { latencyMs: 10 } } },
      ] },
    }],
    ["text not delivered: deltas and tool names are markers, the structure stays", STREAM, completed, IMAGE, {
      streamOutcome: "completed",
      input: { inputContentType: "application/json", inputBodyJson: { messages: [{ role: "user", content: [NO_TEXT, PNG, { toolResult: { toolUseId: "t1", content: [NO_TEXT, JPEG] } }] }], system: [NO_TEXT], ...NO_TEXT_SETTINGS }, inputTokenCount: 5 },
      output: { outputContentType: "application/json", outputTokenCount: 2, outputBodyJson: [
        { messageStart: { role: "assistant" } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: NO_TEXT } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: NO_TEXT } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        { contentBlockStart: { contentBlockIndex: 1, start: NO_TEXT } },
        { contentBlockDelta: { contentBlockIndex: 1, delta: NO_TEXT } },
        { contentBlockStop: { contentBlockIndex: 1 } },
        { messageStop: { stopReason: "tool_use" } },
        { metadata: { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, metrics: { latencyMs: 10 } } },
      ] },
    }],
    ["failed after the first delta: what was streamed, the error's name, no token counts", STREAM.slice(0, 3), { outcome: "failed", errorCode: "ModelStreamErrorException" }, TEXT, {
      errorCode: "ModelStreamErrorException", streamOutcome: "failed",
      input: { inputContentType: "application/json", inputBodyJson: { messages: [{ role: "user", content: [{ text: "look" }, NO_IMAGE, { toolResult: { toolUseId: "t1", content: [{ text: "sunny" }, NO_IMAGE] } }] }], system: [{ text: "be brief" }], ...SETTINGS } },
      output: { outputContentType: "application/json", outputBodyJson: [{ messageStart: { role: "assistant" } }, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a c" } } }] },
    }],
    ["the caller went away before anything came", [], { outcome: "client-disconnected" }, TEXT, {
      streamOutcome: "client-disconnected",
      input: { inputContentType: "application/json", inputBodyJson: { messages: [{ role: "user", content: [{ text: "look" }, NO_IMAGE, { toolResult: { toolUseId: "t1", content: [{ text: "sunny" }, NO_IMAGE] } }] }], system: [{ text: "be brief" }], ...SETTINGS } },
      output: { outputContentType: "application/json", outputBodyJson: [] },
    }],
  ];
  for (const [name, events, end, config, expected] of cases) {
    it(name, () => {
      assert.deepEqual(converseStreamRecord(recordHead(ctx, "ConverseStream", MODEL), cmd, events, end, config, 1000),
        { ...HEAD, operation: "ConverseStream", ...expected, requestMetadata: { team: "audit" } });
    });
  }
});
