import type { Kysely } from "kysely";
import { guarded } from "./faults.js";
import type { InvocationLogRecord, InvocationLoggingConfigRecord, InvocationLoggingStore } from "./invocation-logging-port.js";
import type { Database } from "./schema.js";
import type { LogTruncation } from "./wal-checkpointer.js";

/**
 * Invocation logging's configuration and sealed records (migration 0014). `wal` (SQLite) empties
 * the write-ahead log after records are purged: it still holds their pages as they were.
 */
export class KyselyInvocationLoggingStore implements InvocationLoggingStore {
  readonly #db: Kysely<Database>;
  readonly #wal: LogTruncation | undefined;

  constructor(db: Kysely<Database>, wal?: LogTruncation) {
    this.#db = db;
    this.#wal = wal;
  }

  async getConfig(accountId: string, region: string): Promise<InvocationLoggingConfigRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("invocation_logging_config").selectAll()
      .where("account_id", "=", accountId).where("region", "=", region).executeTakeFirst());
    return row && { accountId: row.account_id, region: row.region, config: row.config, updatedAt: new Date(row.updated_at) };
  }

  async putConfig(r: InvocationLoggingConfigRecord): Promise<void> {
    const updated_at = r.updatedAt.toISOString();
    await guarded(() => this.#db.insertInto("invocation_logging_config")
      .values({ account_id: r.accountId, region: r.region, config: r.config, updated_at })
      .onConflict((oc) => oc.columns(["account_id", "region"]).doUpdateSet({ config: r.config, updated_at }))
      .execute(), { conflict: "the invocation logging configuration changed concurrently", missing: `account ${r.accountId} does not exist` });
  }

  async deleteConfig(accountId: string, region: string): Promise<void> {
    await guarded(() => this.#db.deleteFrom("invocation_logging_config")
      .where("account_id", "=", accountId).where("region", "=", region).execute());
  }

  async append(r: InvocationLogRecord): Promise<void> {
    await guarded(() => this.#db.insertInto("invocation_logs")
      .values({ account_id: r.accountId, request_id: r.requestId, created_at: r.createdAt.toISOString(), ciphertext: r.ciphertext })
      .execute(), { conflict: `request ${r.requestId} is already logged` });
  }

  async list(accountId: string): Promise<InvocationLogRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("invocation_logs").selectAll()
      .where("account_id", "=", accountId).orderBy("created_at").orderBy("request_id").execute());
    return rows.map((row) => ({ accountId: row.account_id, requestId: row.request_id, createdAt: new Date(row.created_at), ciphertext: new Uint8Array(row.ciphertext) }));
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await guarded(() => this.#db.deleteFrom("invocation_logs")
      .where("created_at", "<", cutoff.toISOString()).executeTakeFirst());
    const deleted = Number(result.numDeletedRows);
    if (deleted > 0) await this.#wal?.truncate(`${deleted} expired invocation log record${deleted === 1 ? "" : "s"}`);
    return deleted;
  }
}
