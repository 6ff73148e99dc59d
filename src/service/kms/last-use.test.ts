import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../kernel/index.js";
import { ACCOUNT, kmsWorld } from "./kms.fixture.js";

const me = { accountId: ACCOUNT };
const input = { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] };
const plain = () => sensitive(new TextEncoder().encode("x"));

describe("KMS key last use (kms:TrailingDaysWithoutKeyUsage)", () => {
  it("a never-used key counts from its creation", async (t) => {
    const { kms, clock } = await kmsWorld(t);
    const key = await kms.keys.create(me, input);
    assert.equal(kms.keys.trailingDaysWithoutUse(await kms.keys.current(key)), 0);
    clock.advanceDays(40);
    assert.equal(kms.keys.trailingDaysWithoutUse(await kms.keys.current(key)), 40);
  });

  it("each cryptographic operation records a use, written at most once a day; the count errs low by the day it cannot see", async (t) => {
    const { kms, clock, store } = await kmsWorld(t);
    const key = await kms.keys.create(me, input);
    const other = await kms.keys.create(me, input);
    clock.advanceDays(40);
    const { ciphertext } = await kms.crypto.encrypt(key, plain(), {});
    const first = (await store.kms.getKey(key.keyId))!.lastUsedAt;
    assert.deepEqual(first, clock.now());
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    await kms.crypto.decrypt(await kms.crypto.source(me, ciphertext, undefined), {});
    assert.deepEqual((await store.kms.getKey(key.keyId))!.lastUsedAt, first, "within the day: no write");
    clock.advanceDays(2);
    await kms.crypto.decrypt(await kms.crypto.source(me, ciphertext, undefined), {});
    assert.deepEqual((await store.kms.getKey(key.keyId))!.lastUsedAt, clock.now());
    clock.advanceDays(30);
    assert.equal(kms.keys.trailingDaysWithoutUse(await kms.keys.current(key)), 29);
    // Data keys and ReEncrypt count too, on both keys.
    await kms.crypto.generateDataKey(other, 32, {}, false);
    assert.deepEqual((await store.kms.getKey(other.keyId))!.lastUsedAt, clock.now());
    clock.advanceDays(1);
    const moved = await kms.crypto.reEncrypt(await kms.crypto.source(me, ciphertext, undefined), {}, other, {});
    assert.equal(moved.keyArn, other.arn);
    assert.deepEqual((await store.kms.getKey(key.keyId))!.lastUsedAt, clock.now());
    assert.deepEqual((await store.kms.getKey(other.keyId))!.lastUsedAt, clock.now());
  });

  it("a failed operation is not a use", async (t) => {
    const { kms, clock, store } = await kmsWorld(t);
    const key = await kms.keys.create(me, input);
    const { ciphertext } = await kms.crypto.encrypt(key, plain(), { a: "1" });
    const recorded = (await store.kms.getKey(key.keyId))!.lastUsedAt;
    clock.advanceDays(2);
    await assert.rejects(kms.crypto.decrypt(await kms.crypto.source(me, ciphertext, undefined), { a: "2" }));
    assert.deepEqual((await store.kms.getKey(key.keyId))!.lastUsedAt, recorded);
  });
});
