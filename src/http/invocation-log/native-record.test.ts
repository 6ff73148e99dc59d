import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { RequestContext, StreamEvent } from "../../kernel/index.js";
import type { LoggingConfig } from "../../service/invocation-logging/index.js";
import type { NativeInput, NativeOutput } from "../bedrock-runtime/invoke-routes.js";
import { nativeFamilyFor } from "../bedrock-runtime/native/index.js";
import { invokeRecord, invokeStreamRecord } from "./native-record.js";
import { recordHead } from "./record-head.js";
import type { TimedEvent } from "./stream-tap.js";

const OFF: LoggingConfig = { textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };
const TEXT = { ...OFF, textDataDeliveryEnabled: true };
const EMBEDDING = { ...OFF, embeddingDataDeliveryEnabled: true };
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const TITAN = "amazon.titan-embed-text-v2:0";

const ctx = {
  principal: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1", receivedAt: new Date("2026-12-05T07:00:00Z"),
} as unknown as RequestContext;
const HEAD = {
  schemaType: "ModelInvocationLog", schemaVersion: "1.0", timestamp: "2026-12-05T07:00:00.000Z", accountId: "111111111111",
  identity: { arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1",
};
const omitted = (kind: string, flag: string) => ({ omitted: { kinds: [kind], reason: `${flag} off for this account` } });

/** A native input as the InvokeModel operation decodes it, `raw` being the bytes as sent. */
function native(modelId: string, body: object, raw: Uint8Array = new TextEncoder().encode(JSON.stringify(body)), contentType?: string): NativeInput {
  const family = nativeFamilyFor(modelId)!;
  return { modelId, family, decoded: family.decode(body, modelId), service: {}, raw: sensitive(raw), ...(contentType === undefined ? {} : { contentType }) };
}

const llama = { ...native(LLAMA, { prompt: "hi there", max_gen_len: 64 }), requestMetadata: sensitive({ team: "audit" }) };
const chat: NativeOutput = {
  kind: "converse", input: llama, startedAt: 0,
  result: { message: sensitive({ role: "assistant", content: [{ type: "text", text: "hello" }] }), stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } },
};
const GENERATION = { generation: "hello", prompt_token_count: 3, generation_token_count: 1, stop_reason: "stop" };
const titan = native(TITAN, { inputText: "embed me", dimensions: 256 });
const embed: NativeOutput = { kind: "embed", input: titan, startedAt: 0, result: { vectors: sensitive([[0.5, -0.25]]), inputTokens: 2 } };
const VECTOR = { embedding: [0.5, -0.25], inputTextTokenCount: 2, embeddingsByType: { float: [0.5, -0.25] } };
// Bytes that are not UTF-8 JSON: recorded byte for byte, as base64.
const bytes = new Uint8Array([0xff, 0x7b, 0x7d]);
const opaque: NativeOutput = { ...chat, input: native(LLAMA, { prompt: "hi there" }, bytes, "application/octet-stream") };

