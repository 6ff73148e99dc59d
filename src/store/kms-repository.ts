import type { Kysely, Selectable } from "kysely";
import { Fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { Tag } from "./iam-port.js";
import { countChange, transact } from "./iam-tx.js";
import type { KmsAliasRecord, KmsKeyChanges, KmsKeyRecord, KmsKeyState, KmsMaterialRecord, KmsStore } from "./kms-port.js";
import type { Database, KmsKeysTable } from "./schema.js";
import type { LogTruncation } from "./wal-checkpointer.js";

const iso = (d: Date): string => d.toISOString();

function keyOf(row: Selectable<KmsKeysTable>): KmsKeyRecord {
  return {
    keyId: row.key_id, accountId: row.account_id, region: row.region, arn: row.arn, description: row.description,
    keySpec: row.key_spec, keyUsage: row.key_usage, state: row.key_state as KmsKeyState, createdAt: new Date(row.created_at),
    ...(row.deletion_date === null ? {} : { deletionDate: new Date(row.deletion_date) }),
    ...(row.pending_window_days === null ? {} : { pendingWindowDays: Number(row.pending_window_days) }),
    rotationEnabled: Number(row.rotation_enabled) === 1,
    ...(row.rotation_period_days === null ? {} : { rotationPeriodDays: Number(row.rotation_period_days) }),
    currentVersion: Number(row.current_version),
    ...(row.last_used_at === null ? {} : { lastUsedAt: new Date(row.last_used_at) }),
  };
}

/**
 * KMS keys, their sealed material, aliases and tags (migration 0015); key policies in
 * resource_policies. `wal` (SQLite) empties the write-ahead log after a key is deleted, which
 * still holds the material's pages as they were before the delete.
 */
export class KyselyKmsStore implements KmsStore {
  readonly #db: Kysely<Database>;
  readonly #wal: LogTruncation | undefined;

  constructor(db: Kysely<Database>, wal?: LogTruncation) {
    this.#db = db;
    this.#wal = wal;
  }

  async createKey(k: KmsKeyRecord, m: KmsMaterialRecord, policy: string, tags: readonly Tag[], maxKeys?: number): Promise<void> {
    await transact(this.#db, async (trx) => {
      // The key policy decides who may use the key: a change of it counts as one of the account's.
      // Counted first: its lock (row lock, SQLite's write lock) serialises the account's creates,
      // so the count below cannot be overtaken by a racing insert.
      await countChange(trx, k.accountId);
      if (maxKeys !== undefined) {
        const row = await trx.selectFrom("kms_keys").select((eb) => eb.fn.countAll<number | string>().as("n"))
          .where("account_id", "=", k.accountId).where("region", "=", k.region).executeTakeFirst();
        if (Number(row?.n ?? 0) >= maxKeys) {
          throw new Fault("service-quota-exceeded", `Account ${k.accountId} already has ${maxKeys} KMS keys in ${k.region}, its quota of keys per account and Region`);
        }
      }
      await trx.insertInto("kms_keys").values({
        key_id: k.keyId, account_id: k.accountId, region: k.region, arn: k.arn, description: k.description, key_spec: k.keySpec,
        key_usage: k.keyUsage, key_state: k.state, created_at: iso(k.createdAt), deletion_date: null, pending_window_days: null,
        rotation_enabled: k.rotationEnabled ? 1 : 0, rotation_period_days: k.rotationPeriodDays ?? null, current_version: k.currentVersion,
        last_used_at: k.lastUsedAt === undefined ? null : iso(k.lastUsedAt),
      }).execute();
      await trx.insertInto("kms_key_material").values({ key_id: m.keyId, version: m.version, sealed: m.sealed, created_at: iso(m.createdAt), on_demand: m.onDemand ? 1 : 0 }).execute();
      await trx.insertInto("resource_policies").values({ resource_arn: k.arn, account_id: k.accountId, document: policy }).execute();
      if (tags.length > 0) await trx.insertInto("kms_key_tags").values(tags.map((t) => ({ key_id: k.keyId, tag_key: t.key, tag_value: t.value }))).execute();
    }, { missing: `account ${k.accountId} does not exist`, conflict: `key ${k.keyId} already exists` });
  }

  async getKey(keyId: string): Promise<KmsKeyRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("kms_keys").selectAll().where("key_id", "=", keyId).executeTakeFirst());
    return row && keyOf(row);
  }

  async listKeys(accountId: string, region: string, limit: number, afterKeyId?: string): Promise<KmsKeyRecord[]> {
    let q = this.#db.selectFrom("kms_keys").selectAll().where("account_id", "=", accountId).where("region", "=", region);
    if (afterKeyId !== undefined) q = q.where("key_id", ">", afterKeyId);
    const rows = await guarded(() => q.orderBy("key_id").limit(limit).execute());
    return rows.map(keyOf);
  }

  async updateKey(keyId: string, c: KmsKeyChanges): Promise<boolean> {
    const set = {
      ...(c.state === undefined ? {} : { key_state: c.state }),
      ...(c.rotationEnabled === undefined ? {} : { rotation_enabled: c.rotationEnabled ? 1 : 0 }),
      ...(c.deletionDate === undefined ? {} : { deletion_date: c.deletionDate === null ? null : iso(c.deletionDate) }),
      ...(c.pendingWindowDays === undefined ? {} : { pending_window_days: c.pendingWindowDays }),
      ...(c.rotationPeriodDays === undefined ? {} : { rotation_period_days: c.rotationPeriodDays }),
    };
    if (Object.keys(set).length === 0) return (await this.getKey(keyId)) !== undefined;
    const result = await guarded(() => this.#db.updateTable("kms_keys").set(set).where("key_id", "=", keyId).executeTakeFirst());
    return result.numUpdatedRows > 0n;
  }

  async recordUse(keyId: string, at: Date, granularityMs: number): Promise<void> {
    const since = iso(new Date(at.getTime() - granularityMs));
    // ISO times of one format compare as text in order; the condition keeps racing writers to one.
    await guarded(() => this.#db.updateTable("kms_keys").set({ last_used_at: iso(at) }).where("key_id", "=", keyId)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", since)])).execute());
  }

  async rotate(m: KmsMaterialRecord): Promise<void> {
    await transact(this.#db, async (trx) => {
      await trx.insertInto("kms_key_material").values({ key_id: m.keyId, version: m.version, sealed: m.sealed, created_at: iso(m.createdAt), on_demand: m.onDemand ? 1 : 0 }).execute();
      await trx.updateTable("kms_keys").set({ current_version: m.version }).where("key_id", "=", m.keyId).execute();
    }, { conflict: `key ${m.keyId} was rotated concurrently`, missing: `key ${m.keyId} does not exist` });
  }

  async getMaterial(keyId: string, version: number): Promise<KmsMaterialRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("kms_key_material").selectAll().where("key_id", "=", keyId).where("version", "=", version).executeTakeFirst());
    return row && { keyId: row.key_id, version: Number(row.version), sealed: new Uint8Array(row.sealed), createdAt: new Date(row.created_at), onDemand: Number(row.on_demand) === 1 };
  }

  async listMaterial(keyId: string): Promise<KmsMaterialRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("kms_key_material").selectAll().where("key_id", "=", keyId).orderBy("version").execute());
    return rows.map((row) => ({ keyId: row.key_id, version: Number(row.version), sealed: new Uint8Array(row.sealed), createdAt: new Date(row.created_at), onDemand: Number(row.on_demand) === 1 }));
  }

  async materialPage(limit: number, after?: { readonly keyId: string; readonly version: number }): Promise<KmsMaterialRecord[]> {
    let query = this.#db.selectFrom("kms_key_material").selectAll();
    if (after) {
      query = query.where((eb) => eb.or([eb("key_id", ">", after.keyId), eb.and([eb("key_id", "=", after.keyId), eb("version", ">", after.version)])]));
    }
    const rows = await guarded(() => query.orderBy("key_id").orderBy("version").limit(limit).execute());
    return rows.map((row) => ({ keyId: row.key_id, version: Number(row.version), sealed: new Uint8Array(row.sealed), createdAt: new Date(row.created_at), onDemand: Number(row.on_demand) === 1 }));
  }

  async replaceMaterial(keyId: string, version: number, expected: Uint8Array, sealed: Uint8Array): Promise<boolean> {
    // Compared in the database: the sealed form is ciphertext, so an ordinary comparison reveals nothing.
    const result = await guarded(() => this.#db.updateTable("kms_key_material").set({ sealed })
      .where("key_id", "=", keyId).where("version", "=", version).where("sealed", "=", expected).executeTakeFirst());
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteKey(keyId: string): Promise<boolean> {
    const deleted = await transact(this.#db, async (trx) => {
      const key = await trx.selectFrom("kms_keys").select(["arn", "account_id"]).where("key_id", "=", keyId).executeTakeFirst();
      if (!key) return false;
      await countChange(trx, key.account_id);
      await trx.deleteFrom("kms_key_material").where("key_id", "=", keyId).execute();
      await trx.deleteFrom("kms_aliases").where("key_id", "=", keyId).execute();
      await trx.deleteFrom("kms_key_tags").where("key_id", "=", keyId).execute();
      await trx.deleteFrom("resource_policies").where("resource_arn", "=", key.arn).execute();
      await trx.deleteFrom("kms_keys").where("key_id", "=", keyId).execute();
      return true;
    });
    if (deleted) await this.#wal?.truncate(`KMS key ${keyId}`);
    return deleted;
  }

  async rotatingKeys(): Promise<KmsKeyRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("kms_keys").selectAll().where("rotation_enabled", "=", 1).execute());
    return rows.map(keyOf);
  }

  async keysDueForDeletion(now: Date): Promise<string[]> {
    const rows = await guarded(() => this.#db.selectFrom("kms_keys").select("key_id")
      .where("key_state", "=", "PendingDeletion").where("deletion_date", "<=", iso(now)).execute());
    return rows.map((r) => r.key_id);
  }

  async createAlias(a: KmsAliasRecord, maxAliases?: number): Promise<void> {
    await transact(this.#db, async (trx) => {
      if (maxAliases !== undefined) {
        // The account's change lock first, so racing creates are counted one after another.
        await countChange(trx, a.accountId);
        const row = await trx.selectFrom("kms_aliases").select((eb) => eb.fn.countAll<number | string>().as("n"))
          .where("account_id", "=", a.accountId).where("region", "=", a.region).executeTakeFirst();
        if (Number(row?.n ?? 0) >= maxAliases) throw new Fault("service-quota-exceeded", `an account can have at most ${maxAliases} aliases in a region`);
      }
      await trx.insertInto("kms_aliases").values({
        account_id: a.accountId, region: a.region, alias_name: a.aliasName, key_id: a.keyId, created_at: iso(a.createdAt), updated_at: iso(a.updatedAt),
      }).execute();
    }, { conflict: `alias ${a.aliasName} already exists`, missing: `key ${a.keyId} does not exist` });
  }

  async getAlias(accountId: string, region: string, aliasName: string): Promise<KmsAliasRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("kms_aliases").selectAll()
      .where("account_id", "=", accountId).where("region", "=", region).where("alias_name", "=", aliasName).executeTakeFirst());
    return row && aliasOf(row);
  }

  async listAliases(accountId: string, region: string, keyId?: string): Promise<KmsAliasRecord[]> {
    let q = this.#db.selectFrom("kms_aliases").selectAll().where("account_id", "=", accountId).where("region", "=", region);
    if (keyId !== undefined) q = q.where("key_id", "=", keyId);
    return (await guarded(() => q.orderBy("alias_name").execute())).map(aliasOf);
  }

  async updateAlias(accountId: string, region: string, aliasName: string, keyId: string, at: Date): Promise<boolean> {
    const result = await guarded(() => this.#db.updateTable("kms_aliases").set({ key_id: keyId, updated_at: iso(at) })
      .where("account_id", "=", accountId).where("region", "=", region).where("alias_name", "=", aliasName).executeTakeFirst(),
    { missing: `key ${keyId} does not exist` });
    return result.numUpdatedRows > 0n;
  }

  async deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean> {
    const result = await guarded(() => this.#db.deleteFrom("kms_aliases")
      .where("account_id", "=", accountId).where("region", "=", region).where("alias_name", "=", aliasName).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  async tagKey(keyId: string, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return;
    await transact(this.#db, async (trx) => {
      for (const t of tags) {
        await trx.insertInto("kms_key_tags").values({ key_id: keyId, tag_key: t.key, tag_value: t.value })
          .onConflict((oc) => oc.columns(["key_id", "tag_key"]).doUpdateSet({ tag_value: t.value })).execute();
      }
    }, { missing: `key ${keyId} does not exist` });
  }

  async untagKey(keyId: string, tagKeys: readonly string[]): Promise<void> {
    if (tagKeys.length === 0) return;
    await guarded(() => this.#db.deleteFrom("kms_key_tags").where("key_id", "=", keyId).where("tag_key", "in", [...tagKeys]).execute());
  }

  async listTags(keyId: string): Promise<Tag[]> {
    const rows = await guarded(() => this.#db.selectFrom("kms_key_tags").select(["tag_key", "tag_value"]).where("key_id", "=", keyId).orderBy("tag_key").execute());
    return rows.map((r) => ({ key: r.tag_key, value: r.tag_value }));
  }
}

function aliasOf(row: Selectable<Database["kms_aliases"]>): KmsAliasRecord {
  return { accountId: row.account_id, region: row.region, aliasName: row.alias_name, keyId: row.key_id, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
}
