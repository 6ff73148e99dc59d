import BetterSqlite3 from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { LEAF_HASH_BYTES } from "./audit-rows.js";
import type { BatchMessage, FromWorker, ToWorker, WorkerSettings } from "./audit-worker-protocol.js";
import { WAL_BACKSTOP_PAGES } from "./wal-checkpointer.js";

/**
 * The SQLite audit writer's thread (started by audit-sqlite-writer.ts). better-sqlite3 is
 * synchronous: on the main thread each batch's commit, its fsync included, would stop every
 * request for as long as it takes. Here it blocks only this thread. The connection is its own
 * (WAL lets it write beside the store's connection, one writer at a time) and is durable for good
 * (synchronous=FULL: the WAL is fsynced at every commit), so no level is switched per batch.
 * An exception here ends the thread; the main side then refuses every commit (fails closed).
 */
const port = parentPort;
if (port === null) throw new Error("audit-worker.js runs as a worker thread only");
const settings = workerData as WorkerSettings;

const db = new BetterSqlite3(settings.path, { fileMustExist: true });
const mode = String(db.pragma("journal_mode", { simple: true })).toLowerCase();
if (mode !== "wal") throw new Error(`the audit database is not in WAL mode (${mode})`);
db.pragma("synchronous = FULL");
// Checkpoints are the checkpointer thread's (wal-checkpointer.ts); this one only if it falls behind.
db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
db.pragma("foreign_keys = ON");
db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);

// Positional parameters: binding an object per row costs a property lookup per column.
const insertEvent = db.prepare(`insert into audit_events (node, idx, event_id, event_time, event_name, event_source, username, access_key_id, read_only, account_id, leaf, leaf_hash)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insertResource = db.prepare("insert into audit_event_resources (node, idx, type, name) values (?, ?, ?, ?)");
// IMMEDIATE takes the write lock first, so the size read inside is the size at commit.
const begin = db.prepare("begin immediate");
const commit = db.prepare("commit");
const rollback = db.prepare("rollback");
const lastIndex = db.prepare("select max(idx) from audit_events where node = ?").pluck();

/**
 * Indices continue from the node's true size, read in the transaction: after a failed batch, or
 * if another writer claimed indices, the next batch cannot reuse or skip one (a second writer on
 * the same node makes the primary key refuse a batch rather than fork the log).
 */
function write(m: BatchMessage): number {
  const last = lastIndex.get(m.node) as number | bigint | null;
  const first = last === null ? 0 : Number(last) + 1;
  const bytes = Buffer.from(m.bytes);
  const leavesEnd = m.leafEnds.length === 0 ? 0 : m.leafEnds[m.leafEnds.length - 1]!;
  m.columns.forEach((columns, i) => {
    const start = i === 0 ? 0 : m.leafEnds[i - 1]!;
    const hashAt = leavesEnd + i * LEAF_HASH_BYTES;
    insertEvent.run(m.node, first + i, ...columns, bytes.subarray(start, m.leafEnds[i]!), bytes.subarray(hashAt, hashAt + LEAF_HASH_BYTES));
  });
  for (const [at, type, name] of m.resources) insertResource.run(m.node, first + at, type, name);
  return first;
}

function batch(m: BatchMessage): FromWorker {
  try {
    // A busy lock (another writer past busy_timeout) fails this batch only, not the thread.
    begin.run();
    const first = write(m);
    commit.run();
    return { type: "done", id: m.id, first };
  } catch (error) {
    if (db.inTransaction) rollback.run();
    const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
    // A driver message may quote row values: only the code goes back.
    return { type: "failed", id: m.id, ...(code === undefined ? {} : { code }) };
  }
}

port.on("message", (m: ToWorker) => {
  if (m.type === "close") {
    db.close();
    port.close();
    return;
  }
  port.postMessage(batch(m));
});
port.postMessage({ type: "ready", synchronous: Number(db.pragma("synchronous", { simple: true })) } satisfies FromWorker);
