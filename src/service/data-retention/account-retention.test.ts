import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataRetentionRecord, DataRetentionStore } from "../../store/index.js";
import { AccountRetention } from "./account-retention.js";

/** A store in memory that counts its reads, so the cache can be seen working. */
function memoryStore(): DataRetentionStore & { reads: number; rows: Map<string, DataRetentionRecord> } {
  const rows = new Map<string, DataRetentionRecord>();
  return {
    rows, reads: 0,
    async get(accountId, region) { this.reads++; return rows.get(`${accountId}/${region}`); },
    async put(r) { rows.set(`${r.accountId}/${r.region}`, r); },
  };
}

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => { now += ms; } };
}

describe("AccountRetention", () => {
  it("an account that never chose is in none, with no updatedAt", async () => {
    const retention = new AccountRetention(memoryStore(), "eu-west-2", clockAt(0));
    assert.deepEqual(await retention.stated("111111111111"), { mode: "none" });
    assert.deepEqual(await retention.posture("111111111111"), { effective: "none", serviceMayRetain: false, providerMayRetain: false });
  });

  it("a put is read back at once (the cache forgets), with its time, and only for that account", async () => {
    const store = memoryStore();
    const clock = clockAt(Date.parse("2026-12-05T07:00:00Z"));
    const retention = new AccountRetention(store, "eu-west-2", clock);
    assert.equal((await retention.stated("111111111111")).mode, "none");
    const put = await retention.put("111111111111", "provider_data_share");
    assert.deepEqual(put, { mode: "provider_data_share", updatedAt: new Date("2026-12-05T07:00:00Z") });
    assert.deepEqual(await retention.stated("111111111111"), put);
    assert.equal((await retention.stated("222222222222")).mode, "none");
    assert.equal(store.rows.get("111111111111/eu-west-2")!.region, "eu-west-2");
  });

  it("reads are cached for a few seconds, so another node's change is seen soon after", async () => {
    const store = memoryStore();
    const clock = clockAt(0);
    const retention = new AccountRetention(store, "eu-west-2", clock);
    await retention.stated("111111111111");
    await retention.stated("111111111111");
    assert.equal(store.reads, 1);
    await store.put({ accountId: "111111111111", region: "eu-west-2", mode: "aws_review", updatedAt: new Date(0) });
    assert.equal((await retention.stated("111111111111")).mode, "none", "still the cached value");
    clock.advance(5_001);
    assert.equal((await retention.stated("111111111111")).mode, "aws_review");
  });

  it("a stored value this version does not know is read as none, the strictest", async () => {
    const store = memoryStore();
    await store.put({ accountId: "111111111111", region: "eu-west-2", mode: "future_mode", updatedAt: new Date(0) });
    const retention = new AccountRetention(store, "eu-west-2", clockAt(0));
    assert.deepEqual(await retention.stated("111111111111"), { mode: "none", updatedAt: new Date(0) });
  });
});
