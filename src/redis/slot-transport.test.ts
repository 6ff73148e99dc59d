import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Redis } from "ioredis";
import { redisSlotTransport } from "./slot-transport.js";

/** A client whose script answers `reply`: what a confused proxy, or another script, would give. */
function answering(reply: unknown): Redis {
  return { defineCommand: () => undefined, plinthSlots: async () => reply } as unknown as Redis;
}

describe("Redis slot transport: a reply of another shape is never a place taken", () => {
  const replies: [string, unknown][] = [
    ["nothing", null], ["OK", "OK"], ["a bare 1", 1], ["{1}", [1]], ["{1, -1}", [1, -1]], ["{2, 1}", [2, 1]],
    ["{'1', 1}", ["1", 1]], ["{1, 1.5}", [1, 1.5]], ["three values", [1, 1, 1]], ["an object", { ok: true }],
  ];
  for (const [name, reply] of replies) {
    it(`an acquire answered ${name} throws (so the call is counted locally)`, async () => {
      await assert.rejects(redisSlotTransport(answering(reply), "t:").acquire("p", 1, "id", 1000), /not a capacity decision/);
    });
  }
  it("a renewal or release answered with more than one lease throws", async () => {
    await assert.rejects(redisSlotTransport(answering([1, 2]), "t:").renew("p", "id", 1000), /not a lease renewal/);
    await assert.rejects(redisSlotTransport(answering([0, 1]), "t:").release("p", "id"), /not a lease release/);
  });
  it("the answers it knows", async () => {
    assert.equal(await redisSlotTransport(answering([1, 3]), "t:").acquire("p", 3, "id", 1000), true);
    assert.equal(await redisSlotTransport(answering([0, 3]), "t:").acquire("p", 3, "id", 1000), false);
    assert.equal(await redisSlotTransport(answering([1, 0]), "t:").renew("p", "id", 1000), false);
  });
});
