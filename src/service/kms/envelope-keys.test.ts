import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { isFault } from "../../kernel/index.js";
import { DEFAULT_KEY_ALIAS, KmsEnvelopeKeys } from "./envelope-keys.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "./kms.fixture.js";

const me = { accountId: ACCOUNT };
const secret = new TextEncoder().encode("guardrail configuration canary-8d2e");
const context = { purpose: "guardrail-configuration", accountId: ACCOUNT, guardrailArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/abcdefghijkl`, version: "DRAFT" };

async function world(t: TestContext) {
  const w = await kmsWorld(t);
  const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
  // The root box of the world is the one whose keyring seals the KMS material; the keyed box wraps the same root key.
  const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32).fill(9))), { keys });
  const key = await w.kms.keys.create(me, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
  return { ...w, keys, box, key };
}

async function faultOf(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isFault(error), `expected a Fault, got ${String(error)}`);
    assert.ok(!error.message.includes("canary-8d2e"), "no plaintext in the message");
    return error;
  }
  return assert.fail("expected a refusal");
}

describe("SecretBox over plinth's KMS: envelopes under customer keys", () => {
  it("the account's default key alias is read from the store once, then known (guarded calls ask on every request)", async (t) => {
    const w = await kmsWorld(t);
    let aliasReads = 0;
    const store = new Proxy(w.store.kms, {
      get: (target, prop, receiver) => prop === "getAlias"
        ? (...args: unknown[]) => { aliasReads++; return (target.getAlias as (...a: unknown[]) => unknown).apply(target, args); }
        : ((v: unknown) => (typeof v === "function" ? v.bind(target) : v))(Reflect.get(target, prop, receiver)),
    });
    const keys = new KmsEnvelopeKeys({ store, rootBox: w.rootBox, clock: w.clock, region: REGION });
    const made = await keys.defaultKey(ACCOUNT);
    const before = aliasReads;
    assert.deepEqual(await keys.resolve(ACCOUNT, DEFAULT_KEY_ALIAS, "kmsKeyId"), made);
    assert.deepEqual(await keys.resolve(ACCOUNT, DEFAULT_KEY_ALIAS, "kmsKeyId"), made);
    assert.equal(aliasReads, before);
    // Another account's default is its own, never this one's.
    await assert.rejects(keys.resolve(OTHER, DEFAULT_KEY_ALIAS, "kmsKeyId"), /does not exist/);
  });

  it("resolving the known default key makes no error it does not throw (an Error's stack trace costs ~10 us per guarded call)", async (t) => {
    const w = await kmsWorld(t);
    const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
    const made = await keys.defaultKey(ACCOUNT);
    // Every Fault names itself (`this.name = "Fault"`): a setter on Error.prototype counts them.
    const own = Object.getOwnPropertyDescriptor(Error.prototype, "name")!;
    let faults = 0;
    Object.defineProperty(Error.prototype, "name", {
      configurable: true,
      get: () => "Error",
      set(this: Error, value: string) {
        if (value === "Fault") faults++;
        Object.defineProperty(this, "name", { value, writable: true, configurable: true, enumerable: false });
      },
    });
    try {
      assert.deepEqual(await keys.resolve(ACCOUNT, DEFAULT_KEY_ALIAS, "kmsKeyId"), made);
      assert.equal(faults, 0);
      // The counter counts: a key that does not exist is still refused with its Fault.
      await assert.rejects(keys.resolve(ACCOUNT, "alias/none-such", "kmsKeyId"), /does not exist/);
      assert.equal(faults, 1);
    } finally {
      Object.defineProperty(Error.prototype, "name", own);
    }
  });

  it("a value sealed under a named key opens, and its envelope names that key", async (t) => {
    const { box, key } = await world(t);
    const sealed = await box.seal(secret, context, { arn: key.arn });
    assert.deepEqual(box.sealedUnder(sealed), { arn: key.arn });
    assert.deepEqual(await box.open(sealed, context), secret);
  });

  it("without a key, a context that binds an account is sealed under the account's default key, made once, alias/aws/bedrock", async (t) => {
    const { box, store } = await world(t);
    const a = await box.seal(secret, context);
    const b = await box.seal(secret, context);
    const alias = await store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS);
    assert.ok(alias, "the default key's alias exists");
    const arn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${alias.keyId}`;
    assert.deepEqual(box.sealedUnder(a), { arn });
    assert.deepEqual(box.sealedUnder(b), { arn });
    assert.deepEqual(await box.open(a, context), secret);
    assert.equal(await store.kms.getAlias(OTHER, REGION, DEFAULT_KEY_ALIAS), undefined, "another account's default key is its own, made on its first use");
  });

  it("a context without an account is sealed under the root key, and root-key values still open", async (t) => {
    const { box } = await world(t);
    const plain = { purpose: "access-key-secret", accessKeyId: "AKIAIOSFODNN7EXAMPLE" };
    const sealed = await box.seal(secret, plain);
    assert.equal(box.sealedUnder(sealed), undefined);
    assert.deepEqual(await box.open(sealed, plain), secret);
  });

  it("a value bound to one account that names another account's key does not open, and that key is not asked", async (t) => {
    const { box, kms } = await world(t);
    const theirs = await kms.keys.create({ accountId: OTHER }, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const sealed = await box.seal(secret, context, { arn: theirs.arn });
    assert.match((await faultOf(box.open(sealed, context))).message, /another account's key/);
  });

  it("a value sealed under a key opens under the same context only", async (t) => {
    const { box, key } = await world(t);
    const sealed = await box.seal(secret, context, { arn: key.arn });
    const f = await faultOf(box.open(sealed, { ...context, version: "1" }));
    assert.equal(f.kind, "internal");
  });

  it("a rotated key opens what its earlier material sealed, and seals under the new version", async (t) => {
    const { box, key, kms } = await world(t);
    const before = await box.seal(secret, context, { arn: key.arn });
    await kms.rotation.rotateNow(key);
    const after = await box.seal(secret, context, { arn: key.arn });
    assert.deepEqual(await box.open(before, context), secret);
    assert.deepEqual(await box.open(after, context), secret);
  });

  it("a disabled key seals and opens nothing; enabling it restores both", async (t) => {
    const { box, key, kms } = await world(t);
    const sealed = await box.seal(secret, context, { arn: key.arn });
    await kms.keys.disable(key);
    assert.match((await faultOf(box.open(sealed, context))).message, /is disabled/);
    assert.match((await faultOf(box.seal(secret, context, { arn: key.arn }))).message, /is disabled/);
    await kms.keys.enable(key);
    assert.deepEqual(await box.open(sealed, context), secret);
  });

  it("crypto-shredding: past the deletion window the material is gone and nothing sealed under the key opens", async (t) => {
    const { box, key, kms, clock, store } = await world(t);
    const sealed = await box.seal(secret, context, { arn: key.arn });
    await kms.keys.scheduleDeletion(key, 7);
    assert.match((await faultOf(box.open(sealed, context))).message, /pending deletion/);
    clock.advanceDays(7);
    const f = await faultOf(box.open(sealed, context));
    assert.equal(f.kind, "not-found");
    assert.match(f.message, /no longer exists/);
    assert.equal(await store.kms.getMaterial(key.keyId, 1), undefined, "the key's material is deleted");
    assert.equal(await store.kms.getKey(key.keyId), undefined);
  });

  it("resolve: key id, key ARN, alias name and alias ARN of the caller's account become the key ARN; anything else is not found", async (t) => {
    const { keys, key, kms } = await world(t);
    await kms.aliases.create(me, "alias/guardrails", key);
    for (const name of [key.keyId, key.arn, "alias/guardrails", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/guardrails`]) {
      assert.deepEqual(await keys.resolve(ACCOUNT, name, "kmsKeyId"), { arn: key.arn }, name);
    }
    for (const name of ["alias/none", "nonsense", `arn:aws:kms:us-east-1:${ACCOUNT}:key/${key.keyId}`]) {
      assert.equal((await faultOf(keys.resolve(ACCOUNT, name, "kmsKeyId"))).kind, "not-found", name);
    }
    assert.equal((await faultOf(keys.resolve(OTHER, key.arn, "kmsKeyId"))).kind, "not-found", "another account's key");
  });

  it("the default key is AWS managed: the customer cannot disable, delete, re-policy, tag or rotate it, nor move or delete its alias", async (t) => {
    const { box, kms, key } = await world(t);
    await box.seal(secret, context);
    const alias = await kms.aliases.get(me, DEFAULT_KEY_ALIAS);
    const managed = await kms.keys.current((await kms.keys.resolver.resolve(me, DEFAULT_KEY_ALIAS)).key);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["disable", () => kms.keys.disable(managed)],
      ["enable", () => kms.keys.enable(managed)],
      ["schedule deletion", () => kms.keys.scheduleDeletion(managed, 7)],
      ["put policy", () => kms.keys.putPolicy(managed, "{}", true)],
      ["tag", () => kms.keys.tag(managed, [{ key: "k", value: "v" }])],
      ["disable rotation", () => kms.rotation.disable(managed)],
      ["rotate now", () => kms.rotation.rotateNow(managed)],
      ["delete its alias", () => kms.aliases.delete(me, alias)],
      ["point its alias elsewhere", () => kms.aliases.update(me, alias, key)],
    ];
    for (const [what, attempt] of attempts) assert.equal((await faultOf(attempt())).kind, "validation", what);
    assert.equal((await kms.keys.current(managed)).state, "Enabled");
    assert.equal(managed.rotationEnabled, true, "rotated yearly, as AWS managed keys are");
  });
});
