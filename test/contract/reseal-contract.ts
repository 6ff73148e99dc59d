import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import type { KmsKeyRecord, Store } from "../../src/store/index.js";
import { contractSuite, newId, randomAlnum } from "./iam-fixtures.js";

const sealed = (n = 48) => new Uint8Array(randomBytes(n));

/**
 * Resealing stored secrets in place (the root key's rotation, the move of root-sealed secrets under
 * the accounts' default keys): every form is a compare-and-swap on the sealed bytes, so a row
 * written meanwhile by another process is never overwritten by an older value sealed anew.
 */
export function resealContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: resealing in place`, open, (f) => {
    it("KMS material: every key's versions page in key then version order, and a version is replaced only while unchanged", async () => {
      const a = await f.account();
      const keys: KmsKeyRecord[] = [];
      for (let i = 0; i < 3; i++) {
        const keyId = randomUUID();
        const k: KmsKeyRecord = {
          keyId, accountId: a, region: "eu-west-2", arn: `arn:aws:kms:eu-west-2:${a}:key/${keyId}`, description: "", keySpec: "SYMMETRIC_DEFAULT",
          keyUsage: "ENCRYPT_DECRYPT", state: "Enabled", createdAt: new Date("2026-01-01T00:00:00.000Z"), rotationEnabled: false, currentVersion: 1,
        };
        await f.store.kms.createKey(k, { keyId, version: 1, sealed: sealed(), createdAt: k.createdAt, onDemand: false }, "{}", []);
        await f.store.kms.rotate({ keyId, version: 2, sealed: sealed(), createdAt: k.createdAt, onDemand: true });
        keys.push(k);
      }
      const mine = new Set(keys.map((k) => k.keyId));
      const seen: Array<[string, number]> = [];
      let after: { keyId: string; version: number } | undefined;
      for (;;) {
        const page = await f.store.kms.materialPage(2, after);
        seen.push(...page.filter((m) => mine.has(m.keyId)).map((m): [string, number] => [m.keyId, m.version]));
        if (page.length < 2) break;
        after = { keyId: page.at(-1)!.keyId, version: page.at(-1)!.version };
      }
      const expected = [...mine].sort().flatMap((id): Array<[string, number]> => [[id, 1], [id, 2]]);
      assert.deepEqual(seen, expected);

      const k = keys[0]!;
      const old = (await f.store.kms.getMaterial(k.keyId, 1))!.sealed;
      const fresh = sealed();
      assert.equal(await f.store.kms.replaceMaterial(k.keyId, 1, sealed(), fresh), false, "not while it holds something else");
      assert.equal(await f.store.kms.replaceMaterial(k.keyId, 1, old, fresh), true);
      assert.deepEqual((await f.store.kms.getMaterial(k.keyId, 1))!.sealed, fresh);
      assert.equal(await f.store.kms.replaceMaterial(k.keyId, 1, old, sealed()), false, "a second reseal of the old value loses");
      assert.equal(await f.store.kms.replaceMaterial(randomUUID(), 1, old, sealed()), false);
    });

    it("MFA seeds, API-key secrets and access-key secrets are replaced only while unchanged", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const device = f.mfaRecord(a);
      await f.store.iam.createMfaDevice(device);
      const next = sealed();
      assert.equal(await f.store.iam.resealMfaSeed(device.serialNumber, sealed(), next), false);
      assert.equal(await f.store.iam.resealMfaSeed(device.serialNumber, device.seedCiphertext, next), true);
      assert.deepEqual((await f.store.iam.getMfaDevice(device.serialNumber))!.seedCiphertext, next);

      const credential = {
        credentialId: `ACCA${randomAlnum(16)}`, userId: u.userId, serviceName: "bedrock.amazonaws.com", alias: `someone-at-123456789012-${randomAlnum(8)}`,
        secretCiphertext: sealed(), status: "Active" as const, createdAt: new Date("2025-07-01T10:00:00.000Z"),
      };
      await f.store.serviceCredentials.create(credential);
      assert.equal(await f.store.serviceCredentials.resealSecret(credential.credentialId, sealed(), next), false);
      assert.equal(await f.store.serviceCredentials.resealSecret(credential.credentialId, credential.secretCiphertext, next), true);
      assert.deepEqual((await f.store.serviceCredentials.get(credential.credentialId))!.secretCiphertext, next);

      const key = { accessKeyId: newId("AKIA"), userId: u.userId, secretCiphertext: sealed(), status: "Active" as const, createdAt: new Date() };
      await f.store.identity.createAccessKey(key);
      assert.equal(await f.store.identity.resealAccessKeySecret(key.accessKeyId, sealed(), next), false);
      assert.equal(await f.store.identity.resealAccessKeySecret(key.accessKeyId, key.secretCiphertext, next), true);
      assert.deepEqual((await f.store.identity.getAccessKey(key.accessKeyId))!.secretCiphertext, next);
    });
  });
}
