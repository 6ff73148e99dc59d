import type { Kysely } from "kysely";
import type { Frontier } from "../audit/frontier.js";
import type { CheckpointStore } from "../audit/log.js";
import { GroupCommitAppender } from "./audit-appender.js";
import { batchWriter } from "./audit-batch.js";
import type { BatchWriter } from "./audit-batch.js";
import { KyselyAuditReader } from "./audit-reader.js";
import { KyselyCheckpointStore } from "./audit-checkpoints.js";
import { pruneEvents } from "./audit-prune.js";
import type { AuditLogReader, AuditRowAppender, AuditStore } from "./audit-port.js";
import type { StoreDialect } from "./port.js";
import type { Database } from "./schema.js";

/**
 * The audit trail over the store's kysely instance. One appender per node: two in one process
 * would race for the same indices, and batching only pays when every append goes through one queue.
 */
export class KyselyAuditStore implements AuditStore {
  readonly reader: AuditLogReader;
  readonly checkpoints: CheckpointStore;
  readonly #write: BatchWriter;
  readonly #db: Kysely<Database>;
  readonly #appenders = new Map<string, GroupCommitAppender>();
  #closed = false;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.reader = new KyselyAuditReader(db);
    this.checkpoints = new KyselyCheckpointStore(db);
    this.#write = batchWriter(db, dialect);
    this.#db = db;
  }

  prune(frontier: Frontier, at: Date): Promise<number> {
    return pruneEvents(this.#db, frontier, at);
  }

  appender(node: string): AuditRowAppender {
    let appender = this.#appenders.get(node);
    if (appender === undefined) {
      appender = new GroupCommitAppender(node, this.#write);
      // After close, an appender asked for refuses every append rather than meet a closed database.
      if (this.#closed) void appender.close();
      else this.#appenders.set(node, appender);
    }
    return appender;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const appenders = [...this.#appenders.values()];
    this.#appenders.clear();
    await Promise.all(appenders.map((a) => a.close()));
  }
}
