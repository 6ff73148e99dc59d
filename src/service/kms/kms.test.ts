import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isFault, sensitive } from "../../kernel/index.js";
import { SQLITE_FILE } from "../../store/index.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "./kms.fixture.js";

const me = { accountId: ACCOUNT };
const bytes = (s: string) => sensitive(new TextEncoder().encode(s));
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const reason = (r: string) => (e: unknown) => isFault(e) && e.detail.reason === r;
const kind = (k: string) => (e: unknown) => isFault(e) && e.kind === k;
const ctx = { project: "alpha" };

describe("KMS keys", () => {
  it("a new key is an enabled symmetric key of the caller's account with the default key policy", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "d", bypassPolicyLockoutSafetyCheck: false, tags: [{ key: "team", value: "x" }] });
    assert.match(key.arn, new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/[0-9a-f-]{36}$`));
    assert.equal(key.state, "Enabled");
    assert.equal(key.keySpec, "SYMMETRIC_DEFAULT");
    const policy = JSON.parse(await kms.keys.getPolicy(key));
    assert.equal(policy.Statement[0].Principal.AWS, `arn:aws:iam::${ACCOUNT}:root`);
    assert.deepEqual(await kms.keys.listTags(key), [{ key: "team", value: "x" }]);
  });

  it("key material is stored sealed: the database holds no version of it in clear, and the seal names the key", async (t) => {
    const { kms, store, dataDir } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const [material] = await store.kms.listMaterial(key.keyId);
    assert.ok(material!.sealed.length > 32 + 100, "an Encryption SDK message, not 32 raw bytes");
    // The blob a key makes decrypts under its material; if the DB held the material in clear, a scan would find it.
    const { ciphertext } = await kms.crypto.encrypt(key, bytes("KMSCANARY-unit"), {});
    const db = await readFile(join(dataDir, SQLITE_FILE));
    assert.equal(db.indexOf(Buffer.from("KMSCANARY")), -1);
    assert.equal(Buffer.from(ciphertext).indexOf(Buffer.from("KMSCANARY")), -1);
  });

  it("resolves a key id, key ARN, alias name and alias ARN to the same key, and records the alias named", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    await kms.aliases.create(me, "alias/app", key);
    for (const name of [key.keyId, key.arn, "alias/app", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/app`]) {
      const r = await kms.keys.resolver.resolve(me, name);
      assert.equal(r.key.arn, key.arn, name);
      assert.equal(r.requestAlias, name.includes("alias/") ? "alias/app" : undefined);
    }
    const missing = ["alias/none", "not-a-key", `arn:aws:kms:us-east-1:${ACCOUNT}:key/${key.keyId}`, "1234abcd-12ab-34cd-56ef-1234567890ab"];
    for (const name of missing) await assert.rejects(kms.keys.resolver.resolve(me, name), kind("not-found"), name);
    // Another account's key is not named by its bare id or alias, only by ARN (its key policy then decides).
    await assert.rejects(kms.keys.resolver.resolve({ accountId: OTHER }, key.keyId), kind("not-found"));
    await assert.rejects(kms.keys.resolver.resolve({ accountId: OTHER }, "alias/app"), kind("not-found"));
    assert.equal((await kms.keys.resolver.resolve({ accountId: OTHER }, key.arn)).key.keyId, key.keyId);
  });

  it("aliases are unique per account and region, refuse alias/aws/, and move with UpdateAlias", async (t) => {
    const { kms } = await kmsWorld(t);
    const a = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const b = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    await kms.aliases.create(me, "alias/x", a);
    await assert.rejects(kms.aliases.create(me, "alias/x", b), kind("already-exists"));
    await assert.rejects(kms.aliases.create(me, "alias/aws/s3", b), reason("invalid-alias-name"));
    await assert.rejects(kms.aliases.create(me, "x", b), reason("invalid-alias-name"));
    await kms.aliases.update(me, await kms.aliases.get(me, "alias/x"), b);
    assert.equal((await kms.keys.resolver.resolve(me, "alias/x")).key.keyId, b.keyId);
    await kms.aliases.delete(me, await kms.aliases.get(me, "alias/x"));
    await assert.rejects(kms.aliases.get(me, "alias/x"), kind("not-found"));
  });

  it("refuses a malformed key policy, and one without a Principal", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    await assert.rejects(kms.keys.putPolicy(key, "{", false), kind("malformed-policy"));
    await assert.rejects(kms.keys.putPolicy(key, JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }), false), kind("malformed-policy"));
  });
});

