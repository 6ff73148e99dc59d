import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { isFault } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { SQLITE_FILE } from "../../store/index.js";
import { DEFAULT_KEY_ALIAS, KmsEnvelopeKeys } from "../kms/index.js";
import { ACCOUNT, REGION, kmsWorld } from "../kms/kms.fixture.js";
import { GuardrailControl } from "./control.js";
import { guardrailContext } from "./sealing.js";

const POLICIES: GuardrailPolicies = {
  words: [{ text: "canary-word-41f7", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
  blockedInputMessaging: "no", blockedOutputsMessaging: "no",
};
const me = { accountId: ACCOUNT };

async function world(t: TestContext) {
  const w = await kmsWorld(t);
  const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
  const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32).fill(3))), { keys });
  const control = new GuardrailControl({ store: w.store.guardrails, box, clock: w.clock, region: REGION, validate: () => undefined, keys });
  const key = await w.kms.keys.create(me, { description: "guardrails", bypassPolicyLockoutSafetyCheck: false, tags: [] });
  await w.kms.aliases.create(me, "alias/guardrails", key);
  /** A guardrail sealed under the customer key, named by its alias. */
  const guarded = async () => {
    const input = { name: `g${Math.random().toString(36).slice(2, 8)}`, policies: POLICIES, tags: [], kmsKeyId: "alias/guardrails" };
    const id = control.newId();
    const written = await control.create(ACCOUNT, id, input, await control.key(ACCOUNT, input));
    return { id, arn: written.arn };
  };
  return { ...w, keys, box, control, key, guarded };
}

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isFault(error), `expected a Fault, got ${String(error)}`);
    assert.ok(!error.message.includes("canary-word"), "no configuration in the message");
    return error;
  }
  return assert.fail("expected a refusal");
}

describe("guardrail configurations sealed under customer keys (kmsKeyId)", () => {
  it("kmsKeyId (an alias) is resolved once to the key ARN; GetGuardrail shows kmsKeyArn; a version stays under the key", async (t) => {
    const { control, key, box, store, guarded } = await world(t);
    const { id, arn } = await guarded();
    const target = await control.target(id, ACCOUNT);
    assert.equal((await control.view(target, "DRAFT")).kmsKeyArn, key.arn);
    assert.deepEqual(box.sealedUnder((await store.guardrails.get(ACCOUNT, id))!.sealed), { arn: key.arn });
    await control.createVersion(target, undefined);
    assert.equal((await control.view(await control.target(arn, ACCOUNT), "1")).kmsKeyArn, key.arn);
  });

  it("without kmsKeyId the configuration is under the account's default key and GetGuardrail shows no kmsKeyArn", async (t) => {
    const { control, box, store } = await world(t);
    const id = control.newId();
    await control.create(ACCOUNT, id, { name: "plain", policies: POLICIES, tags: [] });
    const view = await control.view(await control.target(id, ACCOUNT), "DRAFT");
    assert.equal(view.kmsKeyArn, undefined);
    const alias = (await store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!;
    assert.deepEqual(box.sealedUnder((await store.guardrails.get(ACCOUNT, id))!.sealed), { arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${alias.keyId}` });
  });

  it("customerKey: the key a version is under, for authorising its use; none for the default key, a missing version or guardrail", async (t) => {
    const { control, key, guarded } = await world(t);
    const { id } = await guarded();
    const target = await control.target(id, ACCOUNT);
    assert.deepEqual(await control.customerKey(target, "DRAFT"), { arn: key.arn });
    assert.equal(await control.customerKey(target, "3"), undefined);
    assert.equal(await control.customerKey(await control.target("nosuchguardr", ACCOUNT), "DRAFT"), undefined);
    const plain = control.newId();
    await control.create(ACCOUNT, plain, { name: "plain2", policies: POLICIES, tags: [] });
    assert.equal(await control.customerKey(await control.target(plain, ACCOUNT), "DRAFT"), undefined);
  });

  it("a kmsKeyId that names no key of the account is not found, naming the field", async (t) => {
    const { control } = await world(t);
    const f = await refusal(control.key(ACCOUNT, { name: "x", policies: POLICIES, kmsKeyId: "alias/none" }));
    assert.equal(f.kind, "not-found");
    assert.match(f.message, /KMS key/);
  });

  it("a disabled key: the guardrail cannot be read nor used at inference; enabling the key restores it", async (t) => {
    const { control, kms, key, guarded } = await world(t);
    const { id } = await guarded();
    await kms.keys.disable(key);
    assert.match((await refusal(control.view(await control.target(id, ACCOUNT), "DRAFT"))).message, /is disabled/);
    assert.match((await refusal(control.resolveForInference(ACCOUNT, id, "DRAFT"))).message, /is disabled/);
    await kms.keys.enable(key);
    assert.deepEqual((await control.resolveForInference(ACCOUNT, id, "DRAFT")).policies, POLICIES);
  });

  it("crypto-shredding: once the deletion window passes, the guardrail is unreadable and its bytes on disk open for no one", async (t) => {
    const { control, kms, key, clock, dataDir, box, guarded, store } = await world(t);
    const { id, arn } = await guarded();
    const material = Buffer.from((await store.kms.getMaterial(key.keyId, 1))!.sealed);
    await kms.keys.scheduleDeletion(key, 7);
    clock.advanceDays(7);
    const f = await refusal(control.resolveForInference(ACCOUNT, id, "DRAFT"));
    assert.equal(f.kind, "not-found");
    assert.match(f.message, new RegExp(`KMS key ${key.arn} no longer exists`));
    // The row as it lies in the SQLite file, read around the store.
    const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
    t.after(() => db.close());
    const row = db.prepare("SELECT sealed FROM guardrails WHERE guardrail_id = ?").get(id) as { sealed: Buffer };
    assert.ok(!row.sealed.includes("canary-word-41f7"), "no plaintext on disk");
    assert.deepEqual(box.sealedUnder(new Uint8Array(row.sealed)), { arn: key.arn });
    const opened = await refusal(box.open(new Uint8Array(row.sealed), guardrailContext(ACCOUNT, arn, "DRAFT")));
    assert.equal(opened.kind, "not-found");
    const rows = db.prepare("SELECT count(*) AS n FROM kms_key_material WHERE key_id = ?").get(key.keyId) as { n: number };
    assert.equal(rows.n, 0, "the key's material rows are gone");
    // And the bytes with them: zeroed in the database's pages (secure_delete), and gone from the
    // write-ahead log, which held the pages as they were (the store empties it after the delete).
    for (const name of await readdir(dataDir)) {
      const bytes = await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0)); // directories read as nothing
      assert.equal(bytes.indexOf(material), -1, `the sealed material is left in no file (${name})`);
    }
  });
});
