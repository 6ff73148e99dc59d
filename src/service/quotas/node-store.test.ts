import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MemoryQuotaStore } from "./memory-store.js";
import { NodeQuotaStore, answerQuotaRequest } from "./node-store.js";
import type { QuotaTransport } from "./node-store.js";

/** A clock that moves only when told: buckets do not refill while a test runs. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** The primary's side, in this process: every worker's requests reach one set of buckets. */
function holder(clock: () => number): { transport: QuotaTransport; calls: () => number } {
  const buckets = new MemoryQuotaStore(clock);
  let calls = 0;
  return { transport: { call: async (r) => { calls++; return answerQuotaRequest(buckets, r); } }, calls: () => calls };
}

const silent: QuotaTransport = { call: () => new Promise(() => undefined) };
const broken: QuotaTransport = { call: async () => { throw new Error("channel closed"); } };

async function admitted(store: NodeQuotaStore, key: string, perMinute: number, tries: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < tries; i++) if ((await store.take(key, perMinute, 1)).ok) n++;
  return n;
}

describe("NodeQuotaStore", () => {
  it("the limit holds for the node: two workers together take no more than it", async () => {
    const clock = manualClock();
    const { transport } = holder(clock.now);
    const [a, b] = [new NodeQuotaStore(transport, { workers: 2, now: clock.now }), new NodeQuotaStore(transport, { workers: 2, now: clock.now })];
    const results = await Promise.all([admitted(a, "k", 5, 5), admitted(b, "k", 5, 5)]);
    assert.equal(results[0]! + results[1]!, 5);
    const refused = await b.take("k", 5, 1);
    assert.equal(refused.ok, false);
    // A refund through one worker is a unit the other can take.
    await a.adjust("k", 5, -1);
    assert.equal((await b.take("k", 5, 1)).ok, true);
  });

  const unreachable = [["does not answer", silent], ["cannot be reached", broken]] as const;
  for (const [what, transport] of unreachable) {
    it(`when the holder ${what}, a worker counts alone with limit/workers, never unlimited, and warns once`, async () => {
      const clock = manualClock();
      const warnings: string[] = [];
      let asked = 0;
      const counted: QuotaTransport = { call: (r) => { asked++; return transport.call(r); } };
      const store = new NodeQuotaStore(counted, { workers: 3, timeoutMs: 20, now: clock.now, onFallback: (r) => warnings.push(r) });
      assert.equal(await admitted(store, "k", 9, 10), 3);
      // Counted, not timed: once alone, no call asks (and so waits for) the holder again until the retry time.
      assert.equal(asked, 1, "a call asked the holder more than once");
      assert.equal(store.alone, true);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /quota holder/);
    });
  }

  it("takeAll goes to the holder as one request; alone, it takes limit/workers of each bucket, all or nothing", async () => {
    const clock = manualClock();
    const held = holder(clock.now);
    const store = new NodeQuotaStore(held.transport, { workers: 2, now: clock.now });
    const both = [{ key: "r", perMinute: 4, cost: 1 }, { key: "t", perMinute: 100, cost: 60 }];
    assert.deepEqual(await store.takeAll(both), { ok: true });
    assert.equal(held.calls(), 1, "one request for both buckets");
    assert.deepEqual(await store.takeAll(both), { ok: false, index: 1, retryAfterMs: 12_000 });
    const alone = new NodeQuotaStore(broken, { workers: 2, now: clock.now });
    assert.deepEqual(await alone.takeAll([{ key: "r", perMinute: 4, cost: 1 }, { key: "t", perMinute: 100, cost: 50 }]), { ok: true });
    assert.deepEqual(await alone.takeAll([{ key: "r", perMinute: 4, cost: 1 }, { key: "t", perMinute: 100, cost: 1 }]), { ok: false, index: 1, retryAfterMs: 1_200 });
    assert.deepEqual(await alone.takeAll([{ key: "r", perMinute: 4, cost: 1 }]), { ok: true }, "the refused takeAll charged no request");
    assert.equal((await alone.takeAll([{ key: "r", perMinute: 4, cost: 1 }])).ok, false, "2 of 4 for this worker alone");
  });

  it("a share is at least one call, however many workers", async () => {
    const clock = manualClock();
    const store = new NodeQuotaStore(broken, { workers: 8, now: clock.now });
    assert.equal(await admitted(store, "k", 3, 3), 1);
  });

  it("asks the holder again after retryAfterMs, and counts with it once it answers", async () => {
    const clock = manualClock();
    let up = false;
    const { transport: held, calls } = holder(clock.now);
    const transport: QuotaTransport = { call: (r) => (up ? held.call(r) : broken.call(r)) };
    const store = new NodeQuotaStore(transport, { workers: 2, retryAfterMs: 1_000, now: clock.now });
    await store.take("k", 10, 1);
    assert.equal(store.alone, true);
    up = true;
    await store.take("k", 10, 1);
    assert.equal(calls(), 0, "asked the holder before retryAfterMs");
    clock.advance(1_000);
    assert.equal(await admitted(store, "k", 10, 20), 10);
    assert.equal(store.alone, false);
    assert.equal(calls(), 20);
  });
});

describe("NodeQuotaStore: an answer that is not one", () => {
  // Only an adjust is answered with nothing; a take answered with nothing (or garbage) must not be
  // read as "admitted", or a confused holder would make every quota unlimited.
  const answers: [string, unknown][] = [["nothing", undefined], ["null", null], ["a string", "OK"], ["an object without ok", { retryAfterMs: 5 }]];
  for (const [name, answer] of answers) {
    it(`a take answered with ${name} is counted here instead, never admitted unlimited`, async () => {
      const clock = manualClock();
      const reasons: string[] = [];
      const confused: QuotaTransport = { call: async () => answer as never };
      const store = new NodeQuotaStore(confused, { workers: 1, now: clock.now, onFallback: (r) => reasons.push(r) });
      assert.equal(await admitted(store, "k", 2, 5), 2);
      assert.equal((await store.takeAll([{ key: "j", perMinute: 1, cost: 1 }, { key: "i", perMinute: 1, cost: 1 }])).ok, true);
      assert.equal((await store.takeAll([{ key: "j", perMinute: 1, cost: 1 }])).ok, false);
      assert.equal(reasons.length, 1, "the operator is told once");
    });
  }
});