describe("an InvokeModel call's invocation log record", () => {
  const cases: [string, NativeOutput, LoggingConfig, Record<string, unknown>, Record<string, unknown>][] = [
    ["a chat model, text delivered: the raw body and the family's response", chat, TEXT,
      { inputContentType: "application/json", inputBodyJson: { prompt: "hi there", max_gen_len: 64 }, inputTokenCount: 3 },
      { outputContentType: "application/json", outputBodyJson: GENERATION, outputTokenCount: 1 }],
    ["a chat model, only embeddings delivered: both bodies are markers", chat, EMBEDDING,
      { inputContentType: "application/json", inputBodyJson: omitted("text", "textDataDeliveryEnabled"), inputTokenCount: 3 },
      { outputContentType: "application/json", outputBodyJson: omitted("text", "textDataDeliveryEnabled"), outputTokenCount: 1 }],
    ["a body that is not JSON: base64 under its declared type", opaque, TEXT,
      { inputContentType: "application/octet-stream", inputBodyBase64: "/3t9", inputTokenCount: 3 },
      { outputContentType: "application/json", outputBodyJson: GENERATION, outputTokenCount: 1 }],
    ["an embedding model, text and embeddings delivered", embed, { ...TEXT, embeddingDataDeliveryEnabled: true },
      { inputContentType: "application/json", inputBodyJson: { inputText: "embed me", dimensions: 256 }, inputTokenCount: 2 },
      { outputContentType: "application/json", outputBodyJson: VECTOR }],
    ["an embedding model, text only: the vectors are a marker", embed, TEXT,
      { inputContentType: "application/json", inputBodyJson: { inputText: "embed me", dimensions: 256 }, inputTokenCount: 2 },
      { outputContentType: "application/json", outputBodyJson: omitted("embedding", "embeddingDataDeliveryEnabled") }],
    ["an embedding model, embeddings only: the text is a marker", embed, EMBEDDING,
      { inputContentType: "application/json", inputBodyJson: omitted("text", "textDataDeliveryEnabled"), inputTokenCount: 2 },
      { outputContentType: "application/json", outputBodyJson: VECTOR }],
  ];
  for (const [name, out, config, input, output] of cases) {
    it(name, () => {
      assert.deepEqual(invokeRecord(recordHead(ctx, "InvokeModel", out.input.modelId), out, config),
        { ...HEAD, operation: "InvokeModel", modelId: out.input.modelId, input, output, ...(out.input === llama ? { requestMetadata: { team: "audit" } } : {}) });
    });
  }

  it("a Llama body carrying an image, images not delivered: the raw body is withheld whole", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1e1a90000000049454e44ae426082", "hex").toString("base64");
    const withImage = native("meta.llama3-2-11b-instruct-v1:0", { prompt: "<|image|>what is it?", images: [png] });
    const record = invokeRecord(recordHead(ctx, "InvokeModel", withImage.modelId), { ...chat, input: withImage }, TEXT);
    assert.deepEqual(record.input.inputBodyJson, omitted("image", "imageDataDeliveryEnabled"));
  });
});

describe("an InvokeModelWithResponseStream call's invocation log record", () => {
  const events: TimedEvent[] = ([
    [{ type: "messageStart", role: "assistant" }, 1],
    [{ type: "contentBlockDelta", index: 0, delta: sensitive({ text: "hel" }) }, 40],
    [{ type: "contentBlockDelta", index: 0, delta: sensitive({ text: "lo" }) }, 50],
    [{ type: "contentBlockStop", index: 0 }, 51],
    [{ type: "messageStop", stopReason: "end_turn" }, 52],
    [{ type: "metadata", usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } }, 60],
  ] as [StreamEvent, number][]).map(([event, ms]) => ({ event, at: 1000 + ms }));
  const CHUNKS = [
    { generation: "hel", prompt_token_count: null, generation_token_count: null, stop_reason: null },
    { generation: "lo", prompt_token_count: null, generation_token_count: null, stop_reason: null },
    { generation: "", prompt_token_count: 3, generation_token_count: 1, stop_reason: "stop",
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 3, outputTokenCount: 1, invocationLatency: 60, firstByteLatency: 40 } },
  ];
  const cases: [string, readonly TimedEvent[], LoggingConfig, Record<string, unknown>][] = [
    ["completed, text delivered: the chunks the caller decoded, metrics on the clock the events were seen", events, TEXT, {
      streamOutcome: "completed",
      input: { inputContentType: "application/json", inputBodyJson: { prompt: "hi there", max_gen_len: 64 }, inputTokenCount: 3 },
      output: { outputContentType: "application/json", outputBodyJson: CHUNKS, outputTokenCount: 1 },
    }],
    ["completed, text not delivered: markers", events, EMBEDDING, {
      streamOutcome: "completed",
      input: { inputContentType: "application/json", inputBodyJson: omitted("text", "textDataDeliveryEnabled"), inputTokenCount: 3 },
      output: { outputContentType: "application/json", outputBodyJson: omitted("text", "textDataDeliveryEnabled"), outputTokenCount: 1 },
    }],
    ["the caller went away after one delta", events.slice(0, 2), TEXT, {
      streamOutcome: "client-disconnected",
      input: { inputContentType: "application/json", inputBodyJson: { prompt: "hi there", max_gen_len: 64 } },
      output: { outputContentType: "application/json", outputBodyJson: [CHUNKS[0]] },
    }],
  ];
  for (const [name, seen, config, expected] of cases) {
    it(name, () => {
      const end = seen === events ? { outcome: "completed" as const } : { outcome: "client-disconnected" as const };
      assert.deepEqual(invokeStreamRecord(recordHead(ctx, "InvokeModelWithResponseStream", LLAMA), llama, seen, end, config, 1000),
        { ...HEAD, operation: "InvokeModelWithResponseStream", modelId: LLAMA, ...expected, requestMetadata: { team: "audit" } });
    });
  }
});
