import { it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { KmsKeyRecord, Store } from "../../src/store/index.js";
import { contractSuite, rejectsWith } from "./iam-fixtures.js";

const at = (iso: string) => new Date(iso);
const bytes = (s: string) => new TextEncoder().encode(s);
const REGION = "eu-west-2";

function keyOf(accountId: string): KmsKeyRecord {
  const keyId = randomUUID();
  return {
    keyId, accountId, region: REGION, arn: `arn:aws:kms:${REGION}:${accountId}:key/${keyId}`, description: "d", keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT", state: "Enabled", createdAt: at("2026-01-01T00:00:00.000Z"), rotationEnabled: false, currentVersion: 1,
  };
}

/** KMS keys: metadata, sealed material versions, aliases, tags, and deletion that erases the material. */
export function kmsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: kms`, open, (f) => {
    const material = (k: KmsKeyRecord, version: number) => ({ keyId: k.keyId, version, sealed: bytes(`sealed-${version}`), createdAt: at("2026-01-01T00:00:00.000Z"), onDemand: version > 1 });

    it("a key is created with its material, policy and tags in one go, and reads back as written", async () => {
      const a = await f.account();
      const k = keyOf(a);
      await f.store.kms.createKey(k, material(k, 1), "{\"Statement\":[]}", [{ key: "b", value: "2" }, { key: "a", value: "1" }]);
      assert.deepEqual(await f.store.kms.getKey(k.keyId), k);
      assert.equal(await f.store.resourcePolicies.get(k.arn), "{\"Statement\":[]}");
      assert.deepEqual(await f.store.kms.listTags(k.keyId), [{ key: "a", value: "1" }, { key: "b", value: "2" }]);
      assert.deepEqual((await f.store.kms.listKeys(a, REGION, 10)).map((x) => x.keyId), [k.keyId]);
      assert.deepEqual(await f.store.kms.listKeys(a, "us-east-1", 10), []);
      await rejectsWith(f.store.kms.createKey(keyOf("000000000000"), material(keyOf("000000000000"), 1), "{}", []), "not-found");
    });

    it("rotation adds a version and makes it current; changes and deletion dates round-trip", async () => {
      const k = keyOf(await f.account());
      await f.store.kms.createKey(k, material(k, 1), "{}", []);
      await f.store.kms.rotate(material(k, 2));
      assert.equal((await f.store.kms.getKey(k.keyId))!.currentVersion, 2);
      assert.deepEqual((await f.store.kms.listMaterial(k.keyId)).map((m) => [m.version, new TextDecoder().decode(m.sealed), m.onDemand]), [[1, "sealed-1", false], [2, "sealed-2", true]]);
      await rejectsWith(f.store.kms.rotate(material(k, 2)), "conflict");
      const deletionDate = at("2026-02-01T00:00:00.000Z");
      await f.store.kms.updateKey(k.keyId, { state: "PendingDeletion", deletionDate, pendingWindowDays: 7, rotationEnabled: true, rotationPeriodDays: 90 });
      const changed = (await f.store.kms.getKey(k.keyId))!;
      assert.deepEqual([changed.state, changed.deletionDate, changed.pendingWindowDays, changed.rotationEnabled, changed.rotationPeriodDays], ["PendingDeletion", deletionDate, 7, true, 90]);
      assert.ok((await f.store.kms.keysDueForDeletion(deletionDate)).includes(k.keyId));
      assert.ok(!(await f.store.kms.keysDueForDeletion(at("2026-01-31T00:00:00.000Z"))).includes(k.keyId));
      assert.ok((await f.store.kms.rotatingKeys()).some((r) => r.keyId === k.keyId));
    });

    it("aliases are unique per account and region, move between keys, and go with their key", async () => {
      const a = await f.account();
      const k1 = keyOf(a);
      const k2 = keyOf(a);
      await f.store.kms.createKey(k1, material(k1, 1), "{}", []);
      await f.store.kms.createKey(k2, material(k2, 1), "{}", []);
      const alias = { accountId: a, region: REGION, aliasName: "alias/x", keyId: k1.keyId, createdAt: at("2026-01-01T00:00:00.000Z"), updatedAt: at("2026-01-01T00:00:00.000Z") };
      await f.store.kms.createAlias(alias);
      await rejectsWith(f.store.kms.createAlias({ ...alias, keyId: k2.keyId }), "conflict");
      await f.store.kms.createAlias({ ...alias, region: "us-east-1" });
      assert.ok(await f.store.kms.updateAlias(a, REGION, "alias/x", k2.keyId, at("2026-01-02T00:00:00.000Z")));
      assert.deepEqual((await f.store.kms.listAliases(a, REGION, k2.keyId)).map((x) => x.aliasName), ["alias/x"]);
      assert.equal(await f.store.kms.updateAlias(a, REGION, "alias/none", k2.keyId, at("2026-01-02T00:00:00.000Z")), false);
      assert.ok(await f.store.kms.deleteKey(k2.keyId));
      assert.equal(await f.store.kms.getAlias(a, REGION, "alias/x"), undefined, "deleting a key deletes its aliases");
    });

    it("the account's keys in a region stop at maxKeys, counted in the insert's transaction so racing creates cannot overshoot", async () => {
      const a = await f.account();
      const keys = Array.from({ length: 5 }, () => keyOf(a));
      const results = await Promise.allSettled(keys.map((k) => f.store.kms.createKey(k, material(k, 1), "{}", [], 2)));
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
      for (const r of results) if (r.status === "rejected") await rejectsWith(Promise.reject(r.reason), "service-quota-exceeded");
      assert.equal((await f.store.kms.listKeys(a, REGION, 10)).length, 2);
      const elsewhere = { ...keyOf(a), region: "us-east-1" };
      await f.store.kms.createKey({ ...elsewhere, arn: elsewhere.arn.replace(REGION, "us-east-1") }, material(elsewhere, 1), "{}", [], 2);
    });

    it("a key's last use is recorded at most once per period", async () => {
      const k = keyOf(await f.account());
      await f.store.kms.createKey(k, material(k, 1), "{}", []);
      assert.equal((await f.store.kms.getKey(k.keyId))!.lastUsedAt, undefined);
      const day = 86_400_000;
      await f.store.kms.recordUse(k.keyId, at("2026-01-02T00:00:00.000Z"), day);
      await f.store.kms.recordUse(k.keyId, at("2026-01-02T23:00:00.000Z"), day);
      assert.deepEqual((await f.store.kms.getKey(k.keyId))!.lastUsedAt, at("2026-01-02T00:00:00.000Z"), "within the period: not written again");
      await f.store.kms.recordUse(k.keyId, at("2026-01-03T00:00:01.000Z"), day);
      assert.deepEqual((await f.store.kms.getKey(k.keyId))!.lastUsedAt, at("2026-01-03T00:00:01.000Z"));
    });

    it("an account's aliases in a region stop at maxAliases, counted in the insert's transaction", async () => {
      const a = await f.account();
      const k = keyOf(a);
      await f.store.kms.createKey(k, material(k, 1), "{}", []);
      const alias = (name: string, region = REGION) => ({ accountId: a, region, aliasName: name, keyId: k.keyId, createdAt: at("2026-01-01T00:00:00.000Z"), updatedAt: at("2026-01-01T00:00:00.000Z") });
      const results = await Promise.allSettled(["alias/a", "alias/b", "alias/c", "alias/d"].map((n) => f.store.kms.createAlias(alias(n), 2)));
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
      for (const r of results) if (r.status === "rejected") await rejectsWith(Promise.reject(r.reason), "service-quota-exceeded");
      await f.store.kms.createAlias(alias("alias/a", "us-east-1"), 2);
      assert.equal((await f.store.kms.listAliases(a, REGION)).length, 2);
    });

    it("deleting a key erases its material, tags and key policy", async () => {
      const k = keyOf(await f.account());
      await f.store.kms.createKey(k, material(k, 1), "{}", [{ key: "t", value: "v" }]);
      assert.ok(await f.store.kms.deleteKey(k.keyId));
      assert.equal(await f.store.kms.getKey(k.keyId), undefined);
      assert.deepEqual(await f.store.kms.listMaterial(k.keyId), []);
      assert.deepEqual(await f.store.kms.listTags(k.keyId), []);
      assert.equal(await f.store.resourcePolicies.get(k.arn), undefined);
      assert.equal(await f.store.kms.deleteKey(k.keyId), false);
    });
  });
}
