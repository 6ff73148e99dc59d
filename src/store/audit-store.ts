import type { Kysely } from "kysely";
import type { Frontier } from "../audit/frontier.js";
import type { CheckpointStore } from "../audit/log.js";
import { GroupCommitAppender } from "./audit-appender.js";
import { postgresSink } from "./audit-batch.js";
import type { BatchSink } from "./audit-batch.js";
import { SqliteWorkerSink } from "./audit-sqlite-writer.js";
import type { WorkerSettings } from "./audit-worker-protocol.js";
import type { CommitListener } from "./wal-checkpointer.js";
import { KyselyAuditReader } from "./audit-reader.js";
import { KyselyCheckpointStore } from "./audit-checkpoints.js";
import { pruneEvents } from "./audit-prune.js";
import type { AuditLogReader, AuditRowAppender, AuditStore } from "./audit-port.js";
import type { Database } from "./schema.js";

/**
 * The audit trail over the store's kysely instance. One appender per node: two in one process
 * would race for the same indices, and batching only pays when every append goes through one queue.
 * Reads go through the store's connection; on SQLite, writes go through a worker thread with a
 * connection of its own (`sqlite` names the database file), started with the first appender.
 */
export class KyselyAuditStore implements AuditStore {
  readonly reader: AuditLogReader;
  readonly checkpoints: CheckpointStore;
  readonly #makeSink: () => BatchSink;
  #sink: BatchSink | undefined;
  readonly #db: Kysely<Database>;
  readonly #appenders = new Map<string, GroupCommitAppender>();
  #closed = false;

  constructor(db: Kysely<Database>, writes: { readonly sqlite: WorkerSettings; readonly commits?: CommitListener } | "postgres") {
    this.reader = new KyselyAuditReader(db);
    this.checkpoints = new KyselyCheckpointStore(db);
    this.#makeSink = writes === "postgres" ? () => postgresSink(db) : () => new SqliteWorkerSink(writes.sqlite, writes.commits);
    this.#db = db;
  }

  prune(frontier: Frontier, at: Date): Promise<number> {
    return pruneEvents(this.#db, frontier, at);
  }

  appender(node: string): AuditRowAppender {
    let appender = this.#appenders.get(node);
    if (appender === undefined) {
      // After close, an appender asked for refuses every append rather than meet a closed database.
      if (this.#closed) {
        appender = new GroupCommitAppender(node, () => Promise.reject(new Error("unreachable: the appender is closed")));
        void appender.close();
        return appender;
      }
      this.#sink ??= this.#makeSink();
      const sink = this.#sink;
      appender = new GroupCommitAppender(node, (n, rows) => sink.write(n, rows));
      this.#appenders.set(node, appender);
    }
    return appender;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const appenders = [...this.#appenders.values()];
    this.#appenders.clear();
    await Promise.all(appenders.map((a) => a.close()));
    await this.#sink?.close();
  }
}
