import BetterSqlite3 from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import type { CheckpointerSettings, FromCheckpointer, ToCheckpointer } from "./wal-checkpointer.js";

/**
 * The write-ahead log's checkpointer thread (started by wal-checkpointer.ts). A checkpoint copies
 * the log's pages into the database file and fsyncs that file, ~1 ms here; run by the connection
 * that crosses the auto-checkpoint size, it lands on one commit in every sixty, and so on the
 * p99 of the calls that commit waits for. Here it runs on a connection of its own, beside the
 * writers. PASSIVE never waits for a lock and never blocks a writer or a reader: what it cannot
 * copy now (frames a reader still needs) the next one copies. TRUNCATE (asked for after deletions
 * that must not survive in the log) waits for them, copies everything and cuts the log to nothing.
 */
const port = parentPort;
if (port === null) throw new Error("wal-checkpoint-worker.js runs as a worker thread only");
const settings = workerData as CheckpointerSettings;

const db = new BetterSqlite3(settings.path, { fileMustExist: true });
// Only TRUNCATE waits (for the writers and readers in its way); PASSIVE never calls the busy handler.
db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);

interface CheckpointRow { readonly busy: number; readonly log: number; readonly checkpointed: number }

port.on("message", (m: ToCheckpointer) => {
  if (m.type === "close") {
    db.close();
    port.close();
    return;
  }
  const mode = m.mode === "TRUNCATE" ? "TRUNCATE" : "PASSIVE";
  const [row] = db.pragma(`wal_checkpoint(${mode})`) as CheckpointRow[];
  port.postMessage({ type: "checkpointed", mode, busy: row?.busy ?? 1, log: row?.log ?? -1, checkpointed: row?.checkpointed ?? -1 } satisfies FromCheckpointer);
});
