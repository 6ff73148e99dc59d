import type { Kysely } from "kysely";
import type { DataRetentionRecord, DataRetentionStore } from "./data-retention-port.js";
import { guarded } from "./faults.js";
import type { Database } from "./schema.js";

/** Accounts' data-retention modes in one table (migration 0013). */
export class KyselyDataRetentionStore implements DataRetentionStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(accountId: string, region: string): Promise<DataRetentionRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("account_data_retention").selectAll()
      .where("account_id", "=", accountId).where("region", "=", region).executeTakeFirst());
    return row && { accountId: row.account_id, region: row.region, mode: row.mode, updatedAt: new Date(row.updated_at) };
  }

  async put(r: DataRetentionRecord): Promise<void> {
    const updated_at = r.updatedAt.toISOString();
    await guarded(() => this.#db.insertInto("account_data_retention")
      .values({ account_id: r.accountId, region: r.region, mode: r.mode, updated_at })
      .onConflict((oc) => oc.columns(["account_id", "region"]).doUpdateSet({ mode: r.mode, updated_at }))
      .execute(), { conflict: "the data-retention mode changed concurrently", missing: `account ${r.accountId} does not exist` });
  }
}
