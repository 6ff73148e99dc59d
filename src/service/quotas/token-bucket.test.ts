import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adjust, fullBucket, refill, take } from "./token-bucket.js";

// 60 per minute: one unit per second, so the arithmetic below reads in seconds.
const PER_MINUTE = 60;

describe("token bucket: refill", () => {
  const cases = [
    { name: "nothing elapsed adds nothing", level: 10, at: 0, now: 0, want: 10 },
    { name: "refills continuously (one per second at 60/min)", level: 10, at: 0, now: 2_500, want: 12.5 },
    { name: "never above capacity", level: 59, at: 0, now: 60_000, want: 60 },
    { name: "a debt is paid back first", level: -30, at: 0, now: 45_000, want: 15 },
    { name: "a clock going back adds nothing", level: 10, at: 5_000, now: 1_000, want: 10 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(refill({ level: c.level, at: c.at }, PER_MINUTE, c.now).level, c.want);
    });
  }
});

describe("token bucket: take", () => {
  const cases = [
    { name: "a full bucket gives its whole minute at once", level: 60, now: 0, cost: 60, ok: true, after: 0 },
    { name: "takes what fits", level: 5, now: 0, cost: 5, ok: true, after: 0 },
    { name: "refuses what does not fit, saying when it will", level: 4.5, now: 0, cost: 5, ok: false, after: 4.5, retryAfterMs: 500 },
    { name: "refill since the last take counts", level: 0, now: 3_000, cost: 3, ok: true, after: 0 },
    { name: "a cost above capacity is bounded by it (admitted on a full bucket)", level: 60, now: 0, cost: 1_000, ok: true, after: 0 },
    { name: "a cost above capacity waits for a full bucket, no longer", level: 0, now: 0, cost: 1_000, ok: false, after: 0, retryAfterMs: 60_000 },
    { name: "a debt refuses even a small cost", level: -10, now: 0, cost: 1, ok: false, after: -10, retryAfterMs: 11_000 },
    { name: "a negative cost takes nothing", level: 0, now: 0, cost: -5, ok: true, after: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = take({ level: c.level, at: 0 }, PER_MINUTE, c.cost, c.now);
      assert.equal(result.ok, c.ok);
      assert.equal(result.state.level, c.after);
      if (!result.ok) assert.equal(result.retryAfterMs, c.retryAfterMs);
    });
  }
});

describe("token bucket: adjust (reconciliation)", () => {
  const cases = [
    { name: "charges what the call cost beyond its estimate", level: 20, delta: 15, want: 5 },
    { name: "refunds what it did not use", level: 20, delta: -15, want: 35 },
    { name: "a refund never lifts it above capacity", level: 50, delta: -100, want: 60 },
    // An answer far beyond its estimate (no maxTokens stated) is charged in full: a debt bounded by
    // one minute's quota let one such call a minute use any number of tokens.
    { name: "a debt is charged in full", level: 10, delta: 1_000, want: -990 },
    { name: "a debt is bounded by a day's quota (a provider's absurd count cannot lock an account out for good)", level: 10, delta: 1e12, want: -60 * 1_440 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(adjust({ level: c.level, at: 0 }, PER_MINUTE, c.delta, 0).level, c.want);
    });
  }
  it("a new bucket is full", () => {
    assert.deepEqual(fullBucket(PER_MINUTE, 7), { level: 60, at: 7 });
  });
});
