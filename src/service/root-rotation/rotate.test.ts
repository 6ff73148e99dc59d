import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import { EnvelopeSecretBox, RootKeyring, fileRootSource, loadOrCreateRootKey, materialContext, rootVersionOf, withMaterial, wrappedRootSource } from "../../crypto/index.js";
import type { RootKeySource, SecretBox } from "../../crypto/index.js";
import { Sensitive } from "../../kernel/index.js";
import { transitRootWrapper } from "../../root-of-trust/index.js";
import type { KmsKeyRecord, Store } from "../../store/index.js";
import { writeNewMaterial } from "../kms/material.js";
import { startTransitLoopback } from "../../../test/loopback/transit.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "../kms/kms.fixture.js";
import { KmsEnvelopeKeys } from "../kms/index.js";
import { kmsMaterialKind } from "./kms-material.js";
import type { RootSealedKind, RotatingRoot } from "./ports.js";
import { rotateRootKey } from "./rotate.js";

/** One process's view of the data directory: its own root keyring, KMS key source and boxes, no material cache. */
async function processOf(store: Store, source: RootKeySource, options: { holdRetired?: boolean } = {}) {
  const root = await RootKeyring.open(source, options);
  const rootBox = new EnvelopeSecretBox(root);
  const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: { now: () => new Date() }, region: REGION, materialCache: { maxAgeMs: 0, maxEntries: 0 } });
  return { root, rootBox, box: new EnvelopeSecretBox(root, { keys }) };
}

const context = (accountId: string, n: number) => ({ purpose: "test-record", accountId, record: String(n) });

/** Values sealed under both accounts' default keys (whose material lies under the root key). */
async function sealValues(box: SecretBox): Promise<Array<{ sealed: Uint8Array; context: Record<string, string>; plain: string }>> {
  const out = [];
  for (const [n, accountId] of [ACCOUNT, OTHER, ACCOUNT].entries()) {
    const plain = `record ${n} ${randomBytes(4).toString("hex")}`;
    out.push({ sealed: await box.seal(new TextEncoder().encode(plain), context(accountId, n)), context: context(accountId, n), plain });
  }
  return out;
}

async function readAll(box: SecretBox, values: Awaited<ReturnType<typeof sealValues>>): Promise<string[]> {
  return Promise.all(values.map(async (v) => new TextDecoder().decode(await box.open(v.sealed, v.context))));
}

async function materialVersions(store: Store): Promise<Array<number | undefined>> {
  return (await store.kms.materialPage(100)).map((m) => rootVersionOf(m.sealed));
}

/** A customer key's record in the first account, not yet stored. */
function newKeyRecord(): KmsKeyRecord {
  const keyId = randomUUID();
  return {
    keyId, accountId: ACCOUNT, region: REGION, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, description: "", keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT", state: "Enabled", createdAt: new Date(), rotationEnabled: false, currentVersion: 1,
  };
}

async function fileWorld(t: TestContext) {
  const world = await kmsWorld(t, { root: async (dir) => { (await loadOrCreateRootKey(dir)).destroy(); return RootKeyring.open(fileRootSource(dir)); } });
  const source = fileRootSource(world.dataDir);
  const first = await processOf(world.store, source);
  t.after(() => first.root.destroy());
  const values = await sealValues(first.box);
  return { world, source, first, values };
}

