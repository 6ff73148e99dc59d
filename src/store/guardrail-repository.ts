import type { Kysely, Selectable } from "kysely";
import { guarded } from "./faults.js";
import type { DraftChange, GuardrailRecord, GuardrailStore, GuardrailVersionRecord } from "./guardrail-port.js";
import type { Tag } from "./iam-port.js";
import { countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { Database, GuardrailVersionsTable, GuardrailsTable } from "./schema.js";

const NAME_TAKEN = "a guardrail with this name or client request token already exists";

/** Guardrails and their numbered versions (migration 0018). */
export class KyselyGuardrailStore implements GuardrailStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(r: GuardrailRecord): Promise<void> {
    await guarded(() => this.#db.insertInto("guardrails").values({
      guardrail_id: r.guardrailId, account_id: r.accountId, name: r.name, description: r.description ?? null,
      client_request_token: r.clientRequestToken ?? null, tags: JSON.stringify(r.tags), sealed: r.sealed, next_version: r.nextVersion,
      created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(),
    }).execute(), { conflict: NAME_TAKEN, missing: `account ${r.accountId} does not exist` });
  }

  async get(accountId: string, guardrailId: string): Promise<GuardrailRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("guardrails").selectAll()
      .where("account_id", "=", accountId).where("guardrail_id", "=", guardrailId).executeTakeFirst());
    return row && fromRow(row);
  }

  async getByToken(accountId: string, clientRequestToken: string): Promise<GuardrailRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("guardrails").selectAll()
      .where("account_id", "=", accountId).where("client_request_token", "=", clientRequestToken).executeTakeFirst());
    return row && fromRow(row);
  }

  async count(accountId: string): Promise<number> {
    const row = await guarded(() => this.#db.selectFrom("guardrails").select((eb) => eb.fn.countAll().as("n"))
      .where("account_id", "=", accountId).executeTakeFirstOrThrow());
    return Number(row.n);
  }

  async list(accountId: string, { after, limit }: { readonly after?: string; readonly limit: number }): Promise<GuardrailRecord[]> {
    let query = this.#db.selectFrom("guardrails").selectAll().where("account_id", "=", accountId);
    if (after !== undefined) query = query.where("guardrail_id", ">", after);
    const rows = await guarded(() => query.orderBy("guardrail_id").limit(limit).execute());
    return rows.map(fromRow);
  }

  async updateDraft(accountId: string, guardrailId: string, c: DraftChange): Promise<boolean> {
    const result = await guarded(() => this.#db.updateTable("guardrails")
      .set({ name: c.name, description: c.description ?? null, sealed: c.sealed, updated_at: c.updatedAt.toISOString() })
      .where("account_id", "=", accountId).where("guardrail_id", "=", guardrailId).executeTakeFirst(), { conflict: NAME_TAKEN });
    return result.numUpdatedRows > 0n;
  }

  async addVersion(
    accountId: string, guardrailId: string,
    make: (draft: GuardrailRecord, version: number, existing: number) => Promise<Omit<GuardrailVersionRecord, "accountId" | "guardrailId" | "version">>,
  ): Promise<GuardrailVersionRecord | undefined> {
    return transact(this.#db, async (trx) => {
      // Taking the row's write lock first serialises racing CreateGuardrailVersion calls, so each gets its own number.
      const locked = await trx.updateTable("guardrails").set((eb) => ({ next_version: eb("next_version", "+", 1) }))
        .where("account_id", "=", accountId).where("guardrail_id", "=", guardrailId).executeTakeFirst();
      if (locked.numUpdatedRows === 0n) return undefined;
      const row = await trx.selectFrom("guardrails").selectAll().where("guardrail_id", "=", guardrailId).executeTakeFirstOrThrow();
      const draft = fromRow(row);
      const version = draft.nextVersion - 1;
      const existing = await countVersions(trx, guardrailId);
      const made = await make(draft, version, existing);
      await trx.insertInto("guardrail_versions").values({
        guardrail_id: guardrailId, version, name: made.name, description: made.description ?? null, sealed: made.sealed, created_at: made.createdAt.toISOString(),
      }).execute();
      return { ...made, accountId, guardrailId, version };
    });
  }

  async getVersion(accountId: string, guardrailId: string, version: number): Promise<GuardrailVersionRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("guardrail_versions").innerJoin("guardrails", "guardrails.guardrail_id", "guardrail_versions.guardrail_id")
      .selectAll("guardrail_versions").where("guardrails.account_id", "=", accountId)
      .where("guardrail_versions.guardrail_id", "=", guardrailId).where("guardrail_versions.version", "=", version).executeTakeFirst());
    return row && versionFromRow(row, accountId);
  }

  async getWithVersion(accountId: string, guardrailId: string, version: number): Promise<{ record: GuardrailRecord; version?: GuardrailVersionRecord } | undefined> {
    const row = await guarded(() => this.#db.selectFrom("guardrails")
      .leftJoin("guardrail_versions", (join) => join.onRef("guardrail_versions.guardrail_id", "=", "guardrails.guardrail_id").on("guardrail_versions.version", "=", version))
      .selectAll("guardrails")
      .select([
        "guardrail_versions.version as v_version", "guardrail_versions.name as v_name", "guardrail_versions.description as v_description",
        "guardrail_versions.sealed as v_sealed", "guardrail_versions.created_at as v_created_at",
      ])
      .where("guardrails.account_id", "=", accountId).where("guardrails.guardrail_id", "=", guardrailId).executeTakeFirst());
    if (!row) return undefined;
    const record = fromRow(row);
    if (row.v_version === null || row.v_name === null || row.v_sealed === null || row.v_created_at === null) return { record };
    return {
      record,
      version: versionFromRow({ guardrail_id: guardrailId, version: row.v_version, name: row.v_name, description: row.v_description, sealed: row.v_sealed, created_at: row.v_created_at }, accountId),
    };
  }

  async listVersions(accountId: string, guardrailId: string): Promise<GuardrailVersionRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("guardrail_versions").innerJoin("guardrails", "guardrails.guardrail_id", "guardrail_versions.guardrail_id")
      .selectAll("guardrail_versions").where("guardrails.account_id", "=", accountId)
      .where("guardrail_versions.guardrail_id", "=", guardrailId).orderBy("guardrail_versions.version").execute());
    return rows.map((row) => versionFromRow(row, accountId));
  }

  async deleteVersion(accountId: string, guardrailId: string, version: number): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      if (!(await owned(trx, accountId, guardrailId))) return false;
      const result = await trx.deleteFrom("guardrail_versions").where("guardrail_id", "=", guardrailId).where("version", "=", version).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async delete(accountId: string, guardrailId: string, arn: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      if (!(await owned(trx, accountId, guardrailId))) return false;
      // The guardrail's policy goes with it, and its removal counts as a change (as ResourcePolicyStore.delete).
      // Counted before the policy's row is touched, in the order every resource-policy write takes its locks.
      await countChange(trx, accountId);
      await trx.deleteFrom("guardrail_versions").where("guardrail_id", "=", guardrailId).execute();
      await trx.deleteFrom("guardrails").where("guardrail_id", "=", guardrailId).execute();
      await trx.deleteFrom("resource_policies").where("resource_arn", "=", arn).where("account_id", "=", accountId).execute();
      return true;
    });
  }

  async updateTags(accountId: string, guardrailId: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      // Tags are not the configuration: the DRAFT's updatedAt (its revision) stays as it is.
      const locked = await trx.updateTable("guardrails").set((eb) => ({ tags: eb.ref("tags") }))
        .where("account_id", "=", accountId).where("guardrail_id", "=", guardrailId).executeTakeFirst();
      if (locked.numUpdatedRows === 0n) return false;
      const row = await trx.selectFrom("guardrails").select("tags").where("guardrail_id", "=", guardrailId).executeTakeFirstOrThrow();
      const tags = change(parseTags(row.tags));
      await trx.updateTable("guardrails").set({ tags: JSON.stringify(tags) }).where("guardrail_id", "=", guardrailId).execute();
      return true;
    });
  }
}

