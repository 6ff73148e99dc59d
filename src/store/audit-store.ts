import { sql } from "kysely";
import type { Kysely } from "kysely";
import { fault } from "../kernel/index.js";
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
  readonly #postgres: boolean;
  /** Each claim's connection, held until close: `release` lets it unlock and go back to the pool. */
  readonly #claims: Array<{ readonly release: () => void; readonly done: Promise<void> }> = [];
  #closed = false;

  constructor(db: Kysely<Database>, writes: { readonly sqlite: WorkerSettings; readonly commits?: CommitListener } | "postgres") {
    this.reader = new KyselyAuditReader(db);
    this.checkpoints = new KyselyCheckpointStore(db);
    this.#makeSink = writes === "postgres" ? () => postgresSink(db) : () => new SqliteWorkerSink(writes.sqlite, writes.commits);
    this.#db = db;
    this.#postgres = writes === "postgres";
  }

  async claim(node: string): Promise<void> {
    if (!this.#postgres || this.#closed) return;
    // A session-level advisory lock, so it is held by one connection taken from the pool for the
    // store's life, and lost with it if that connection breaks (the node is then unclaimed, not
    // refused). Keyed by the schema too: deployments in other schemas may reuse a node name.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let answer!: (got: boolean) => void;
    const got = new Promise<boolean>((resolve) => { answer = resolve; });
    const done = this.#db.connection().execute(async (connection) => {
      const key = sql`hashtextextended('plinth audit node ' || current_schema() || ' ' || ${node}, 0)`;
      const { rows } = await sql<{ held: boolean }>`select pg_try_advisory_lock(${key}) as held`.execute(connection);
      const held = rows[0]?.held === true;
      answer(held);
      if (!held) return;
      await released;
      // Back in the pool the session lives on: unlock first, or the next user of the connection would hold it.
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }).then(() => undefined, (error: unknown) => { answer(false); throw error; });
    done.catch(() => undefined);
    if (!(await got)) {
      await done; // a database error is thrown as it is
      throw fault("internal", `audit node ${node} is already being written by another process on this database: ` +
        "give every node its own audit.node (two writers of one log would fork it, each signing with its own key)");
    }
    this.#claims.push({ release, done });
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
    const claims = this.#claims.splice(0);
    for (const c of claims) c.release();
    await Promise.all(claims.map((c) => c.done.catch(() => undefined)));
  }
}
