import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../kernel/index.js";
import type { RequestContext } from "../kernel/index.js";
import type { AccountInvocationLogging, LoggingConfig, ModelInvocationLog } from "../service/invocation-logging/index.js";
import type { Operation } from "./operation.js";
import { invocationLogRecorder } from "./invocation-log-recorder.js";

const OFF: LoggingConfig = { textDataDeliveryEnabled: false, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };

function recorderWith(config: LoggingConfig | undefined) {
  const written: ModelInvocationLog[] = [];
  const logging = { config: async () => config, record: async (log: ModelInvocationLog) => { written.push(log); } } as unknown as AccountInvocationLogging;
  return { recorder: invocationLogRecorder(logging), written };
}

const ctx = {
  principal: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/u" }, region: "eu-west-2", requestId: "req-1", receivedAt: new Date("2026-12-05T07:00:00Z"),
} as unknown as RequestContext;
const input = { modelId: "meta.llama3-1-8b-instruct-v1:0", conversation: sensitive({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }), inference: {} };
const output = { value: { message: sensitive({ role: "assistant", content: [{ type: "text", text: "hello" }] }), stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }, startedAt: 0, requested: {} };
const step = (name: string) => ({ op: { name } as Operation, ctx, resource: "*", input });

describe("the invocation log recorder", () => {
  it("records a Converse call when text delivery is on, and hands the output back unchanged", async () => {
    const { recorder, written } = recorderWith({ ...OFF, textDataDeliveryEnabled: true });
    assert.equal(await recorder.guardOutput(step("Converse"), output), output);
    assert.equal(written.length, 1);
    assert.deepEqual({ op: written[0]!.operation, id: written[0]!.requestId, model: written[0]!.modelId, in: written[0]!.input.inputTokenCount, out: written[0]!.output.outputTokenCount },
      { op: "Converse", id: "req-1", model: input.modelId, in: 1, out: 2 });
    assert.deepEqual(written[0]!.input.inputBodyJson, { messages: [{ role: "user", content: [{ text: "hi" }] }] });
  });

  const silent: [string, LoggingConfig | undefined, string][] = [
    ["logging is off", undefined, "Converse"],
    ["only image delivery is on", { ...OFF, imageDataDeliveryEnabled: true }, "Converse"],
    ["the operation is not Converse", { ...OFF, textDataDeliveryEnabled: true }, "ListFoundationModels"],
  ];
  for (const [name, config, op] of silent) {
    it(`records nothing when ${name}`, async () => {
      const { recorder, written } = recorderWith(config);
      assert.equal(await recorder.guardOutput(step(op), output), output);
      assert.equal(written.length, 0);
    });
  }
});
