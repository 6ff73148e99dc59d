import type { Kysely, Selectable } from "kysely";
import { guarded } from "./faults.js";
import type { Tag } from "./iam-port.js";
import type { InferenceProfileRecord, InferenceProfileStore } from "./inference-profile-port.js";
import { transact } from "./iam-tx.js";
import type { Database, InferenceProfilesTable } from "./schema.js";

/** Application inference profiles in one table (migration 0011). */
export class KyselyInferenceProfileStore implements InferenceProfileStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(r: InferenceProfileRecord): Promise<void> {
    await guarded(() => this.#db.insertInto("inference_profiles").values({
      profile_id: r.profileId, account_id: r.accountId, name: r.name, description: r.description ?? null, source_arn: r.sourceArn,
      client_request_token: r.clientRequestToken ?? null, tags: JSON.stringify(r.tags),
      created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
    }).execute(), { conflict: "an inference profile with this name or client request token already exists", missing: `account ${r.accountId} does not exist` });
  }

  async get(accountId: string, profileId: string): Promise<InferenceProfileRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("inference_profiles").selectAll()
      .where("account_id", "=", accountId).where("profile_id", "=", profileId).executeTakeFirst());
    return row && fromRow(row);
  }

  async getByToken(accountId: string, clientRequestToken: string): Promise<InferenceProfileRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("inference_profiles").selectAll()
      .where("account_id", "=", accountId).where("client_request_token", "=", clientRequestToken).executeTakeFirst());
    return row && fromRow(row);
  }

  async list(accountId: string, { after, limit }: { readonly after?: string; readonly limit: number }): Promise<InferenceProfileRecord[]> {
    let query = this.#db.selectFrom("inference_profiles").selectAll().where("account_id", "=", accountId);
    if (after !== undefined) query = query.where("profile_id", ">", after);
    const rows = await guarded(() => query.orderBy("profile_id").limit(limit).execute());
    return rows.map(fromRow);
  }

  async delete(accountId: string, profileId: string): Promise<boolean> {
    const result = await guarded(() => this.#db.deleteFrom("inference_profiles")
      .where("account_id", "=", accountId).where("profile_id", "=", profileId).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }

  async updateTags(accountId: string, profileId: string, change: (tags: readonly Tag[]) => readonly Tag[], at: Date): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      // An update that changes nothing takes the row's write lock first, so racing tag changes serialise.
      const locked = await trx.updateTable("inference_profiles").set({ updated_at: at.toISOString() })
        .where("account_id", "=", accountId).where("profile_id", "=", profileId).executeTakeFirst();
      if (locked.numUpdatedRows === 0n) return false;
      const row = await trx.selectFrom("inference_profiles").select("tags").where("profile_id", "=", profileId).executeTakeFirstOrThrow();
      const tags = change(parseTags(row.tags));
      await trx.updateTable("inference_profiles").set({ tags: JSON.stringify(tags) }).where("profile_id", "=", profileId).execute();
      return true;
    });
  }
}

function parseTags(text: string): Tag[] {
  return (JSON.parse(text) as Tag[]).map((t) => ({ key: t.key, value: t.value }));
}

function fromRow(row: Selectable<InferenceProfilesTable>): InferenceProfileRecord {
  return {
    profileId: row.profile_id, accountId: row.account_id, name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    sourceArn: row.source_arn,
    ...(row.client_request_token !== null ? { clientRequestToken: row.client_request_token } : {}),
    tags: parseTags(row.tags), createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}
