import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../kernel/index.js";
import type { ConverseResult, EmbedResult, RequestContext, RequestNotes, StreamEvent } from "../kernel/index.js";
import type { ModelProvider } from "../providers/port.js";
import { ModelCatalogue } from "./catalogue.js";
import type { ConverseCommand } from "./commands.js";
import { InferenceService } from "./inference.js";

/** The use cases write what the records need into the request's notes: token counts, time to first output. */
const usage = { inputTokens: 7, outputTokens: 3, totalTokens: 15, cacheReadInputTokens: 5 };
const provider = {
  id: "p",
  converse: async (): Promise<ConverseResult> => ({ message: sensitive({ role: "assistant", content: [{ type: "text", text: "ok" }] }), stopReason: "end_turn", usage }),
  converseStream: () => (async function* (): AsyncGenerator<StreamEvent> {
    yield { type: "messageStart", role: "assistant" };
    await new Promise((resolve) => setTimeout(resolve, 30));
    yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "ok" }) };
    yield { type: "contentBlockStop", index: 0 };
    yield { type: "messageStop", stopReason: "end_turn" };
    yield { type: "metadata", usage: { inputTokens: 2, outputTokens: 4, totalTokens: 6 } };
  })(),
  embed: async (): Promise<EmbedResult> => ({ vectors: sensitive([[0.1]]), inputTokens: 9 }),
} as unknown as ModelProvider;

const model = {
  name: "t", providerName: "Test", inputModalities: ["TEXT"] as const, streaming: true, lifecycle: "ACTIVE" as const,
  providerId: "p", upstreamModel: "u", processingRegion: "us-east-1", timeoutMs: 1000,
};
const service = new InferenceService(new ModelCatalogue([
  { ...model, modelId: "test.chat-v1", outputModalities: ["TEXT"] },
  { ...model, modelId: "test.embed-v1", outputModalities: ["EMBEDDING"], streaming: false },
], new Map([["p", provider]])));
const conversation = sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] });
const cmd: ConverseCommand = { modelId: "test.chat-v1", conversation, inference: {} };

function context(): { ctx: RequestContext; notes: RequestNotes } {
  const notes: RequestNotes = {};
  return { notes, ctx: { signal: new AbortController().signal, notes, receivedAt: new Date() } as unknown as RequestContext };
}

describe("InferenceService notes usage and time to first output", () => {
  it("Converse: the result's usage (without the total, which is their sum)", async () => {
    const { ctx, notes } = context();
    await service.converse(cmd, ctx);
    assert.deepEqual(notes.usage, { inputTokens: 7, outputTokens: 3, cacheReadInputTokens: 5 });
    assert.equal(notes.firstOutputMs, undefined);
  });

  it("ConverseStream: the metadata event's usage, and when the first content (not messageStart) went out", async () => {
    const { ctx, notes } = context();
    const stream = await service.converseStream(cmd, ctx);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // messageStart
    assert.equal(notes.firstOutputMs, undefined);
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) { /* drain */ }
    assert.ok(notes.firstOutputMs !== undefined && notes.firstOutputMs >= 25, `firstOutputMs ${notes.firstOutputMs}`);
    assert.deepEqual(notes.usage, { inputTokens: 2, outputTokens: 4 });
  });

  it("embeddings: input tokens only", async () => {
    const { ctx, notes } = context();
    await service.embed({ modelId: "test.embed-v1", texts: sensitive(["x"]) }, ctx);
    assert.deepEqual(notes.usage, { inputTokens: 9, outputTokens: 0 });
  });
});
