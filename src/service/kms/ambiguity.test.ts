import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { ACCOUNT, kmsWorld } from "./kms.fixture.js";

const me = { accountId: ACCOUNT };
const input = { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] };
const tagRefused = (e: unknown) => isFault(e) && e.detail.reason === "invalid-tag";

describe("KMS inputs a hostile caller could use against policies or the store", () => {
  it("tag keys that differ only by case are refused: aws:ResourceTag/<key> is read without case, so the caller would choose which value a policy sees", async (t) => {
    const { kms } = await kmsWorld(t);
    await assert.rejects(kms.keys.create(me, { ...input, tags: [{ key: "team", value: "a" }, { key: "Team", value: "b" }] }), tagRefused);
    const key = await kms.keys.create(me, { ...input, tags: [{ key: "team", value: "a" }] });
    await assert.rejects(kms.keys.tag(key, [{ key: "TEAM", value: "b" }]), tagRefused);
    await kms.keys.tag(key, [{ key: "team", value: "c" }]);
    assert.deepEqual(await kms.keys.listTags(key), [{ key: "team", value: "c" }]);
  });
});