describe("root key rotation", () => {
  it("file root: a new key file version, every key's material resealed under it, the old file removed; all still opens", async (t) => {
    const { world, source, first, values } = await fileWorld(t);
    const oldKeyFile = await readFile(join(world.dataDir, "root.key"));
    assert.deepEqual(await materialVersions(world.store), [1, 1]);
    const oldForms = (await world.store.kms.materialPage(100)).map((m) => Buffer.from(m.sealed));
    const report = await rotateRootKey({ root: first.root, rootBox: first.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, first.rootBox)] });
    assert.deepEqual(report, { from: [1], to: 2, resumed: false, resealed: { "kms-key-material": 2 }, remaining: 0, retired: [1], resealedAfterRetiring: 0, oldFormsForgotten: true });
    assert.deepEqual(await materialVersions(world.store), [2, 2]);
    // The material as it was sealed under version 1 is in no file (the write-ahead log held it), so
    // the old key file, had it leaked, opens nothing found on this disk.
    for (const name of await readdir(world.dataDir)) {
      const bytes = await readFile(join(world.dataDir, name)).catch(() => Buffer.alloc(0));
      for (const old of oldForms) assert.equal(bytes.indexOf(old), -1, `an old sealed form is left in ${name}`);
    }
    const files = (await readdir(world.dataDir)).filter((f) => f.startsWith("root.key"));
    assert.deepEqual(files, ["root.key.v2"]);
    assert.notDeepEqual(await readFile(join(world.dataDir, "root.key.v2")), oldKeyFile);
    // A process started afterwards holds only version 2, and reads everything.
    const fresh = await processOf(world.store, source);
    t.after(() => fresh.root.destroy());
    assert.deepEqual(fresh.root.versions, [2]);
    assert.deepEqual(await readAll(fresh.box, values), values.map((v) => v.plain));
  });

  it("a rotation interrupted half-way leaves everything readable, and running it again finishes it without a third version", async (t) => {
    const { world, source, first, values } = await fileWorld(t);
    const material = kmsMaterialKind(world.store.kms, first.rootBox);
    let resealed = 0;
    const crashing: RootSealedKind = {
      kind: material.kind,
      async *values() {
        for await (const value of material.values()) {
          yield { sealed: value.sealed, reseal: async () => {
            if (resealed++ === 1) throw new Error("the process died here");
            return value.reseal();
          } };
        }
      },
    };
    await assert.rejects(rotateRootKey({ root: first.root, rootBox: first.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [crashing] }), /the process died here/);
    assert.deepEqual((await materialVersions(world.store)).sort(), [1, 2]);
    const afterCrash = await processOf(world.store, source);
    t.after(() => afterCrash.root.destroy());
    assert.deepEqual(afterCrash.root.versions, [1, 2]);
    assert.deepEqual(await readAll(afterCrash.box, values), values.map((v) => v.plain));

    const report = await rotateRootKey({ root: afterCrash.root, rootBox: afterCrash.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, afterCrash.rootBox)] });
    assert.deepEqual(report, { from: [1, 2], to: 2, resumed: true, resealed: { "kms-key-material": 1 }, remaining: 0, retired: [1], resealedAfterRetiring: 0, oldFormsForgotten: true });
    assert.deepEqual(await materialVersions(world.store), [2, 2]);
    const fresh = await processOf(world.store, source);
    t.after(() => fresh.root.destroy());
    assert.deepEqual(await readAll(fresh.box, values), values.map((v) => v.plain));
  });

  it("another process (a worker started before the rotation) learns the new version on its next seal and on reading a resealed value", async (t) => {
    const { world, source, first, values } = await fileWorld(t);
    const worker = await processOf(world.store, source);
    t.after(() => worker.root.destroy());
    assert.deepEqual(worker.root.versions, [1]);
    const rotator = await processOf(world.store, source);
    t.after(() => rotator.root.destroy());
    await rotateRootKey({ root: rotator.root, rootBox: rotator.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, rotator.rootBox)] });
    // Reading material resealed under version 2, which the worker has never seen.
    assert.deepEqual(await readAll(worker.box, values), values.map((v) => v.plain));
    assert.deepEqual(worker.root.versions, [2], "version 1 was retired on disk, so the worker dropped it");
    // A new account's default key: its material is sealed by the worker, under version 2.
    await world.store.identity.createAccount({ accountId: "333333333333", name: "third", createdAt: new Date(0), isManagement: false });
    const third = await worker.box.seal(new TextEncoder().encode("third"), context("333333333333", 9));
    assert.deepEqual(await materialVersions(world.store), [2, 2, 2]);
    assert.equal(new TextDecoder().decode(await first.box.open(third, context("333333333333", 9))), "third");
  });

  it("a worker that sealed new material under version 1 and writes it only after a whole rotation reseals it itself", async (t) => {
    const { world, source } = await fileWorld(t);
    const worker = await processOf(world.store, source);
    const rotator = await processOf(world.store, source, { holdRetired: true });
    t.after(() => { worker.root.destroy(); rotator.root.destroy(); });
    const key = newKeyRecord();
    const written = await writeNewMaterial(worker.rootBox, world.store.kms, { keyId: key.keyId, keyArn: key.arn, version: 1, createdAt: new Date(), onDemand: false }, async (record) => {
      assert.equal(rootVersionOf(record.sealed), 1);
      // The worker stalls here while a whole rotation runs: the sweep never sees this row.
      const report = await rotateRootKey({ root: rotator.root, rootBox: rotator.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, rotator.rootBox)] });
      assert.deepEqual([report.retired, report.resealedAfterRetiring], [[1], 0]);
      await world.store.kms.createKey(key, record, "{}", []);
    });
    assert.equal(rootVersionOf(written.sealed), 2);
    assert.equal(rootVersionOf((await world.store.kms.getMaterial(key.keyId, 1))!.sealed), 2);
    const fresh = await processOf(world.store, source);
    t.after(() => fresh.root.destroy());
    const row = (await world.store.kms.getMaterial(key.keyId, 1))!;
    assert.equal(await withMaterial(fresh.rootBox, row.sealed, key.arn, 1, (m) => m.length), 32);
  });

  it("material a worker wrote under version 1 after the second pass but before removal is resealed by the rotation's last pass", async (t) => {
    const { world, source } = await fileWorld(t);
    const worker = await processOf(world.store, source);
    const rotator = await processOf(world.store, source, { holdRetired: true });
    t.after(() => { worker.root.destroy(); rotator.root.destroy(); });
    const key = newKeyRecord();
    const early = await worker.rootBox.seal(new Uint8Array(32).fill(9), materialContext(key.arn, 1));
    assert.equal(rootVersionOf(early), 1);
    const root = rotator.root;
    const racing: RotatingRoot = {
      get versions() { return root.versions; },
      get current() { return root.current; },
      refresh: () => root.refresh(),
      add: () => root.add(),
      // The worker's write lands between the second pass and the removal (its own check after the write has not run yet).
      retireOlder: async (below) => {
        await world.store.kms.createKey(key, { keyId: key.keyId, version: 1, sealed: early, createdAt: new Date(), onDemand: false }, "{}", []);
        return root.retireOlder(below);
      },
    };
    const report = await rotateRootKey({ root: racing, rootBox: rotator.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, rotator.rootBox)] });
    assert.deepEqual([report.retired, report.resealedAfterRetiring], [[1], 1]);
    const fresh = await processOf(world.store, source);
    t.after(() => fresh.root.destroy());
    const row = (await world.store.kms.getMaterial(key.keyId, 1))!;
    assert.equal(rootVersionOf(row.sealed), 2);
    assert.deepEqual(await withMaterial(fresh.rootBox, row.sealed, key.arn, 1, (m) => [...m]), [...new Uint8Array(32).fill(9)]);
  });

  it("Transit root: the Transit key is rotated, a new data key made under its version 2, the old record rewrapped then retired", async (t) => {
    const token = `hvs.${randomBytes(8).toString("hex")}`;
    const transit = await startTransitLoopback({ token });
    t.after(() => transit.close());
    transit.createKey("plinth-root");
    const wrapper = transitRootWrapper({ type: "transit", address: transit.address, mount: "transit", keyName: "plinth-root", token: new Sensitive(token) });
    const world = await kmsWorld(t, { root: async (dir) => {
      const { loadOrCreateWrappedRootKey } = await import("../../crypto/index.js");
      (await loadOrCreateWrappedRootKey(dir, wrapper)).destroy();
      return RootKeyring.open(wrappedRootSource(dir, wrapper));
    } });
    const source = wrappedRootSource(world.dataDir, wrapper);
    const first = await processOf(world.store, source);
    t.after(() => first.root.destroy());
    const values = await sealValues(first.box);
    const report = await rotateRootKey({ root: first.root, rootBox: first.rootBox, forgetOverwritten: (what) => world.store.forgetOverwritten(what), kinds: [kmsMaterialKind(world.store.kms, first.rootBox)] });
    assert.deepEqual([report.to, report.retired, report.remaining], [2, [1], 0]);
    assert.ok(transit.calls.includes("keys/plinth-root/rotate"), transit.calls.join(", "));
    const files = (await readdir(world.dataDir)).filter((f) => f.startsWith("root.key"));
    assert.deepEqual(files, ["root.key.wrapped.v2"]);
    assert.match(await readFile(join(world.dataDir, "root.key.wrapped.v2"), "utf8"), /"wrapped":"vault:v2:/);
    // Transit's version 1 can now be retired too: nothing plinth holds depends on it.
    transit.setMinDecryptionVersion("plinth-root", 2);
    const fresh = await processOf(world.store, source);
    t.after(() => fresh.root.destroy());
    assert.deepEqual(await readAll(fresh.box, values), values.map((v) => v.plain));
  });
});
