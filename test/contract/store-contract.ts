import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import type { AccessKeyRecord, AccountRecord, Store, UserRecord } from "../../src/store/index.js";
import { iamAuthorizationContract } from "./iam-authorization-contract.js";
import { iamChangesContract } from "./iam-changes-contract.js";
import { iamMfaAttemptsContract } from "./iam-mfa-attempts-contract.js";
import { iamPoliciesContract } from "./iam-policies-contract.js";
import { iamPrincipalsContract } from "./iam-principals-contract.js";
import { iamTagsAndMfaContract } from "./iam-tags-mfa-contract.js";
import { organizationContract } from "./organization-contract.js";
import { inferenceProfilesContract } from "./inference-profiles-contract.js";
import { provisionedContract } from "./provisioned-contract.js";
import { guardrailsContract } from "./guardrails-contract.js";
import { auditContract } from "./audit-contract.js";
import { auditPruneContract } from "./audit-prune-contract.js";
import { dataRetentionContract } from "./data-retention-contract.js";
import { invocationLoggingContract } from "./invocation-logging-contract.js";
import { resealContract } from "./reseal-contract.js";
import { kmsContract } from "./kms-contract.js";
import { enforcedGuardrailsContract } from "./enforced-guardrails-contract.js";
import { serviceCredentialsContract } from "./service-credentials-contract.js";
import { rejectsWith } from "../support/faults.js";

/**
 * The behaviour every Store shares, run against each dialect (kysely's practice: one test, every
 * database). `open` must answer a store over the same database each time it is called, empty
 * before the first call: the suite reopens it to check that migrations are idempotent and that
 * data persists. Tests use fresh random ids, so they do not depend on each other, except the
 * first, which checks the empty database. The IAM, Organizations and resource-policy halves
 * follow, one file per concern (each opens a store of its own over the same database).
 */
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const randomAlnum = (n: number): string => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join("");
export const newAccountId = (): string => Array.from({ length: 12 }, () => randomInt(10)).join("");
export const newUserId = (): string => `AIDA${randomAlnum(16)}`;
export const newAccessKeyId = (): string => `AKIA${randomAlnum(16)}`;


