import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../../kernel/index.js";
import { MemoryQuotaStore } from "./memory-store.js";
import { ServiceQuotas, quotaFault } from "./service-quotas.js";
import type { QuotaRules } from "./limits.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const OTHER = "mistral.mistral-7b-instruct-v0:2";

function quotas(rules: QuotaRules) {
  let now = 0;
  const store = new MemoryQuotaStore(() => now);
  return { quotas: new ServiceQuotas(store, rules), store, advance: (ms: number) => { now += ms; } };
}

describe("service quotas", () => {
  it("the N+1th request in a minute is refused by rpm; another account and another model are not", async () => {
    const { quotas: q } = quotas({ requestsPerMinute: 3, models: [] });
    for (let i = 0; i < 3; i++) assert.equal((await q.admit("111111111111", MODEL, 0)).ok, true);
    assert.deepEqual(await q.admit("111111111111", MODEL, 0), { ok: false, reason: "rpm", retryAfterMs: 20_000 });
    assert.equal((await q.admit("222222222222", MODEL, 0)).ok, true);
    assert.equal((await q.admit("111111111111", OTHER, 0)).ok, true);
  });

  it("requests come back with refill, one every 60/rpm seconds", async () => {
    const { quotas: q, advance } = quotas({ requestsPerMinute: 2, models: [] });
    await q.admit("a", MODEL, 0);
    await q.admit("a", MODEL, 0);
    assert.equal((await q.admit("a", MODEL, 0)).ok, false);
    advance(29_999);
    assert.equal((await q.admit("a", MODEL, 0)).ok, false);
    advance(1);
    assert.equal((await q.admit("a", MODEL, 0)).ok, true);
  });

  it("tpm refuses on the estimate and gives the request back, so rpm counts only admitted calls", async () => {
    const { quotas: q } = quotas({ requestsPerMinute: 2, tokensPerMinute: 100, models: [] });
    assert.equal((await q.admit("a", MODEL, 80)).ok, true);
    assert.deepEqual(await q.admit("a", MODEL, 30), { ok: false, reason: "tpm", retryAfterMs: 6_000 });
    assert.equal((await q.admit("a", MODEL, 20)).ok, true, "the refused call did not use up the second request");
  });

  it("settling charges the real usage: an overrun is a debt, an unused estimate is refunded", async () => {
    const { quotas: q } = quotas({ tokensPerMinute: 100, models: [] });
    const first = await q.admit("a", MODEL, 10);
    assert.ok(first.ok && first.reservation);
    await q.settle(first.reservation, 100);
    assert.equal((await q.admit("a", MODEL, 1)).ok, false, "the call really used the whole minute");

    const { quotas: r } = quotas({ tokensPerMinute: 100, models: [] });
    const big = await r.admit("a", MODEL, 90);
    assert.ok(big.ok && big.reservation);
    await r.settle(big.reservation, 5);
    assert.equal((await r.admit("a", MODEL, 95)).ok, true, "85 unused tokens came back");
  });

  it("a model's override replaces the default it names and inherits the other", async () => {
    const { quotas: q } = quotas({ requestsPerMinute: 1, tokensPerMinute: 50, models: [{ model: "us." + MODEL, requestsPerMinute: 2 }] });
    assert.equal((await q.admit("a", "us." + MODEL, 10)).ok, true);
    assert.equal((await q.admit("a", "us." + MODEL, 10)).ok, true);
    assert.deepEqual((await q.admit("a", "us." + MODEL, 10)).ok, false);
    assert.deepEqual(await q.admit("a", "us." + MODEL + "x", 60), { ok: true, reservation: { key: `a\u0000us.${MODEL}x\u0000tpm`, perMinute: 50, charged: 50 } });
  });

  it("without limits nothing is counted", async () => {
    const { quotas: q, store } = quotas({ models: [{ model: MODEL }] });
    assert.equal(q.unlimited, true);
    assert.deepEqual(await q.admit("a", MODEL, 1e9), { ok: true });
    assert.equal(store.size, 0);
  });

  for (const [reason, message] of [["rpm", "Too many requests, please wait before trying again."], ["tpm", "Too many tokens, please wait before trying again."]] as const) {
    it(`refuses by ${reason} as throttling, with Bedrock's message`, () => {
      const f = quotaFault(reason);
      assert.ok(isFault(f));
      assert.equal(f.kind, "throttling");
      assert.equal(f.message, message);
    });
  }
});