describe("KMS cryptography", () => {
  it("Encrypt and Decrypt round-trip under the encryption context; another context is an invalid ciphertext", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const { ciphertext, keyArn } = await kms.crypto.encrypt(key, bytes("hello"), ctx);
    assert.equal(keyArn, key.arn);
    const source = await kms.crypto.source(me, ciphertext, undefined);
    assert.equal(text((await kms.crypto.decrypt(source, ctx)).plaintext.reveal()), "hello");
    await assert.rejects(kms.crypto.decrypt(source, { project: "beta" }), reason("invalid-ciphertext"));
    await assert.rejects(kms.crypto.decrypt(source, {}), reason("invalid-ciphertext"));
  });

  it("Decrypt naming another key is IncorrectKey; a blob not ours is an invalid ciphertext", async (t) => {
    const { kms } = await kmsWorld(t);
    const a = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const b = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const { ciphertext } = await kms.crypto.encrypt(a, bytes("x"), {});
    await assert.rejects(kms.crypto.source(me, ciphertext, b.keyId), reason("incorrect-key"));
    await assert.rejects(kms.crypto.source(me, new Uint8Array(80), undefined), reason("invalid-ciphertext"));
  });

  it("rotation keeps old material for decryption while new encryptions use the new version", async (t) => {
    const { kms, store } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const before = (await kms.crypto.encrypt(key, bytes("old"), ctx)).ciphertext;
    await kms.rotation.rotateNow(key);
    const after = (await kms.crypto.encrypt(key, bytes("new"), ctx)).ciphertext;
    assert.equal(Buffer.from(before).readUInt32BE(18), 1);
    assert.equal(Buffer.from(after).readUInt32BE(18), 2);
    for (const [blob, expected] of [[before, "old"], [after, "new"]] as const) {
      assert.equal(text((await kms.crypto.decrypt(await kms.crypto.source(me, blob, undefined), ctx)).plaintext.reveal()), expected);
    }
    assert.equal((await store.kms.listMaterial(key.keyId)).length, 2);
    const status = await kms.rotation.status(key);
    assert.equal(status.enabled, false);
    assert.ok(status.onDemandStartDate);
  });

  it("automatic rotation happens once the period has passed since the latest material", async (t) => {
    const { kms, clock, store } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    await kms.rotation.enable(key, 90);
    assert.equal((await kms.rotation.status(key)).nextRotationDate?.toISOString(), "2027-03-05T09:00:00.000Z");
    clock.advanceDays(89);
    assert.equal((await kms.sweep()).rotated, 0);
    clock.advanceDays(1);
    assert.equal((await kms.sweep()).rotated, 1);
    assert.equal((await store.kms.getKey(key.keyId))!.currentVersion, 2);
  });

  it("ReEncrypt moves a ciphertext to another key and context; data keys decrypt to their plaintext", async (t) => {
    const { kms } = await kmsWorld(t);
    const a = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const b = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const { ciphertext } = await kms.crypto.encrypt(a, bytes("move me"), ctx);
    const moved = await kms.crypto.reEncrypt(await kms.crypto.source(me, ciphertext, undefined), ctx, b, { other: "1" });
    assert.equal(moved.sourceArn, a.arn);
    assert.equal(moved.keyArn, b.arn);
    assert.equal(text((await kms.crypto.decrypt(await kms.crypto.source(me, moved.ciphertext, undefined), { other: "1" })).plaintext.reveal()), "move me");
    const dk = await kms.crypto.generateDataKey(a, 32, ctx, true);
    assert.equal(dk.plaintext!.reveal().length, 32);
    const opened = await kms.crypto.decrypt(await kms.crypto.source(me, dk.ciphertext, undefined), ctx);
    assert.ok(Buffer.from(opened.plaintext.reveal()).equals(dk.plaintext!.reveal()));
    assert.equal((await kms.crypto.generateDataKey(a, 16, ctx, false)).plaintext, undefined);
  });

  it("a disabled key is refused (DisabledException) until enabled again", async (t) => {
    const { kms } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const { ciphertext } = await kms.crypto.encrypt(key, bytes("x"), {});
    await kms.keys.disable(key);
    await assert.rejects(kms.crypto.encrypt(key, bytes("x"), {}), reason("key-disabled"));
    await assert.rejects(kms.crypto.decrypt(await kms.crypto.source(me, ciphertext, undefined), {}), reason("key-disabled"));
    await kms.keys.enable(key);
    await kms.crypto.decrypt(await kms.crypto.source(me, ciphertext, undefined), {});
  });
});

describe("KMS key deletion", () => {
  it("a scheduled key is unusable at once, can be cancelled (coming back Disabled), and is gone with its material after the window", async (t) => {
    const { kms, clock, store, changes } = await kmsWorld(t);
    const key = await kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    await kms.aliases.create(me, "alias/doomed", key);
    const { ciphertext } = await kms.crypto.encrypt(key, bytes("secret"), {});
    const scheduled = await kms.keys.scheduleDeletion(key, 7);
    assert.equal(scheduled.deletionDate?.toISOString(), "2026-12-12T09:00:00.000Z");
    await assert.rejects(kms.crypto.encrypt(key, bytes("x"), {}), reason("key-invalid-state"));
    await assert.rejects(kms.keys.scheduleDeletion(key, 7), reason("key-invalid-state"));
    await kms.keys.cancelDeletion(key);
    assert.equal((await kms.keys.current(key)).state, "Disabled");
    await assert.rejects(kms.keys.cancelDeletion(key), reason("key-invalid-state"));

    await kms.keys.scheduleDeletion(key, 7);
    clock.advanceDays(6);
    assert.equal((await kms.sweep()).deleted, 0);
    assert.equal((await kms.keys.resolver.resolve(me, key.arn)).key.state, "PendingDeletion");
    clock.advanceDays(1);
    // Resolving after the window deletes it, before the sweep comes round.
    await assert.rejects(kms.keys.resolver.resolve(me, key.arn), kind("not-found"));
    assert.deepEqual(await store.kms.listMaterial(key.keyId), [], "the material is erased: what it encrypted cannot be decrypted");
    assert.equal(await store.resourcePolicies.get(key.arn), undefined);
    assert.deepEqual(await store.kms.listAliases(ACCOUNT, REGION), []);
    await assert.rejects(kms.crypto.source(me, ciphertext, undefined), reason("invalid-ciphertext"));
    assert.ok(changes.some((c) => c.scope === "resource" && c.resourceArn === key.arn), "the authorizer is told");
  });
});
