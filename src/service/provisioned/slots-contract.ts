import assert from "node:assert/strict";
import { it } from "node:test";
import type { CapacitySlots } from "./slots.js";

/**
 * What every CapacitySlots must do, run against each (LocalSlots here, the Redis semaphore in
 * src/redis/): a pool admits `limit` calls at once and no more, however many ask at the same
 * moment; a release gives exactly one place back, however often it is called. Expiry belongs to
 * shared leases alone (a process holding a place in memory is alive by definition), so it is
 * tested with the Redis store. `fresh` gives a store and a pool name nobody used.
 */
export function capacitySlotsContract(fresh: () => Promise<{ slots: CapacitySlots; pool: (name: string) => string }>): void {
  it("admits up to the limit, refuses the next, and a release gives a place back", async () => {
    const { slots, pool } = await fresh();
    const p = pool("limit");
    const held = [await slots.acquire(p, 2, false), await slots.acquire(p, 2, false)];
    assert.ok(held.every((h) => h !== undefined));
    assert.equal(await slots.acquire(p, 2, false), undefined);
    await slots.release(held[0]!);
    const again = await slots.acquire(p, 2, false);
    assert.ok(again !== undefined, "the released place is free again");
    assert.equal(await slots.acquire(p, 2, false), undefined);
  });

  it("a release is idempotent: releasing one hold twice frees one place, not two", async () => {
    const { slots, pool } = await fresh();
    const p = pool("twice");
    const [a, b] = [await slots.acquire(p, 2, false), await slots.acquire(p, 2, false)];
    await slots.release(a!);
    await slots.release(a!);
    assert.ok((await slots.acquire(p, 2, false)) !== undefined);
    assert.equal(await slots.acquire(p, 2, false), undefined, "the double release made a third place");
    await slots.release(b!);
  });

  it("many acquires at once: exactly the limit is admitted", async () => {
    const { slots, pool } = await fresh();
    const p = pool("burst");
    const answers = await Promise.all(Array.from({ length: 40 }, () => slots.acquire(p, 5, false)));
    assert.equal(answers.filter((a) => a !== undefined).length, 5);
    await Promise.all(answers.filter((a) => a !== undefined).map((a) => slots.release(a)));
    const after = await Promise.all(Array.from({ length: 40 }, () => slots.acquire(p, 5, false)));
    assert.equal(after.filter((a) => a !== undefined).length, 5, "every place came back, and no more");
  });

  it("a limit of 0 admits nothing; pools are independent", async () => {
    const { slots, pool } = await fresh();
    assert.equal(await slots.acquire(pool("none"), 0, false), undefined);
    assert.ok((await slots.acquire(pool("a"), 1, false)) !== undefined);
    assert.equal(await slots.acquire(pool("a"), 1, false), undefined);
    assert.ok((await slots.acquire(pool("b"), 1, false)) !== undefined);
  });
}
