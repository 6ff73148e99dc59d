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
import { takeLock } from "./node-lock.js";
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
  /** The SQLite database file, beside which a node's lock file is kept. */
  readonly #sqlitePath: string | undefined;
  /** Each claim's connection, held until close: `release` lets it unlock and go back to the pool. */
  readonly #fileLocks: Array<() => Promise<void>> = [];
  readonly #claims: Array<{ readonly release: () => void; readonly done: Promise<void> }> = [];
  #closed = false;

  constructor(db: Kysely<Database>, writes: { readonly sqlite: WorkerSettings; readonly commits?: CommitListener } | "postgres") {
    this.reader = new KyselyAuditReader(db);
    this.checkpoints = new KyselyCheckpointStore(db);
    this.#makeSink = writes === "postgres" ? () => postgresSink(db) : () => new SqliteWorkerSink(writes.sqlite, writes.commits);
    this.#db = db;
    this.#postgres = writes === "postgres";
    this.#sqlitePath = writes === "postgres" ? undefined : writes.sqlite.path;
  }

  async claim(node: string): Promise<void> {
    if (this.#closed) return;
    if (!this.#postgres) return this.#claimFile(node);
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
      throw busyNode(node, "another process on this database");
    }
    this.#claims.push({ release, done });
  }

  /**
   * SQLite: one data directory is one node, but two processes may still be started on it (a
   * second copy on another port, a supervisor starting the new one before the old has gone);
   * a lock file beside the database keeps its log to one writer. `--workers` numbers its
   * workers, each a node of its own, and a worker started again finds its predecessor gone.
   */
  async #claimFile(node: string): Promise<void> {
    const taken = await takeLock(`${this.#sqlitePath}.audit-${node.replace(/[^A-Za-z0-9._-]/g, "_")}.lock`);
    if ("heldBy" in taken) throw busyNode(node, `process ${taken.heldBy} on this data directory`);
    this.#fileLocks.push(taken.release);
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
    for (const release of this.#fileLocks.splice(0)) await release().catch(() => undefined);
    const claims = this.#claims.splice(0);
    for (const c of claims) c.release();
    await Promise.all(claims.map((c) => c.done.catch(() => undefined)));
  }
}

function busyNode(node: string, holder: string): Error {
  return fault("internal", `audit node ${node} is already being written by another process (${holder}): ` +
    "give every node its own audit.node and data directory (two writers of one log fork its signed checkpoints)");
}
