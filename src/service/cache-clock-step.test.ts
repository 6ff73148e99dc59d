import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Clock } from "../kernel/index.js";
import { LookupCache } from "./identity/lookup-cache.js";
import { AccountRetention } from "./data-retention/account-retention.js";
import { EnforcedGuardrails } from "./guardrails/enforced.js";
import type { DataRetentionStore, EnforcedGuardrailRecord, EnforcedGuardrailStore } from "../store/index.js";

/**
 * Every cache a peer message clears also expires on its own, so a lost message (Redis down, a
 * node partitioned) delays a revocation by the cache time, never more. That bound must survive
 * the wall clock stepping back (NTP correcting a clock that ran fast, a VM resumed from a
 * snapshot): an entry read "in the future" was kept until the clock caught up again, so a key
 * deactivated on another node kept working here for as long as the step, an hour for an hour.
 */
class SteppedClock implements Clock {
  constructor(public ms: number) {}
  now(): Date { return new Date(this.ms); }
}

const HOUR = 3_600_000;

describe("caches cleared by peer messages expire even when the clock steps back", () => {
  it("an access or API key lookup", async () => {
    const clock = new SteppedClock(10 * HOUR);
    let active = true;
    const cache = new LookupCache(clock, async () => (active ? "active" : undefined), 5_000, 100);
    assert.equal(await cache.get("AKIAEXAMPLE"), "active");
    active = false; // deactivated on another node; its message was lost
    clock.ms -= HOUR;
    assert.equal(await cache.get("AKIAEXAMPLE"), undefined);
  });

  it("an account's data-retention mode", async () => {
    const clock = new SteppedClock(10 * HOUR);
    let mode = "provider_data_share";
    const store: DataRetentionStore = {
      get: async () => ({ accountId: "111122223333", region: "eu-west-2", mode, updatedAt: new Date(0) }),
      put: async () => undefined,
    };
    const retention = new AccountRetention(store, "eu-west-2", clock);
    assert.equal((await retention.stated("111122223333")).mode, "provider_data_share");
    mode = "none";
    clock.ms -= HOUR;
    assert.equal((await retention.stated("111122223333")).mode, "none");
  });

  it("an account's enforced guardrails (on a shared database)", async () => {
    const clock = new SteppedClock(10 * HOUR);
    const records: EnforcedGuardrailRecord[] = [];
    const store = { list: async () => [...records] } as unknown as EnforcedGuardrailStore;
    const enforced = new EnforcedGuardrails(store, {} as never, "eu-west-2", clock, 5_000);
    assert.deepEqual(await enforced.forInference("111122223333", "m"), []);
    records.push({
      accountId: "111122223333", configId: "abc123def456", guardrailArn: "arn:aws:bedrock:eu-west-2:111122223333:guardrail/g1", guardrailId: "g1", guardrailVersion: "1",
      selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" }, createdAt: new Date(0), createdBy: "x", updatedAt: new Date(0), updatedBy: "x",
    } as EnforcedGuardrailRecord);
    clock.ms -= HOUR;
    assert.equal((await enforced.forInference("111122223333", "m")).length, 1);
  });
});
