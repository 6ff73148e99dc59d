import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { RequestContext, StreamEvent } from "../../kernel/index.js";
import type { LoggingConfig, ModelInvocationLog } from "../../service/invocation-logging/index.js";
import { nativeFamilyFor } from "../bedrock-runtime/native/index.js";
import type { Operation } from "../operation.js";
import { invocationLogRecorder } from "./recorder.js";

const OFF: LoggingConfig = { textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };
const TEXT = { ...OFF, textDataDeliveryEnabled: true };
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";

function recorderWith(config: LoggingConfig | undefined | Error, writeFails = false) {
  const written: ModelInvocationLog[] = [];
  const faults: unknown[] = [];
  let lookups = 0;
  const logging = {
    config: async () => { lookups += 1; if (config instanceof Error) throw config; return config; },
    record: async (log: ModelInvocationLog) => { if (writeFails) throw new Error("disk full"); written.push(log); },
  };
  const { admission, guard } = invocationLogRecorder(logging, (e) => faults.push(e));
  return { admission, guard, written, faults, lookups: () => lookups };
}

const ctx = () => ({
  principal: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1",
  receivedAt: new Date("2026-12-05T07:00:00Z"), signal: new AbortController().signal,
}) as unknown as RequestContext;
const cmd = { modelId: LLAMA, conversation: sensitive({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }), inference: {} };
const result = { message: sensitive({ role: "assistant", content: [{ type: "text", text: "hello" }] }), stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } };
const family = nativeFamilyFor(LLAMA)!;
const body = { prompt: "hi" };
const nativeInput = { modelId: LLAMA, family, decoded: family.decode(body, LLAMA), service: {}, raw: sensitive(new TextEncoder().encode(JSON.stringify(body))) };
async function* events(): AsyncGenerator<StreamEvent> {
  yield { type: "messageStart", role: "assistant" };
  yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "hello" }) };
  yield { type: "messageStop", stopReason: "end_turn" };
  yield { type: "metadata", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } };
}

/** Each logged operation's output as its operation hands it to the guards, and where its stream is. */
const OPS: Record<string, { output: () => Record<string, unknown>; stream?: string }> = {
  Converse: { output: () => ({ value: result, startedAt: 0, requested: {} }) },
  InvokeModel: { output: () => ({ kind: "converse", result, input: nativeInput, startedAt: 0 }) },
  ConverseStream: { output: () => ({ value: events(), startedAt: 0, requested: {} }), stream: "value" },
  InvokeModelWithResponseStream: { output: () => ({ events: events(), input: nativeInput }), stream: "events" },
};

async function run(recorder: ReturnType<typeof recorderWith>, name: string, output: Record<string, unknown>) {
  const step = { op: { name } as Operation, ctx: ctx(), resource: "*", input: cmd };
  await recorder.admission.admit(step);
  return recorder.guard.guardOutput(step, output) as Promise<Record<string, unknown>>;
}

async function drain(stream: unknown): Promise<void> {
  for await (const _ of stream as AsyncIterable<unknown>) { /* as the encoder would */ }
}

describe("the invocation log recorder", () => {
  for (const [name, { output, stream }] of Object.entries(OPS)) {
    for (const [why, config] of [["logging is off", undefined], ["no delivery flag is on", OFF]] as const) {
      it(`${name}, when ${why}: hands back the very same output (no stream wrapped, nothing kept) and records nothing`, async () => {
        const recorder = recorderWith(config);
        const out = output();
        assert.equal(await run(recorder, name, out), out);
        assert.deepEqual(recorder.written, []);
      });
    }

    it(`${name}, with text delivery on: one record${stream ? ", written only once the stream has ended" : " before the answer is handed on"}`, async () => {
      const recorder = recorderWith(TEXT);
      const out = await run(recorder, name, output());
      if (stream) {
        assert.equal(recorder.written.length, 0);
        await drain(out[stream]);
      }
      assert.deepEqual(recorder.written.map((r) => [r.operation, r.requestId, r.modelId, r.output.outputTokenCount, r.streamOutcome]),
        [[name, "req-1", LLAMA, 2, stream ? "completed" : undefined]]);
      assert.equal(recorder.lookups(), 1, "the configuration is read once, at admission");
    });

    it(`${name}: a record that cannot be written is reported and the call goes on`, async () => {
      const recorder = recorderWith(TEXT, true);
      const out = await run(recorder, name, output());
      if (stream) await drain(out[stream]);
      assert.equal(recorder.faults.length, 1);
    });
  }

  it("a configuration that cannot be read is reported and counts as off", async () => {
    const recorder = recorderWith(new Error("database gone"));
    const out = OPS["ConverseStream"]!.output();
    assert.equal(await run(recorder, "ConverseStream", out), out);
    assert.equal(recorder.faults.length, 1);
  });

  it("other operations are neither looked up nor recorded", async () => {
    const recorder = recorderWith(TEXT);
    const out = { any: "thing" };
    assert.equal(await run(recorder, "CountTokens", out), out);
    assert.equal(recorder.lookups(), 0);
    assert.deepEqual(recorder.written, []);
  });
});
