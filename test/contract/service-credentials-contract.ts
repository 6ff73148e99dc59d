import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { MAX_SERVICE_CREDENTIALS_PER_SERVICE } from "../../src/store/index.js";
import type { ServiceCredentialRecord, Store } from "../../src/store/index.js";
import { contractSuite, outcomes, randomAlnum, rejectsWith } from "./iam-fixtures.js";

const BEDROCK = "bedrock.amazonaws.com";

function record(userId: string, extra: Partial<ServiceCredentialRecord> = {}): ServiceCredentialRecord {
  return {
    credentialId: `ACCA${randomAlnum(16)}`, userId, serviceName: BEDROCK, alias: `someone-at-123456789012-${randomAlnum(8)}`,
    secretCiphertext: new Uint8Array(randomBytes(64)), status: "Active", createdAt: new Date("2025-07-01T10:00:00.000Z"), ...extra,
  };
}

/** IAM service-specific credentials (Bedrock long-term API keys): sealed secrets, unique aliases, two per service. */
export function serviceCredentialsContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: service-specific credentials`, open, (f) => {
    it("a credential round-trips with every field, by id and by alias, its sealed secret byte for byte", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const lasting = record(u.userId, { secretCiphertext: Uint8Array.from({ length: 256 }, (_, i) => i) });
      const expiring = record(u.userId, { status: "Inactive", expiresAt: new Date("2026-07-01T10:00:00.001Z") });
      await f.store.serviceCredentials.create(lasting);
      await f.store.serviceCredentials.create(expiring);
      const owner = { accountId: a, userName: u.userName, arn: u.arn };
      assert.deepEqual(await f.store.serviceCredentials.get(lasting.credentialId), { ...lasting, ...owner });
      assert.deepEqual(await f.store.serviceCredentials.getByAlias(expiring.alias), { ...expiring, ...owner });
      assert.equal(Object.getPrototypeOf((await f.store.serviceCredentials.get(lasting.credentialId))?.secretCiphertext), Uint8Array.prototype);
    });

    it("a missing credential is undefined, and an alias that could not exist is not looked up", async () => {
      assert.equal(await f.store.serviceCredentials.get(`ACCA${randomAlnum(16)}`), undefined);
      assert.equal(await f.store.serviceCredentials.getByAlias("nobody-at-123456789012-ABCDEFGH"), undefined);
      assert.equal(await f.store.serviceCredentials.getByAlias("not:an alias"), undefined);
      assert.equal(await f.store.serviceCredentials.getByAlias(""), undefined);
    });

    it("shapes are checked: the id, the alias (never a ':'), the service, the status and a non-empty secret", async () => {
      const u = await f.user(await f.account());
      for (const bad of [
        record(u.userId, { credentialId: "AKIAAAAAAAAAAAAAAAAA" }), record(u.userId, { alias: "alice:secret" }), record(u.userId, { alias: "" }),
        record(u.userId, { serviceName: "Bedrock Service" }), record(u.userId, { status: "Expired" as never }),
        record(u.userId, { secretCiphertext: new Uint8Array() }),
      ]) await rejectsWith(f.store.serviceCredentials.create(bad), "validation");
      assert.deepEqual(await f.store.serviceCredentials.list(u.userId), []);
    });

    it("a credential needs an existing user; ids and aliases are unique", async () => {
      const u = await f.user(await f.account());
      await rejectsWith(f.store.serviceCredentials.create(record(`AIDA${randomAlnum(16)}`)), "not-found");
      const first = record(u.userId);
      await f.store.serviceCredentials.create(first);
      const other = await f.user(await f.account());
      await rejectsWith(f.store.serviceCredentials.create(record(other.userId, { credentialId: first.credentialId })), "conflict");
      await rejectsWith(f.store.serviceCredentials.create(record(other.userId, { alias: first.alias })), "conflict");
    });

    it(`a user has at most ${MAX_SERVICE_CREDENTIALS_PER_SERVICE} credentials per service; other services and users are counted apart`, async () => {
      const u = await f.user(await f.account());
      await f.store.serviceCredentials.create(record(u.userId));
      await f.store.serviceCredentials.create(record(u.userId));
      await rejectsWith(f.store.serviceCredentials.create(record(u.userId)), "service-quota-exceeded");
      await f.store.serviceCredentials.create(record(u.userId, { serviceName: "codecommit.amazonaws.com" }));
      await f.store.serviceCredentials.create(record((await f.user(await f.account())).userId));
      assert.equal((await f.store.serviceCredentials.list(u.userId)).length, 3);
    });

    it("racing creations never leave more than two credentials for a service", async () => {
      for (let round = 0; round < 5; round++) {
        const u = await f.user(await f.account());
        const results = await Promise.allSettled([1, 2, 3, 4].map(() => f.store.serviceCredentials.create(record(u.userId))));
        assert.deepEqual(outcomes(results), { fulfilled: 2, faults: ["service-quota-exceeded", "service-quota-exceeded"] });
      }
    });

    it("lists are oldest first: a user's own, and every user's of one account", async () => {
      const a = await f.account();
      const [u, v] = [await f.user(a), await f.user(a)];
      const newer = record(u.userId, { createdAt: new Date("2025-08-01T00:00:00.000Z") });
      const older = record(u.userId, { createdAt: new Date("2025-06-01T00:00:00.000Z") });
      const theirs = record(v.userId, { createdAt: new Date("2025-07-01T00:00:00.000Z") });
      for (const r of [newer, older, theirs]) await f.store.serviceCredentials.create(r);
      await f.store.serviceCredentials.create(record((await f.user(await f.account())).userId));
      assert.deepEqual((await f.store.serviceCredentials.list(u.userId)).map((c) => c.credentialId), [older.credentialId, newer.credentialId]);
      assert.deepEqual((await f.store.serviceCredentials.listForAccount(a)).map((c) => [c.credentialId, c.userName]),
        [[older.credentialId, u.userName], [theirs.credentialId, v.userName], [newer.credentialId, u.userName]]);
    });

    it("status changes, secret resets and deletion take effect; each says whether the credential existed", async () => {
      const u = await f.user(await f.account());
      const c = record(u.userId);
      await f.store.serviceCredentials.create(c);
      assert.equal(await f.store.serviceCredentials.setStatus(c.credentialId, "Inactive"), true);
      assert.equal((await f.store.serviceCredentials.get(c.credentialId))?.status, "Inactive");
      await rejectsWith(f.store.serviceCredentials.setStatus(c.credentialId, "Expired" as never), "validation");
      const fresh = new Uint8Array(randomBytes(80));
      assert.equal(await f.store.serviceCredentials.replaceSecret(c.credentialId, fresh), true);
      assert.deepEqual((await f.store.serviceCredentials.getByAlias(c.alias))?.secretCiphertext, fresh);
      await rejectsWith(f.store.serviceCredentials.replaceSecret(c.credentialId, new Uint8Array()), "validation");
      assert.equal(await f.store.serviceCredentials.delete(c.credentialId), true);
      assert.equal(await f.store.serviceCredentials.delete(c.credentialId), false);
      assert.equal(await f.store.serviceCredentials.setStatus(c.credentialId, "Active"), false);
      assert.equal(await f.store.serviceCredentials.replaceSecret(c.credentialId, fresh), false);
      assert.equal(await f.store.serviceCredentials.getByAlias(c.alias), undefined);
    });

    it("a user with a credential cannot be deleted; every change counts as an IAM change", async () => {
      const a = await f.account();
      const u = await f.user(a);
      const c = record(u.userId);
      const before = await f.store.iam.changeCounter(a);
      await f.store.serviceCredentials.create(c);
      await f.store.serviceCredentials.setStatus(c.credentialId, "Inactive");
      await f.store.serviceCredentials.replaceSecret(c.credentialId, new Uint8Array(randomBytes(16)));
      assert.ok(await f.store.iam.changeCounter(a) >= before + 3);
      const refused = await rejectsWith(f.store.iam.deleteUser(u.userId), "conflict");
      assert.match(refused.message, /service-specific credentials/);
      await f.store.serviceCredentials.delete(c.credentialId);
      assert.equal(await f.store.iam.deleteUser(u.userId), true);
    });
  });
}
