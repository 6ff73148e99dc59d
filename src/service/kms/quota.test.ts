import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { ACCOUNT, OTHER, kmsWorld } from "./kms.fixture.js";

const input = { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] };
const quota = (e: unknown) => isFault(e) && e.kind === "service-quota-exceeded";

describe("KMS key quota", () => {
  it("an account's keys stop at maxKeysPerAccount; another account is counted apart", async (t) => {
    const { kms, store } = await kmsWorld(t, { maxKeysPerAccount: 2 });
    await kms.keys.create({ accountId: ACCOUNT }, input);
    const second = await kms.keys.create({ accountId: ACCOUNT }, input);
    await assert.rejects(kms.keys.create({ accountId: ACCOUNT }, input), quota);
    await kms.keys.create({ accountId: OTHER }, input);
    // A key pending deletion still counts (as in KMS): only deletion frees its place.
    await kms.keys.scheduleDeletion(second, 7);
    await assert.rejects(kms.keys.create({ accountId: ACCOUNT }, input), quota);
    assert.equal((await store.kms.listKeys(ACCOUNT, second.region, 10)).length, 2);
  });

  it("concurrent creates cannot overshoot: the count is taken in the insert's transaction", async (t) => {
    const { kms, store } = await kmsWorld(t, { maxKeysPerAccount: 2 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => kms.keys.create({ accountId: ACCOUNT }, input)));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
    assert.ok(results.every((r) => r.status === "fulfilled" || quota(r.reason)));
    assert.equal((await store.kms.listKeys(ACCOUNT, "eu-west-2", 10)).length, 2);
  });

  it("refuses a limit that is not a positive integer", async (t) => {
    await assert.rejects(kmsWorld(t, { maxKeysPerAccount: 0 }), /maxKeysPerAccount/);
  });
});
