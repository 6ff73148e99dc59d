import assert from "node:assert/strict";
import { it } from "node:test";
import type { QuotaStore } from "./store.js";

/**
 * What every QuotaStore must do, as one table run against each store (the memory store here, the
 * Redis one in src/redis/): the same arithmetic as token-bucket.ts, on a clock that runs. The
 * limits are chosen so that the refill during a test never changes an outcome (at most 1 unit
 * every 6 s on the capacities below, against charges of whole units), and a retry-after is
 * checked within 80% to 100% of its exact value on a clock that stood still.
 * `fresh` gives a store and a key nobody used.
 */
export interface ContractCase {
  readonly name: string;
  readonly steps: readonly Step[];
}

type Step =
  | { readonly take: number; readonly perMinute: number; readonly ok: true }
  | { readonly take: number; readonly perMinute: number; readonly ok: false; /** retryAfterMs lies in (min, max]. */ readonly retryAfter: readonly [number, number] }
  | { readonly adjust: number; readonly perMinute: number };

const take = (n: number, perMinute: number) => ({ take: n, perMinute, ok: true as const });
const refused = (n: number, perMinute: number, retryAfter: readonly [number, number]) => ({ take: n, perMinute, ok: false as const, retryAfter });
const adjust = (n: number, perMinute: number) => ({ adjust: n, perMinute });

export const CONTRACT: readonly ContractCase[] = [
  { name: "a new bucket is full: a minute's worth at once, then a refusal with the time one unit takes to refill", steps: [
    take(1, 3), take(1, 3), take(1, 3), refused(1, 3, [16_000, 20_000]),
  ] },
  { name: "a refused take leaves the bucket as it was", steps: [
    take(2, 3), refused(2, 3, [16_000, 20_000]), take(1, 3), refused(1, 3, [16_000, 20_000]),
  ] },
  { name: "a cost over the capacity is charged as the capacity on a full bucket, never refused for ever", steps: [
    take(500, 10), refused(1, 10, [4_800, 6_000]),
  ] },
  { name: "a zero cost is admitted on an empty bucket (as rpm's refund path needs)", steps: [
    take(3, 3), take(0, 3),
  ] },
  { name: "an adjust charges more, all of it as a debt paid back before the next take", steps: [
    take(1, 10), adjust(1_000, 10), refused(1, 10, [4_761_600, 5_952_000]),
  ] },
  { name: "a debt is bounded by a day's quota", steps: [
    take(1, 10), adjust(1e12, 10), refused(1, 10, [69_124_800, 86_406_000]),
  ] },
  { name: "a negative adjust refunds, up to the capacity and no more", steps: [
    take(10, 10), adjust(-5, 10), take(5, 10), refused(1, 10, [4_800, 6_000]), adjust(-1_000, 10), take(10, 10), refused(1, 10, [4_800, 6_000]),
  ] },
  { name: "an adjust on a bucket never used starts from full", steps: [
    adjust(4, 6), take(2, 6), refused(1, 6, [8_000, 10_000]),
  ] },
];

/** Registers the table's cases (and one on key independence) as tests of `fresh()`'s store. */
export function quotaStoreContract(fresh: () => Promise<{ store: QuotaStore; key: (name: string) => string }>): void {
  for (const c of CONTRACT) {
    it(c.name, async () => {
      const { store, key } = await fresh();
      const k = key("bucket");
      for (const [i, step] of c.steps.entries()) {
        if ("adjust" in step) {
          await store.adjust(k, step.perMinute, step.adjust);
          continue;
        }
        const answer = await store.take(k, step.perMinute, step.take);
        assert.equal(answer.ok, step.ok, `step ${i}: take ${step.take} of ${step.perMinute}`);
        if (!answer.ok && !step.ok) {
          assert.ok(answer.retryAfterMs > step.retryAfter[0] && answer.retryAfterMs <= step.retryAfter[1], `step ${i}: retryAfterMs ${answer.retryAfterMs} not in (${step.retryAfter[0]}, ${step.retryAfter[1]}]`);
        }
      }
    });
  }
  it("takeAll is all or nothing: when one bucket refuses, none is charged, and the first refusing is named", async () => {
    const { store, key } = await fresh();
    const [rpm, tpm] = [key("all\u0000rpm"), key("all\u0000tpm")];
    assert.deepEqual(await store.takeAll([{ key: rpm, perMinute: 3, cost: 1 }, { key: tpm, perMinute: 10, cost: 8 }]), { ok: true });
    const refused = await store.takeAll([{ key: rpm, perMinute: 3, cost: 1 }, { key: tpm, perMinute: 10, cost: 5 }]);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.index, 1, "the tokens refused");
      assert.ok(refused.retryAfterMs > 14_400 && refused.retryAfterMs <= 18_000, `retryAfterMs ${refused.retryAfterMs}`);
    }
    // The request was not charged by the refused call: 2 of 3 are left.
    assert.equal((await store.take(rpm, 3, 2)).ok, true);
    const first = await store.takeAll([{ key: rpm, perMinute: 3, cost: 1 }, { key: tpm, perMinute: 10, cost: 50 }]);
    assert.equal(first.ok, false);
    if (!first.ok) assert.equal(first.index, 0, "the first refusing bucket, in order, is named");
    assert.deepEqual(await store.takeAll([]), { ok: true });
  });

  it("buckets are independent per key", async () => {
    const { store, key } = await fresh();
    const [a, b] = [key("a\u0000model\u0000rpm"), key("b\u0000model\u0000rpm")];
    assert.equal((await store.take(a, 1, 1)).ok, true);
    assert.equal((await store.take(a, 1, 1)).ok, false);
    assert.equal((await store.take(b, 1, 1)).ok, true);
  });
}
