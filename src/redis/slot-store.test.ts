import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { redisSkip, TEST_REDIS_URL } from "../../test/support/redis.js";
import { LocalSlots } from "../service/provisioned/index.js";
import { capacitySlotsContract } from "../service/provisioned/slots-contract.js";
import { redisCapacitySlots, redisSlotTransport } from "./slot-transport.js";
import { link, ready, redisUnder } from "./redis.fixture.js";

const skip = await redisSkip();



/** A fallback that fails the case: every place must be counted in Redis, not pass on memory. */
class NoFallback extends LocalSlots {
  override acquireNow(): never { throw new Error("counted locally: Redis did not answer"); }
}

describe("Redis capacity slots: the CapacitySlots contract, against the real Redis", { skip }, () => {
  const prefix = `plinth-test-slots-${randomBytes(4).toString("hex")}:`;
  const shared = redisUnder(prefix);

  let n = 0;
  // A wait of 1 s rather than 100 ms: forty scripts at once on a loaded machine must not fall back.
  capacitySlotsContract(async () => {
    const scope = `case${n++}\u0000`;
    return { slots: redisCapacitySlots(shared().commands, prefix, new NoFallback(), () => undefined, { timeoutMs: 1_000 }), pool: (name) => scope + name };
  });

  it("a lease not renewed expires (a node that died), and its place comes back", async () => {
    const transport = redisSlotTransport(shared().commands, prefix);
    assert.equal(await transport.acquire("expiry", 1, "dead-node-lease", 200), true);
    assert.equal(await transport.acquire("expiry", 1, "other", 200), false);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await transport.renew("expiry", "dead-node-lease", 200), false, "an expired lease cannot be renewed");
    assert.equal(await transport.acquire("expiry", 1, "other", 200), true, "the expired place is free");
  });

  it("a lease renewed while its call runs outlives its first expiry", async () => {
    const slots = redisCapacitySlots(shared().commands, prefix, new NoFallback(), () => undefined, { leaseMs: 300, timeoutMs: 1_000 });
    const hold = await slots.acquire("renewed", 1, false);
    assert.ok(hold !== undefined);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await slots.acquire("renewed", 1, false), undefined, "the running call's place was taken");
    await slots.release(hold);
    assert.ok((await slots.acquire("renewed", 1, false)) !== undefined);
  });

  it("keys are under the prefix and expire with their longest lease", async () => {
    const transport = redisSlotTransport(shared().commands, prefix);
    await transport.acquire("on-demand\u0000p", 2, "x", 5_000);
    const ttl = await shared().commands.pttl(`${prefix}slots:on-demand\u0000p`);
    assert.ok(ttl > 4_000 && ttl <= 5_000, `pttl ${ttl}`);
    await transport.release("on-demand\u0000p", "x");
  });

  it("two nodes (two connections), many acquires at once: exactly the limit across both", async () => {
    const other = link(TEST_REDIS_URL, prefix);
    await ready(other);
    try {
      const nodes = [shared(), other].map((r) => redisCapacitySlots(r.commands, r.prefix, new NoFallback(), () => undefined, { timeoutMs: 1_000 }));
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => nodes[i % 2]!.acquire("shared", 3, false)));
      assert.equal(answers.filter((a) => a !== undefined).length, 3);
      await Promise.all(answers.map((a, i) => (a === undefined ? undefined : nodes[i % 2]!.release(a))));
      assert.equal(await shared().commands.zcard(`${prefix}slots:shared`), 0, "every lease released");
    } finally {
      await other.close();
    }
  });
});

describe("Redis capacity slots: Redis unreachable", () => {
  it("counts in this process at its share (never unlimited) and warns once", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const redis = link(`redis://127.0.0.1:${port}`, "plinth-test-slots-down:");
    try {
      const reasons: string[] = [];
      const slots = redisCapacitySlots(redis.commands, redis.prefix, new LocalSlots(2), (reason) => reasons.push(reason));
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await slots.acquire("p", 4, false));
      assert.equal(answers.filter((a) => a !== undefined).length, 2, "4 places over 2 processes: 2 here");
      assert.equal(reasons.length, 1, "one warning, not one per call");
      assert.match(reasons[0]!, /^Redis cannot be reached/);
      await slots.release(answers[0]!);
      assert.ok((await slots.acquire("p", 4, false)) !== undefined, "a place released while alone is free again");
    } finally {
      await redis.close();
    }
  });
});
