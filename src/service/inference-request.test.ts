import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../kernel/index.js";
import type { ConverseRequest, ConverseResult, RequestContext, StreamEvent } from "../kernel/index.js";
import type { ModelProvider } from "../providers/port.js";
import { ModelCatalogue } from "./catalogue.js";
import type { ConverseCommand } from "./commands.js";
import { InferenceService } from "./inference.js";

/**
 * The use case hands the provider every option the command carries (response field paths,
 * Anthropic options), under the model's upstream name. The provider here records what it is
 * asked; what adapters do with it is the provider contract suite's business.
 */
function recording(): { provider: ModelProvider; asked: ConverseRequest[] } {
  const asked: ConverseRequest[] = [];
  const result: ConverseResult = { message: sensitive({ role: "assistant", content: [{ type: "text", text: "ok" }] }), stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
  const provider = {
    id: "p",
    converse: async (request: ConverseRequest) => (asked.push(request), result),
    converseStream: (request: ConverseRequest) => (asked.push(request), (async function* (): AsyncGenerator<StreamEvent> { yield { type: "messageStart", role: "assistant" }; })()),
  } as unknown as ModelProvider;
  return { provider, asked };
}

const ctx = { signal: new AbortController().signal, notes: {} } as RequestContext;

describe("InferenceService passes the command's options to the provider", () => {
  const { provider, asked } = recording();
  const catalogue = new ModelCatalogue([{
    modelId: "test.model-v1", name: "t", providerName: "Test", inputModalities: ["TEXT"], outputModalities: ["TEXT"], streaming: true,
    lifecycle: "ACTIVE", providerId: "p", upstreamModel: "upstream-1", processingRegion: "eu-west-2", timeoutMs: 1000,
  }], new Map([["p", provider]]));
  const service = new InferenceService(catalogue);
  const conversation = sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] });
  const cmd: ConverseCommand = {
    modelId: "test.model-v1", conversation, inference: { maxTokens: 5, serviceTier: "flex" },
    responseFieldPaths: ["/delta/stop_sequence"], anthropic: { betas: ["b-1"] },
  };

  it("Converse and ConverseStream alike", async () => {
    await service.converse(cmd, ctx);
    for await (const _ of await service.converseStream(cmd, ctx)) { /* drain */ }
    assert.equal(asked.length, 2);
    for (const request of asked) {
      assert.deepEqual({ ...request, conversation: undefined }, {
        model: "upstream-1", conversation: undefined, inference: { maxTokens: 5, serviceTier: "flex" },
        responseFieldPaths: ["/delta/stop_sequence"], anthropic: { betas: ["b-1"] },
      });
    }
  });

  it("and adds nothing the command does not carry", async () => {
    asked.length = 0;
    await service.converse({ modelId: "test.model-v1", conversation, inference: {} }, ctx);
    assert.deepEqual(Object.keys(asked[0] ?? {}).sort(), ["conversation", "inference", "model"]);
  });
});
