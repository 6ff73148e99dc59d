import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../kernel/index.js";
import type { RequestContext, RequestNotes } from "../kernel/index.js";
import { MemoryQuotaStore, ServiceQuotas } from "../service/quotas/index.js";
import type { Step } from "./hooks.js";
import type { ExchangeRecord } from "./observe.js";
import type { Operation } from "./operation.js";
import { UNSTATED_OUTPUT_TOKENS, estimatedTokens, quotaHooks, quotaTargets } from "./quota-admission.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const entry = { model: { modelId: MODEL } };

describe("quota target and token estimate", () => {
  const targets: [string, unknown, readonly string[] | undefined][] = [
    ["a model called directly", { resolution: { modelId: MODEL, entry } }, [MODEL]],
    ["an inference profile: its own quota when configured, else its model's", { resolution: { modelId: MODEL, entry, profile: { id: `us.${MODEL}`, type: "SYSTEM_DEFINED" } } }, [`us.${MODEL}`, MODEL]],
    ["an unknown model: not counted (answered not-found)", { resolution: { modelId: "x.y" } }, undefined],
    ["an input naming no model", { other: 1 }, undefined],
    ["no input", undefined, undefined],
  ];
  for (const [name, input, want] of targets) it(`target: ${name}`, () => assert.deepEqual(quotaTargets(input), want));

  const estimates: [string, unknown, number, number][] = [
    ["Converse, OpenAI chat and responses: inference.maxTokens", { inference: { maxTokens: 100 } }, 400, 200],
    ["Anthropic messages: command.inference.maxTokens", { command: { inference: { maxTokens: 50 } } }, 40, 60],
    ["InvokeModel in a chat family: decoded.command", { decoded: { kind: "converse", command: { inference: { maxTokens: 7 } } } }, 1, 8],
    ["no maximum stated: a fixed reservation", { inference: {} }, 8, 2 + UNSTATED_OUTPUT_TOKENS],
    ["OpenAI embeddings: input only", { texts: {} }, 4001, 1001],
    ["InvokeModel of an embedding model: input only", { decoded: { kind: "embed", command: {} } }, 12, 3],
  ];
  for (const [name, input, bytes, want] of estimates) it(`estimate: ${name}`, () => assert.equal(estimatedTokens(input, bytes), want));
});

describe("quota hooks", () => {
  function setup(rules: ConstructorParameters<typeof ServiceQuotas>[1]) {
    const faults: unknown[] = [];
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), rules), (e) => faults.push(e));
    const step = (action: string, notes: RequestNotes, maxTokens = 100): Step => ({
      op: { action } as Operation,
      ctx: { principal: { accountId: "111111111111" }, notes } as unknown as RequestContext,
      resource: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      input: { resolution: { modelId: MODEL, entry }, inference: { maxTokens } },
      bodyBytes: 0,
    });
    const end = (notes: RequestNotes, refusedAt?: ExchangeRecord["refusedAt"]) => hooks.observer.observe({ notes, ...(refusedAt ? { refusedAt } : {}) } as ExchangeRecord);
    return { hooks, step, end, faults };
  }

  it("refuses the call over rpm with a throttling fault and notes which quota refused", async () => {
    const { hooks, step } = setup({ requestsPerMinute: 1, models: [] });
    await hooks.admission.admit(step("bedrock:InvokeModel", {}));
    const notes: RequestNotes = {};
    await assert.rejects(hooks.admission.admit(step("bedrock:InvokeModelWithResponseStream", notes)),
      (e: unknown) => isFault(e) && e.kind === "throttling" && e.message === "Too many requests, please wait before trying again.");
    assert.equal(notes.quotaExceeded, "rpm");
  });

  it("does not count CountTokens or other actions", async () => {
    const { hooks, step } = setup({ requestsPerMinute: 1, models: [] });
    for (let i = 0; i < 3; i++) await hooks.admission.admit(step("bedrock:CountTokens", {}));
    await hooks.admission.admit(step("bedrock:InvokeModel", {}));
  });

  it("settles each admitted call once its exchange is over: usage reported is charged, a call answered with an error is refunded", async () => {
    const { hooks, step, end } = setup({ tokensPerMinute: 100, models: [] });
    const first: RequestNotes = {};
    await hooks.admission.admit(step("bedrock:InvokeModel", first, 100));
    await assert.rejects(hooks.admission.admit(step("bedrock:InvokeModel", {}, 1)), /Too many tokens/);
    end(first, "invoke"); // answered with an error: nothing used
    await new Promise((r) => setImmediate(r));
    const second: RequestNotes = {};
    await hooks.admission.admit(step("bedrock:InvokeModel", second, 100));
    second.usage = { inputTokens: 60, outputTokens: 30 };
    end(second);
    await new Promise((r) => setImmediate(r));
    await hooks.admission.admit(step("bedrock:InvokeModel", {}, 10));
    await assert.rejects(hooks.admission.admit(step("bedrock:InvokeModel", {}, 1)), /Too many tokens/);
  });
});