async function owned(trx: Tx, accountId: string, guardrailId: string): Promise<boolean> {
  const locked = await trx.updateTable("guardrails").set((eb) => ({ next_version: eb.ref("next_version") }))
    .where("account_id", "=", accountId).where("guardrail_id", "=", guardrailId).executeTakeFirst();
  return locked.numUpdatedRows > 0n;
}

async function countVersions(trx: Tx, guardrailId: string): Promise<number> {
  const row = await trx.selectFrom("guardrail_versions").select((eb) => eb.fn.countAll().as("n")).where("guardrail_id", "=", guardrailId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function parseTags(text: string): Tag[] {
  return (JSON.parse(text) as Tag[]).map((t) => ({ key: t.key, value: t.value }));
}

function fromRow(row: Selectable<GuardrailsTable>): GuardrailRecord {
  return {
    guardrailId: row.guardrail_id, accountId: row.account_id, name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.client_request_token !== null ? { clientRequestToken: row.client_request_token } : {}),
    tags: parseTags(row.tags), sealed: new Uint8Array(row.sealed), nextVersion: Number(row.next_version),
    createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at),
  };
}

function versionFromRow(row: Selectable<GuardrailVersionsTable>, accountId: string): GuardrailVersionRecord {
  return {
    guardrailId: row.guardrail_id, accountId, version: Number(row.version), name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    sealed: new Uint8Array(row.sealed), createdAt: new Date(row.created_at),
  };
}
