import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../kernel/index.js";
import type { NotedUsage, RequestContext, RequestNotes } from "../kernel/index.js";
import { CapacityGate, CapacityPlan, LocalSlots } from "../service/provisioned/index.js";
import { MemoryQuotaStore, ServiceQuotas } from "../service/quotas/index.js";
import { capacityHooks } from "./capacity-admission.js";
import type { Admission, Step } from "./hooks.js";
import type { ExchangeObserver, ExchangeRecord, StepName } from "./observe.js";
import type { Operation } from "./operation.js";
import { quotaHooks } from "./quota-admission.js";

/**
 * Settling a call's tokens when the provider's count is missing or nonsense. Only a call that
 * was answered with an error (nothing delivered) gives its estimate back: a stream the client
 * left before its usage came, one cut short upstream, or a provider that reported nothing (or
 * garbage) keeps the estimate charged. Otherwise a caller reading a stream and hanging up before
 * its last event would use tokens per minute for nothing, without limit.
 */
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const LIMIT = 100;
const entry = { model: { modelId: MODEL, providerId: "p" } };

type Hooks = { readonly admission: Admission; readonly observer: ExchangeObserver };
const surfaces: [string, () => Hooks][] = [
  ["service quotas", () => quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), { tokensPerMinute: LIMIT, models: [] }), () => undefined)],
  ["provisioned capacity", () => {
    const plan = new CapacityPlan([{ id: "p", capacity: { tokensPerMinute: LIMIT, modelUnitTokensPerMinute: LIMIT, activationSeconds: 0 } }]);
    return capacityHooks(new CapacityGate(plan, async () => 0, new MemoryQuotaStore(() => 0), new LocalSlots()), () => undefined);
  }],
];

const step = (notes: RequestNotes, maxTokens: number): Step => ({
  op: { action: "bedrock:InvokeModelWithResponseStream" } as Operation,
  ctx: { principal: { accountId: "111111111111" }, notes } as unknown as RequestContext,
  resource: "", input: { resolution: { modelId: MODEL, entry }, inference: { maxTokens } }, bodyBytes: 0,
});

const endings: { name: string; usage?: NotedUsage; refusedAt?: StepName; keeps: boolean }[] = [
  { name: "a stream the client left before its usage: the estimate stays charged", keeps: true },
  { name: "a provider reporting zero for an answer given: the estimate stays charged", usage: { inputTokens: 0, outputTokens: 0 }, keeps: true },
  { name: "a NaN count: the estimate stays charged", usage: { inputTokens: Number.NaN, outputTokens: 5 }, keeps: true },
  { name: "a negative count cannot cancel a real one", usage: { inputTokens: -1_000_000, outputTokens: 1_000_000 }, keeps: true },
  { name: "a fractional or infinite count: the estimate stays charged", usage: { inputTokens: Number.POSITIVE_INFINITY, outputTokens: 0.5 }, keeps: true },
  { name: "a call refused before it ran gives the estimate back", refusedAt: "guard-input", keeps: false },
  { name: "a call answered with an error gives the estimate back", refusedAt: "invoke", keeps: false },
];

for (const [surface, make] of surfaces) {
  describe(`${surface}: settling a call whose usage is missing or nonsense`, () => {
    for (const ending of endings) {
      it(ending.name, async () => {
        const hooks = make();
        const notes: RequestNotes = {};
        await hooks.admission.admit(step(notes, LIMIT));
        if (ending.usage) notes.usage = ending.usage;
        hooks.observer.observe({ notes, status: ending.refusedAt ? 500 : 200, ...(ending.refusedAt ? { refusedAt: ending.refusedAt } : {}) } as ExchangeRecord);
        await new Promise((r) => setImmediate(r));
        const next = hooks.admission.admit(step({}, LIMIT / 2));
        if (ending.keeps) await assert.rejects(next, (e: unknown) => isFault(e) && e.kind === "throttling");
        else await next;
      });
    }
  });
}

describe("an answer far beyond its estimate (no maxTokens stated) is charged in full", () => {
  it("one call using fifty minutes' tokens is not forgiven two minutes later", async () => {
    let now = 0;
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => now), { tokensPerMinute: 1_000, models: [] }), () => undefined);
    const unstated = (notes: RequestNotes): Step => ({ ...step(notes, 0), input: { resolution: { modelId: MODEL, entry }, inference: {} } });
    const notes: RequestNotes = {};
    await hooks.admission.admit(unstated(notes));
    notes.usage = { inputTokens: 10, outputTokens: 50_000 };
    hooks.observer.observe({ notes, status: 200 } as ExchangeRecord);
    await new Promise((r) => setImmediate(r));
    now += 2 * 60_000;
    await assert.rejects(hooks.admission.admit(unstated({})), (e: unknown) => isFault(e) && e.kind === "throttling");
  });
});

for (const [surface, make] of surfaces) {
  it(`${surface}: an exchange observed twice is settled once (no double refund)`, async () => {
    const hooks = make();
    const a: RequestNotes = {};
    await hooks.admission.admit(step(a, LIMIT / 2));
    await hooks.admission.admit(step({}, LIMIT / 2));
    const failed = { notes: a, status: 500, refusedAt: "invoke" } as ExchangeRecord;
    hooks.observer.observe(failed);
    hooks.observer.observe(failed);
    await new Promise((r) => setImmediate(r));
    await assert.rejects(hooks.admission.admit(step({}, LIMIT / 2 + 10)), (e: unknown) => isFault(e) && e.kind === "throttling");
  });
}

describe("prompt caching: cache writes count toward tokens per minute, cache reads do not (as Bedrock counts them)", () => {
  for (const [surface, make] of surfaces) {
    it(`${surface}: a call whose prompt went to the cache is charged for writing it`, async () => {
      const hooks = make();
      const notes: RequestNotes = {};
      await hooks.admission.admit(step(notes, 10));
      // Anthropic counts cache writes apart from input_tokens: the prompt was 95 tokens, all written to the cache.
      notes.usage = { inputTokens: 1, outputTokens: 4, cacheWriteInputTokens: 95 };
      hooks.observer.observe({ notes, status: 200 } as ExchangeRecord);
      await new Promise((r) => setImmediate(r));
      await assert.rejects(hooks.admission.admit(step({}, 10)), (e: unknown) => isFault(e) && e.kind === "throttling");
    });

    it(`${surface}: cache reads are not charged`, async () => {
      const hooks = make();
      const notes: RequestNotes = {};
      await hooks.admission.admit(step(notes, 10));
      notes.usage = { inputTokens: 1, outputTokens: 4, cacheReadInputTokens: 95 };
      hooks.observer.observe({ notes, status: 200 } as ExchangeRecord);
      await new Promise((r) => setImmediate(r));
      await hooks.admission.admit(step({}, 90));
    });
  }
});
