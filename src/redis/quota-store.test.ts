import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createConnection, createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Logger } from "pino";
import { redisSkip, TEST_REDIS_URL } from "../../test/support/redis.js";
import { MemoryQuotaStore } from "../service/quotas/index.js";
import type { QuotaTake, QuotaTakeAll } from "../service/quotas/index.js";
import { quotaStoreContract } from "../service/quotas/store-contract.js";
import { redisQuotaStore, redisQuotaTransport } from "./quota-transport.js";
import { link, ready, recordingLogger, redisUnder } from "./redis.fixture.js";

const skip = await redisSkip();




describe("Redis quota store: the QuotaStore contract, against the real Redis", { skip }, () => {
  const prefix = `plinth-test-${randomBytes(4).toString("hex")}:`;
  const shared = redisUnder(prefix);

  // The transport alone, with no local stand-in: a Redis failure fails the case instead of passing on memory.
  let n = 0;
  quotaStoreContract(async () => {
    const transport = redisQuotaTransport(shared().commands, prefix);
    const scope = `case${n++}:`;
    return {
      key: (name) => scope + name,
      store: {
        take: async (key, perMinute, cost) => (await transport.call({ op: "take", key, perMinute, cost })) as QuotaTake,
        takeAll: async (takes) => (await transport.call({ op: "takeAll", takes })) as QuotaTakeAll,
        adjust: async (key, perMinute, delta) => { await transport.call({ op: "adjust", key, perMinute, delta }); },
      },
    };
  });

  it("keys are under the prefix and expire once the bucket would be full again", async () => {
    const transport = redisQuotaTransport(shared().commands, prefix);
    await transport.call({ op: "take", key: "acct\u0000model\u0000rpm", perMinute: 6, cost: 3 });
    const ttl = await shared().commands.pttl(`${prefix}quota:acct\u0000model\u0000rpm`);
    // 3 of 6 per minute refill in 30 s; the key lives that long and a second more.
    assert.ok(ttl > 25_000 && ttl <= 31_000, `pttl ${ttl}`);
  });

  it("two nodes (two connections) share one limit: 5 per minute admits 5 of 10 alternating calls", async () => {
    const other = link(TEST_REDIS_URL, prefix);
    await ready(other);
    try {
      const warned: string[] = [];
      const nodes = [shared(), other].map((r) => redisQuotaStore(r.commands, r.prefix, new MemoryQuotaStore(), (reason) => warned.push(reason)));
      let admitted = 0;
      for (let i = 0; i < 10; i++) if ((await nodes[i % 2]!.take("shared\u0000m\u0000rpm", 5, 1)).ok) admitted++;
      assert.equal(admitted, 5);
      assert.deepEqual(warned, [], "every call was counted in Redis");
    } finally {
      await other.close();
    }
  });
});

/** A port nothing listens on: taken, then freed. */
async function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("Redis quota store: Redis unreachable", () => {
  it("counts in the node's own buckets at the full limit (never unlimited) and warns once", async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const redis = link(`redis://127.0.0.1:${port}`, "plinth-test-down:", logger);
    try {
      const reasons: string[] = [];
      let now = 0;
      const store = redisQuotaStore(redis.commands, redis.prefix, new MemoryQuotaStore(() => now), (reason) => reasons.push(reason), { retryAfterMs: 5_000, now: () => now });
      let admitted = 0;
      for (let i = 0; i < 5; i++) if ((await store.take("a\u0000m\u0000rpm", 3, 1)).ok) admitted++;
      assert.equal(admitted, 3, "the local limit applies");
      assert.equal(reasons.length, 1, "one warning, not one per call");
      assert.match(reasons[0]!, /^Redis cannot be reached/);
      assert.equal(store.alone, true);
      await store.adjust("a\u0000m\u0000rpm", 3, -1);
      assert.equal((await store.take("a\u0000m\u0000rpm", 3, 1)).ok, true, "a refund while alone goes to the local bucket");
      // 20 s: one unit refilled at 3 per minute, and past retryAfterMs.
      now += 20_000;
      assert.equal((await store.take("a\u0000m\u0000rpm", 3, 1)).ok, true, "still the local bucket, refilled");
      assert.equal((await store.take("a\u0000m\u0000rpm", 3, 1)).ok, false, "and at its limit");
      assert.equal(reasons.length, 1, "one warning for as long as Redis stays down (asked again: the next test)");
    } finally {
      await redis.close();
    }
  });

  it("when Redis is back, calls are counted there again", { skip }, async () => {
    const port = await freePort();
    const prefix = `plinth-test-back-${randomBytes(4).toString("hex")}:`;
    const redis = link(`redis://127.0.0.1:${port}`, prefix);
    const target = new URL(TEST_REDIS_URL);
    // Redis "comes back" on that port: a forwarder to the test Redis, opened after the first calls.
    const forwarder = createServer((socket) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    try {
      let now = 0;
      const reasons: string[] = [];
      const store = redisQuotaStore(redis.commands, redis.prefix, new MemoryQuotaStore(() => now), (reason) => reasons.push(reason), { retryAfterMs: 5_000, now: () => now });
      assert.equal((await store.take("k", 3, 1)).ok, true);
      assert.equal(reasons.length, 1);
      await new Promise<void>((resolve) => forwarder.listen(port, "127.0.0.1", resolve));
      await ready(redis);
      now += 5_000;
      assert.equal((await store.take("k", 3, 1)).ok, true);
      assert.equal(store.alone, false, "counted in Redis again");
      assert.ok((await redis.commands.exists(`${prefix}quota:k`)) === 1, "the bucket is in Redis");
      await redis.commands.del(`${prefix}quota:k`);
    } finally {
      await redis.close();
      forwarder.close();
    }
  });
});
