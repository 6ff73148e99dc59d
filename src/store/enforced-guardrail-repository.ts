import type { Kysely, Selectable } from "kysely";
import type { EnforcedGuardrailRecord, EnforcedGuardrailStore } from "./enforced-guardrail-port.js";
import { guarded } from "./faults.js";
import type { Database, EnforcedGuardrailsTable } from "./schema.js";

/** Enforced guardrail configurations in one table (migration 0019). */
export class KyselyEnforcedGuardrailStore implements EnforcedGuardrailStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(accountId: string): Promise<EnforcedGuardrailRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("enforced_guardrails").selectAll()
      .where("account_id", "=", accountId).orderBy("config_id").execute());
    return rows.map(fromRow);
  }

  async get(accountId: string, configId: string): Promise<EnforcedGuardrailRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("enforced_guardrails").selectAll()
      .where("account_id", "=", accountId).where("config_id", "=", configId).executeTakeFirst());
    return row && fromRow(row);
  }

  async create(r: EnforcedGuardrailRecord): Promise<void> {
    await guarded(() => this.#db.insertInto("enforced_guardrails").values({
      account_id: r.accountId, config_id: r.configId, ...settings(r),
      created_at: r.createdAt.toISOString(), created_by: r.createdBy,
    }).execute(), { conflict: "an enforced guardrail configuration with this id already exists", missing: `account ${r.accountId} does not exist` });
  }

  async update(r: EnforcedGuardrailRecord): Promise<boolean> {
    const result = await guarded(() => this.#db.updateTable("enforced_guardrails").set(settings(r))
      .where("account_id", "=", r.accountId).where("config_id", "=", r.configId).executeTakeFirst());
    return result.numUpdatedRows > 0n;
  }

  async delete(accountId: string, configId: string): Promise<boolean> {
    const result = await guarded(() => this.#db.deleteFrom("enforced_guardrails")
      .where("account_id", "=", accountId).where("config_id", "=", configId).executeTakeFirst());
    return result.numDeletedRows > 0n;
  }
}

/** The columns a put may change (everything but the key and the creation fields). */
function settings(r: EnforcedGuardrailRecord) {
  return {
    guardrail_arn: r.guardrailArn, guardrail_id: r.guardrailId, guardrail_version: r.guardrailVersion,
    selective_content_guarding: JSON.stringify({ system: r.selectiveContentGuarding.system, messages: r.selectiveContentGuarding.messages }),
    model_enforcement: r.modelEnforcement
      ? JSON.stringify({ includedModels: r.modelEnforcement.includedModels, excludedModels: r.modelEnforcement.excludedModels })
      : null,
    updated_at: r.updatedAt.toISOString(), updated_by: r.updatedBy,
  };
}

function fromRow(row: Selectable<EnforcedGuardrailsTable>): EnforcedGuardrailRecord {
  const guarding = JSON.parse(row.selective_content_guarding) as { system: string; messages: string };
  const models = row.model_enforcement === null ? undefined
    : JSON.parse(row.model_enforcement) as { includedModels: string[]; excludedModels: string[] };
  return {
    accountId: row.account_id, configId: row.config_id, guardrailArn: row.guardrail_arn, guardrailId: row.guardrail_id,
    guardrailVersion: row.guardrail_version,
    selectiveContentGuarding: { system: guarding.system, messages: guarding.messages },
    ...(models ? { modelEnforcement: { includedModels: [...models.includedModels], excludedModels: [...models.excludedModels] } } : {}),
    createdAt: new Date(row.created_at), createdBy: row.created_by, updatedAt: new Date(row.updated_at), updatedBy: row.updated_by,
  };
}
