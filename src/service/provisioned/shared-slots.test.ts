import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedSlots } from "./shared-slots.js";
import type { SlotTransport } from "./shared-slots.js";
import { capacitySlotsContract } from "./slots-contract.js";
import { LocalSlots } from "./slots.js";

/** The holder's side, in this process: a semaphore of leases on a clock the test moves. */
function holder(clock: () => number) {
  const pools = new Map<string, Map<string, number>>();
  const live = (pool: string) => {
    const leases = pools.get(pool) ?? new Map<string, number>();
    for (const [id, until] of leases) if (until <= clock()) leases.delete(id);
    pools.set(pool, leases);
    return leases;
  };
  const transport: SlotTransport = {
    acquire: async (pool, limit, id, leaseMs) => {
      const leases = live(pool);
      if (leases.size >= limit) return false;
      leases.set(id, clock() + leaseMs);
      return true;
    },
    renew: async (pool, id, leaseMs) => {
      const leases = live(pool);
      if (!leases.has(id)) return false;
      leases.set(id, clock() + leaseMs);
      return true;
    },
    release: async (pool, id) => { live(pool).delete(id); },
  };
  return { transport, held: (pool: string) => live(pool).size };
}

/** A fallback that fails the test: a contract case must be answered by the holder, not pass on memory. */
class NoFallback extends LocalSlots {
  override acquireNow(): never { throw new Error("counted locally in a contract case"); }
}

describe("SharedSlots: the CapacitySlots contract, over a holder in this process", () => {
  capacitySlotsContract(async () => ({ slots: new SharedSlots(holder(() => 0).transport, { fallback: new NoFallback() }), pool: (name) => name }));
});

describe("SharedSlots", () => {
  it("two nodes on one holder share the limit", async () => {
    const { transport } = holder(() => 0);
    const [a, b] = [new SharedSlots(transport, { fallback: new LocalSlots() }), new SharedSlots(transport, { fallback: new LocalSlots() })];
    const held = await a.acquire("p", 1, false);
    assert.ok(held !== undefined);
    assert.equal(await b.acquire("p", 1, false), undefined, "node B took a place node A holds");
    await a.release(held);
    assert.ok((await b.acquire("p", 1, false)) !== undefined, "the place came back for node B");
  });

  const silent: SlotTransport = { acquire: () => new Promise(() => undefined), renew: () => new Promise(() => undefined), release: () => new Promise(() => undefined) };
  const broken: SlotTransport = { acquire: async () => { throw new Error("connection closed"); }, renew: async () => { throw new Error("connection closed"); }, release: async () => { throw new Error("connection closed"); } };
  const garbled = (answer: unknown): SlotTransport => ({ acquire: async () => answer as boolean, renew: async () => true, release: async () => undefined });
  const unreachable: [string, SlotTransport][] = [
    ["does not answer", silent], ["cannot be reached", broken],
    ["answers nothing", garbled(undefined)], ["answers a number", garbled(1)], ["answers a string", garbled("OK")], ["answers an object", garbled({ ok: true })],
  ];
  for (const [what, transport] of unreachable) {
    it(`when the holder ${what}, places are counted here at this process's share (never unlimited), with one warning`, async () => {
      const now = 0;
      const warnings: string[] = [];
      let asked = 0;
      const counted: SlotTransport = { ...transport, acquire: (...args) => { asked++; return transport.acquire(...args); } };
      const slots = new SharedSlots(counted, { fallback: new LocalSlots(2), timeoutMs: 20, now: () => now, onFallback: (r) => warnings.push(r) });
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await slots.acquire("p", 4, false));
      assert.equal(answers.filter((a) => a !== undefined).length, 2, "4 places over 2 processes: 2 here");
      assert.equal(asked, 1, "once alone, the holder is not asked again until the retry time");
      assert.equal(warnings.length, 1);
      assert.equal(slots.alone, true);
      await slots.release(answers[0]!);
      assert.ok((await slots.acquire("p", 4, false)) !== undefined, "a local place released is free again");
    });
  }

  it("asks the holder again after retryAfterMs; a place taken alone is given back alone", async () => {
    let now = 0;
    let up = false;
    const held = holder(() => now);
    const transport: SlotTransport = { acquire: (...a) => (up ? held.transport.acquire(...a) : broken.acquire(...a)), renew: (...a) => held.transport.renew(...a), release: (...a) => held.transport.release(...a) };
    const slots = new SharedSlots(transport, { fallback: new LocalSlots(), retryAfterMs: 1_000, now: () => now });
    const local = await slots.acquire("p", 1, false);
    assert.ok(local !== undefined && slots.alone);
    up = true;
    now += 1_000;
    const shared = await slots.acquire("p", 1, false);
    assert.ok(shared !== undefined, "the holder's pool was empty");
    assert.equal(slots.alone, false);
    assert.equal(held.held("p"), 1);
    await slots.release(local);
    assert.equal(held.held("p"), 1, "the local release did not touch the holder's lease");
    await slots.release(shared);
    assert.equal(held.held("p"), 0);
  });

  it("a lease is renewed while its call runs, and lapses once the node stops renewing it", async () => {
    let now = 0;
    const held = holder(() => now);
    const slots = new SharedSlots(held.transport, { fallback: new LocalSlots(), leaseMs: 60 });
    const hold = await slots.acquire("p", 1, false);
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 25));
      now += 25;
    }
    assert.equal(held.held("p"), 1, "the lease lapsed though its call runs");
    await slots.release(hold!);
    // A node that dies stops renewing: its lease (taken straight on the transport here) lapses.
    assert.equal(await held.transport.acquire("q", 1, "dead", 60), true);
    now += 60;
    assert.equal(held.held("q"), 0);
  });
});
