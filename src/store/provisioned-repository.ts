import { sql } from "kysely";
import type { Kysely, Selectable } from "kysely";
import { guarded } from "./faults.js";
import type { Tag } from "./iam-port.js";
import type { CommitmentDuration, ProvisionedChange, ProvisionedRecord, ProvisionedStatus, ProvisionedStore } from "./provisioned-port.js";
import { transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { Database, ProvisionedThroughputsTable } from "./schema.js";

const NAME_TAKEN = "a provisioned model with this name or client request token already exists";

/** Provisioned throughput and the per-provider reservation locks (migration 0020). */
export class KyselyProvisionedStore implements ProvisionedStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(r: ProvisionedRecord, admit: (reservedUnits: number) => void): Promise<void> {
    await transact(this.#db, async (trx) => {
      await lockProvider(trx, r.providerId);
      const row = await trx.selectFrom("provisioned_throughputs").select((eb) => eb.fn.sum<string | number | null>("model_units").as("units"))
        .where("provider_id", "=", r.providerId).executeTakeFirstOrThrow();
      admit(Number(row.units ?? 0));
      await trx.insertInto("provisioned_throughputs").values({
        provisioned_id: r.provisionedId, account_id: r.accountId, name: r.name, model_id: r.modelId, desired_model_id: r.desiredModelId,
        provider_id: r.providerId, model_units: r.modelUnits, status: r.status, ready_at: r.readyAt.toISOString(),
        commitment_duration: r.commitmentDuration ?? null, commitment_expires_at: r.commitmentExpiresAt?.toISOString() ?? null,
        client_request_token: r.clientRequestToken ?? null, tags: JSON.stringify(r.tags),
        created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
      }).execute();
    }, { conflict: NAME_TAKEN, missing: `account ${r.accountId} does not exist` });
  }

  async get(accountId: string, provisionedId: string): Promise<ProvisionedRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("provisioned_throughputs").selectAll()
      .where("account_id", "=", accountId).where("provisioned_id", "=", provisionedId).executeTakeFirst());
    return row && fromRow(row);
  }

  async getByToken(accountId: string, clientRequestToken: string): Promise<ProvisionedRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("provisioned_throughputs").selectAll()
      .where("account_id", "=", accountId).where("client_request_token", "=", clientRequestToken).executeTakeFirst());
    return row && fromRow(row);
  }

  async list(accountId: string): Promise<ProvisionedRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("provisioned_throughputs").selectAll()
      .where("account_id", "=", accountId).orderBy("provisioned_id").execute());
    return rows.map(fromRow);
  }

  async reservedUnits(): Promise<ReadonlyMap<string, number>> {
    const rows = await guarded(() => this.#db.selectFrom("provisioned_throughputs")
      .select(["provider_id", (eb) => eb.fn.sum<string | number>("model_units").as("units")]).groupBy("provider_id").execute());
    return new Map(rows.map((r) => [r.provider_id, Number(r.units)]));
  }

  async update(accountId: string, provisionedId: string, change: (current: ProvisionedRecord) => ProvisionedChange): Promise<ProvisionedRecord | undefined> {
    return transact(this.#db, async (trx) => {
      const current = await lockRow(trx, accountId, provisionedId);
      if (!current) return undefined;
      const c = change(current);
      await trx.updateTable("provisioned_throughputs").set({
        name: c.name, model_id: c.modelId, desired_model_id: c.desiredModelId, status: c.status,
        ready_at: c.readyAt.toISOString(), updated_at: c.updatedAt.toISOString(),
      }).where("provisioned_id", "=", provisionedId).execute();
      return { ...current, ...c };
    }, { conflict: NAME_TAKEN });
  }

  async delete(accountId: string, provisionedId: string, allow: (current: ProvisionedRecord) => void): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const current = await lockRow(trx, accountId, provisionedId);
      if (!current) return false;
      allow(current);
      await trx.deleteFrom("provisioned_throughputs").where("provisioned_id", "=", provisionedId).execute();
      return true;
    });
  }

  async updateTags(accountId: string, provisionedId: string, change: (tags: readonly Tag[]) => readonly Tag[], at: Date): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const current = await lockRow(trx, accountId, provisionedId);
      if (!current) return false;
      await trx.updateTable("provisioned_throughputs").set({ tags: JSON.stringify(change(current.tags)), updated_at: at.toISOString() })
        .where("provisioned_id", "=", provisionedId).execute();
      return true;
    });
  }
}

/** Writes the provider's lock row first: racing reservations on one provider wait here for each other. */
async function lockProvider(trx: Tx, providerId: string): Promise<void> {
  await trx.insertInto("provisioned_capacity_locks").values({ provider_id: providerId, changes: 1 })
    .onConflict((oc) => oc.column("provider_id").doUpdateSet({ changes: sql`${sql.ref("provisioned_capacity_locks.changes")} + 1` }))
    .execute();
}

/** The row as it is, after taking its write lock (an update that changes nothing), so racing changes serialise. */
async function lockRow(trx: Tx, accountId: string, provisionedId: string): Promise<ProvisionedRecord | undefined> {
  const locked = await trx.updateTable("provisioned_throughputs").set((eb) => ({ model_units: eb.ref("model_units") }))
    .where("account_id", "=", accountId).where("provisioned_id", "=", provisionedId).executeTakeFirst();
  if (locked.numUpdatedRows === 0n) return undefined;
  return fromRow(await trx.selectFrom("provisioned_throughputs").selectAll().where("provisioned_id", "=", provisionedId).executeTakeFirstOrThrow());
}

function fromRow(row: Selectable<ProvisionedThroughputsTable>): ProvisionedRecord {
  return {
    provisionedId: row.provisioned_id, accountId: row.account_id, name: row.name, modelId: row.model_id, desiredModelId: row.desired_model_id,
    providerId: row.provider_id, modelUnits: Number(row.model_units), status: row.status as ProvisionedStatus, readyAt: new Date(row.ready_at),
    ...(row.commitment_duration !== null ? { commitmentDuration: row.commitment_duration as CommitmentDuration } : {}),
    ...(row.commitment_expires_at !== null ? { commitmentExpiresAt: new Date(row.commitment_expires_at) } : {}),
    ...(row.client_request_token !== null ? { clientRequestToken: row.client_request_token } : {}),
    tags: (JSON.parse(row.tags) as Tag[]).map((t) => ({ key: t.key, value: t.value })),
    createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}
