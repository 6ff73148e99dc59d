import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { AccessKeyRecord, AccessKeyStatus, AccessKeyWithOwner, AccountRecord, IdentityStore, UserRecord } from "./port.js";
import { accessKeyFromRow, accountFromRow, userFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import { ACCESS_KEY_ID, ACCOUNT_ID, USER_ID, USER_NAME, USER_PATH, asBuffer, isoTime, requireIamArn, requireShape } from "./shapes.js";

const STATUSES: readonly string[] = ["Active", "Inactive"] satisfies AccessKeyStatus[];

/** IAM's quota of access keys per user (LimitExceeded). */
export const MAX_ACCESS_KEYS_PER_USER = 2;

/**
 * IdentityStore over kysely: the same queries on every dialect. Creating a user and creating,
 * changing or deleting an access key count as IAM changes (see iam-tx.ts); recording a key's
 * use does not (it happens on every request and changes nothing a policy reads).
 */
export class KyselyIdentityStore implements IdentityStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createAccount(account: AccountRecord): Promise<void> {
    requireShape("accountId", account.accountId, ACCOUNT_ID, "must be 12 digits");
    const row = {
      account_id: account.accountId,
      name: account.name,
      email: account.email ?? null,
      created_at: isoTime("createdAt", account.createdAt),
      is_management: account.isManagement ? 1 : 0,
    };
    const conflict = account.isManagement
      ? `account ${account.accountId} already exists, or a management account is already set`
      : `account ${account.accountId} already exists`;
    await guarded(() => this.#db.insertInto("accounts").values(row).execute(), { conflict });
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("accounts").selectAll().where("account_id", "=", accountId).executeTakeFirst());
    return row && accountFromRow(row);
  }

  async getManagementAccount(): Promise<AccountRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("accounts").selectAll().where("is_management", "=", 1).executeTakeFirst());
    return row && accountFromRow(row);
  }

  async createUser(user: UserRecord): Promise<void> {
    requireShape("userId", user.userId, USER_ID, "must be AIDA followed by 16 upper-case letters or digits");
    requireShape("accountId", user.accountId, ACCOUNT_ID, "must be 12 digits");
    requireShape("userName", user.userName, USER_NAME, "must be 1 to 64 characters of letters, digits and +=,.@_-");
    requireShape("path", user.path, USER_PATH, "must begin and end with / and hold printable ASCII");
    requireIamArn(user.arn, user.accountId, "user", user.path, user.userName);
    const row = {
      user_id: user.userId,
      account_id: user.accountId,
      user_name: user.userName,
      path: user.path,
      arn: user.arn,
      created_at: isoTime("createdAt", user.createdAt),
    };
    await transact(this.#db, async (trx) => {
      await countChange(trx, user.accountId);
      await trx.insertInto("iam_users").values(row).execute();
    }, {
      conflict: `user ${user.userName} (or id ${user.userId}) already exists in account ${user.accountId}`,
      missing: `account ${user.accountId} does not exist`,
    });
  }

  async getUserByName(accountId: string, userName: string): Promise<UserRecord | undefined> {
    if (!USER_NAME.test(userName)) return undefined;
    const row = await guarded(() =>
      this.#db
        .selectFrom("iam_users")
        .selectAll()
        .where("account_id", "=", accountId)
        // The same expression as the unique index, so the index serves the lookup.
        .where((eb) => eb(eb.fn<string>("lower", ["user_name"]), "=", userName.toLowerCase()))
        .executeTakeFirst(),
    );
    return row && userFromRow(row);
  }

  async createAccessKey(key: AccessKeyRecord): Promise<void> {
    requireShape("accessKeyId", key.accessKeyId, ACCESS_KEY_ID, "must be AKIA followed by 16 upper-case letters or digits");
    if (!STATUSES.includes(key.status)) throw invalid("status", "must be Active or Inactive");
    if (key.secretCiphertext.byteLength === 0) throw invalid("secretCiphertext", "must not be empty");
    const row = {
      access_key_id: key.accessKeyId,
      user_id: key.userId,
      secret_ciphertext: asBuffer(key.secretCiphertext),
      status: key.status,
      created_at: isoTime("createdAt", key.createdAt),
      last_used_at: key.lastUsed ? isoTime("lastUsed.at", key.lastUsed.at) : null,
      last_used_region: key.lastUsed?.region ?? null,
      last_used_service: key.lastUsed?.service ?? null,
    };
    await transact(this.#db, async (trx) => {
      const owner = await trx.selectFrom("iam_users").select(["account_id", "user_name"]).where("user_id", "=", key.userId).executeTakeFirst();
      if (!owner) throw fault("not-found", `user ${key.userId} does not exist`);
      await countChange(trx, owner.account_id);
      const keys = await trx.selectFrom("access_keys").select("access_key_id").where("user_id", "=", key.userId).execute();
      if (keys.length >= MAX_ACCESS_KEYS_PER_USER) {
        throw fault("service-quota-exceeded", `user ${owner.user_name} already has ${MAX_ACCESS_KEYS_PER_USER} access keys, the most IAM allows`);
      }
      await trx.insertInto("access_keys").values(row).execute();
    }, {
      conflict: `access key ${key.accessKeyId} already exists`,
      missing: `user ${key.userId} does not exist`,
    });
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyWithOwner | undefined> {
    const row = await guarded(() =>
      this.#db
        .selectFrom("access_keys as k")
        .innerJoin("iam_users as u", "u.user_id", "k.user_id")
        .selectAll("k")
        .select(["u.account_id", "u.user_name", "u.arn"])
        .where("k.access_key_id", "=", accessKeyId)
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    return { ...accessKeyFromRow(row), accountId: row.account_id, userName: row.user_name, arn: row.arn };
  }

  async listAccessKeys(userId: string): Promise<AccessKeyRecord[]> {
    const rows = await guarded(() =>
      this.#db.selectFrom("access_keys").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("access_key_id").execute(),
    );
    return rows.map(accessKeyFromRow);
  }

  async resealAccessKeySecret(accessKeyId: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean> {
    if (sealed.byteLength === 0) throw invalid("secretCiphertext", "must not be empty");
    const result = await guarded(() => this.#db.updateTable("access_keys").set({ secret_ciphertext: asBuffer(sealed) })
      .where("access_key_id", "=", accessKeyId).where("secret_ciphertext", "=", asBuffer(expected)).executeTakeFirst());
    return result.numUpdatedRows > 0n;
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean> {
    if (!STATUSES.includes(status)) throw invalid("status", "must be Active or Inactive");
    return this.#changeKey(accessKeyId, async (trx) => {
      const result = await trx.updateTable("access_keys").set({ status }).where("access_key_id", "=", accessKeyId).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async deleteAccessKey(accessKeyId: string): Promise<boolean> {
    return this.#changeKey(accessKeyId, async (trx) => {
      const result = await trx.deleteFrom("access_keys").where("access_key_id", "=", accessKeyId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /** Runs a change to an existing key as a counted IAM change; false when there is no such key. */
  #changeKey(accessKeyId: string, change: (trx: Tx) => Promise<boolean>): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const owner = await trx
        .selectFrom("access_keys as k")
        .innerJoin("iam_users as u", "u.user_id", "k.user_id")
        .select("u.account_id")
        .where("k.access_key_id", "=", accessKeyId)
        .executeTakeFirst();
      if (!owner) return false;
      await countChange(trx, owner.account_id);
      return change(trx);
    });
  }

  async recordAccessKeyUse(accessKeyId: string, at: Date, region: string, service: string): Promise<void> {
    const when = isoTime("at", at);
    await guarded(() =>
      this.#db
        .updateTable("access_keys")
        .set({ last_used_at: when, last_used_region: region, last_used_service: service })
        .where("access_key_id", "=", accessKeyId)
        // ISO text of fixed width orders as time does, so "newer" is a text comparison.
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", when)]))
        .execute(),
    );
  }
}
