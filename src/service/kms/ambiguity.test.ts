import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { ACCOUNT, OTHER, kmsWorld } from "./kms.fixture.js";

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

  it("a KeyId names an alias or another account's key only where the operation allows it", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, input);
    await kms.aliases.create(me, "alias/k", key);
    const aliasArn = key.arn.replace(`key/${key.keyId}`, "alias/k");
    const notFound = (e: unknown) => isFault(e) && e.kind === "not-found";
    for (const name of ["alias/k", aliasArn]) {
      assert.equal((await kms.keys.resolver.resolve(me, name)).key.arn, key.arn);
      await assert.rejects(kms.keys.resolver.resolve(me, name, { aliases: false }), notFound);
    }
    assert.equal((await kms.keys.resolver.resolve({ accountId: OTHER }, key.arn)).key.arn, key.arn);
    await assert.rejects(kms.keys.resolver.resolve({ accountId: OTHER }, key.arn, { crossAccount: false }), notFound);
    await assert.rejects(kms.keys.resolver.resolve({ accountId: OTHER }, aliasArn, { crossAccount: false }), notFound);
    assert.equal((await kms.keys.resolver.resolve(me, key.arn, { aliases: false, crossAccount: false })).key.arn, key.arn);
  });
});