export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    before(async () => { store = await open(); });
    after(async () => { await store?.close(); });

    const account = (extra: Partial<AccountRecord> = {}): AccountRecord =>
      ({ accountId: newAccountId(), name: "dev", createdAt: new Date("2024-02-29T23:59:59.999Z"), isManagement: false, ...extra });
    const user = (accountId: string, extra: Partial<UserRecord> = {}): UserRecord => {
      const userName = extra.userName ?? `alice-${randomAlnum(6).toLowerCase()}`;
      return { userId: newUserId(), accountId, userName, path: "/", arn: `arn:aws:iam::${accountId}:user/${userName}`, createdAt: new Date(), ...extra };
    };
    const accessKey = (userId: string, extra: Partial<AccessKeyRecord> = {}): AccessKeyRecord =>
      ({ accessKeyId: newAccessKeyId(), userId, secretCiphertext: new Uint8Array(randomBytes(64)), status: "Active", createdAt: new Date(), ...extra });
    async function seededUser(): Promise<UserRecord> {
      const a = account();
      await store.identity.createAccount(a);
      const u = user(a.accountId);
      await store.identity.createUser(u);
      return u;
    }

    it("a new database has no management account and no settings", async () => {
      assert.equal(await store.identity.getManagementAccount(), undefined);
      assert.equal(await store.meta.get("bootstrap_completed"), undefined);
    });

    it("an account round-trips with every field, timestamps to the millisecond", async () => {
      const withEmail = account({ email: "ops@example.com" });
      const without = account();
      await store.identity.createAccount(withEmail);
      await store.identity.createAccount(without);
      assert.deepEqual(await store.identity.getAccount(withEmail.accountId), withEmail);
      assert.deepEqual(await store.identity.getAccount(without.accountId), without);
      assert.equal((await store.identity.getAccount(withEmail.accountId))?.createdAt.getTime(), withEmail.createdAt.getTime());
    });

    it("a missing account, user or key is undefined, not an error", async () => {
      assert.equal(await store.identity.getAccount(newAccountId()), undefined);
      assert.equal(await store.identity.getUserByName(newAccountId(), "nobody"), undefined);
      assert.equal(await store.identity.getAccessKey(newAccessKeyId()), undefined);
      assert.deepEqual(await store.identity.listAccessKeys(newUserId()), []);
    });

    it("there is at most one management account", async () => {
      const management = account({ isManagement: true, name: "management" });
      await store.identity.createAccount(management);
      assert.deepEqual(await store.identity.getManagementAccount(), management);
      await rejectsWith(store.identity.createAccount(account({ isManagement: true })), "conflict");
      await store.identity.createAccount(account());
      assert.deepEqual(await store.identity.getManagementAccount(), management, "ordinary accounts do not displace it");
    });

    it("a duplicate account id is a conflict fault", async () => {
      const a = account();
      await store.identity.createAccount(a);
      const f = await rejectsWith(store.identity.createAccount({ ...a, name: "other" }), "conflict");
      assert.match(f.message, new RegExp(a.accountId));
    });

    it("a malformed account id is a validation fault naming the field", async () => {
      const f = await rejectsWith(store.identity.createAccount(account({ accountId: "12345" })), "validation");
      assert.equal(f.detail.field, "accountId");
    });

    it("a user round-trips and is found by name without regard to case", async () => {
      const u = await seededUser();
      assert.deepEqual(await store.identity.getUserByName(u.accountId, u.userName), u);
      assert.deepEqual(await store.identity.getUserByName(u.accountId, u.userName.toUpperCase()), u);
    });

    it("user names are unique per account without regard to case, and free across accounts", async () => {
      const u = await seededUser();
      await rejectsWith(store.identity.createUser(user(u.accountId, { userName: u.userName.toUpperCase() })), "conflict");
      const other = account();
      await store.identity.createAccount(other);
      await store.identity.createUser(user(other.accountId, { userName: u.userName }));
      assert.equal((await store.identity.getUserByName(other.accountId, u.userName))?.accountId, other.accountId);
    });

    it("a user in a missing account is a not-found fault (foreign keys are enforced)", async () => {
      await rejectsWith(store.identity.createUser(user(newAccountId())), "not-found");
    });

    it("a duplicate user id is a conflict fault", async () => {
      const u = await seededUser();
      await rejectsWith(store.identity.createUser({ ...u, userName: "someone-else", arn: `arn:aws:iam::${u.accountId}:user/someone-else` }), "conflict");
    });

    it("an access key round-trips its sealed secret byte for byte, joined with its owner", async () => {
      const u = await seededUser();
      const everyByte = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const key = accessKey(u.userId, { secretCiphertext: everyByte, status: "Inactive" });
      await store.identity.createAccessKey(key);
      const found = await store.identity.getAccessKey(key.accessKeyId);
      assert.deepEqual(found, { ...key, accountId: u.accountId, userName: u.userName, arn: u.arn });
      assert.equal(Object.getPrototypeOf(found?.secretCiphertext), Uint8Array.prototype, "a plain Uint8Array, not a driver Buffer");
    });

    it("a duplicate access key id is a conflict fault whose message holds no ciphertext", async () => {
      const u = await seededUser();
      const key = accessKey(u.userId);
      await store.identity.createAccessKey(key);
      const f = await rejectsWith(store.identity.createAccessKey({ ...key, secretCiphertext: randomBytes(64) }), "conflict");
      assert.match(f.message, new RegExp(key.accessKeyId));
      assert.ok(!f.message.includes(Buffer.from(key.secretCiphertext).toString("hex").slice(0, 16)));
      assert.deepEqual((await store.identity.getAccessKey(key.accessKeyId))?.secretCiphertext, key.secretCiphertext, "the first key is untouched");
    });

    it("an access key for a missing user is a not-found fault", async () => {
      await rejectsWith(store.identity.createAccessKey(accessKey(newUserId())), "not-found");
    });

    it("a user's access keys are listed oldest first", async () => {
      const u = await seededUser();
      const newer = accessKey(u.userId, { createdAt: new Date("2025-01-02T00:00:00.000Z") });
      const older = accessKey(u.userId, { createdAt: new Date("2025-01-01T00:00:00.000Z") });
      await store.identity.createAccessKey(newer);
      await store.identity.createAccessKey(older);
      assert.deepEqual((await store.identity.listAccessKeys(u.userId)).map((k) => k.accessKeyId), [older.accessKeyId, newer.accessKeyId]);
    });

    it("status changes and deletion answer whether the key existed", async () => {
      const u = await seededUser();
      const key = accessKey(u.userId);
      await store.identity.createAccessKey(key);
      assert.equal(await store.identity.setAccessKeyStatus(key.accessKeyId, "Inactive"), true);
      assert.equal((await store.identity.getAccessKey(key.accessKeyId))?.status, "Inactive");
      assert.equal(await store.identity.setAccessKeyStatus(newAccessKeyId(), "Inactive"), false);
      await rejectsWith(store.identity.setAccessKeyStatus(key.accessKeyId, "Revoked" as never), "validation");
      assert.equal(await store.identity.deleteAccessKey(key.accessKeyId), true);
      assert.equal(await store.identity.getAccessKey(key.accessKeyId), undefined);
      assert.equal(await store.identity.deleteAccessKey(key.accessKeyId), false);
    });

    it("recording key use keeps the newest use, whatever order the records arrive in", async () => {
      const u = await seededUser();
      const key = accessKey(u.userId);
      await store.identity.createAccessKey(key);
      assert.equal((await store.identity.getAccessKey(key.accessKeyId))?.lastUsed, undefined);
      const late = new Date("2025-06-01T12:00:00.123Z");
      await store.identity.recordAccessKeyUse(key.accessKeyId, late, "eu-west-2", "bedrock");
      await store.identity.recordAccessKeyUse(key.accessKeyId, new Date("2025-06-01T11:00:00.000Z"), "us-east-1", "sts");
      assert.deepEqual((await store.identity.getAccessKey(key.accessKeyId))?.lastUsed, { at: late, region: "eu-west-2", service: "bedrock" });
      await store.identity.recordAccessKeyUse(newAccessKeyId(), late, "eu-west-2", "bedrock");
    });

    it("settings are set, overwritten, read and deleted", async () => {
      const key = `test_${randomAlnum(8).toLowerCase()}`;
      assert.equal(await store.meta.get(key), undefined);
      await store.meta.set(key, "one");
      await store.meta.set(key, "two");
      assert.equal(await store.meta.get(key), "two");
      assert.equal(await store.meta.delete(key), true);
      assert.equal(await store.meta.get(key), undefined);
      assert.equal(await store.meta.delete(key), false);
    });

    it("opening the database again runs no migration twice and sees the same data", async () => {
      const a = account();
      await store.identity.createAccount(a);
      const again = await open();
      try {
        assert.equal(again.dialect, store.dialect);
        assert.deepEqual(await again.identity.getAccount(a.accountId), a);
        const b = account();
        await again.identity.createAccount(b);
        assert.deepEqual(await store.identity.getAccount(b.accountId), b);
      } finally {
        await again.close();
      }
      const third = await open();
      await third.close();
      await third.close();
    });
  });
  iamPrincipalsContract(name, open);
  iamPoliciesContract(name, open);
  iamAuthorizationContract(name, open);
  iamTagsAndMfaContract(name, open);
  iamMfaAttemptsContract(name, open);
  organizationContract(name, open);
  iamChangesContract(name, open);
  serviceCredentialsContract(name, open);
  inferenceProfilesContract(name, open);
  provisionedContract(name, open);
  guardrailsContract(name, open);
  auditContract(name, open);
  auditPruneContract(name, open);
  dataRetentionContract(name, open);
  invocationLoggingContract(name, open);
  kmsContract(name, open);
  resealContract(name, open);
  enforcedGuardrailsContract(name, open);
}
