import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { guarded } from "./faults.js";
import type { Database } from "./schema.js";
import { eventRow, resourceRows } from "./audit-rows.js";
import type { PendingRow } from "./audit-rows.js";

/** Rows per INSERT: 11 parameters a row stays well under SQLite's 32766 and PostgreSQL's 65535. */
const ROWS_PER_INSERT = 500;

/** Writes one batch of a node's log in one durable transaction; resolves with the first index. */
export type BatchWriter = (node: string, rows: readonly PendingRow[]) => Promise<number>;

/** Where an audit store's batches go: PostgreSQL over the store's pool, SQLite through a worker thread (audit-sqlite-writer.ts). */
export interface BatchSink {
  write(node: string, rows: readonly PendingRow[]): Promise<number>;
  /** After every appender drained: releases what the sink holds. */
  close(): Promise<void>;
}

export function postgresSink(db: Kysely<Database>): BatchSink {
  return { write: postgresBatch(db), close: async () => undefined };
}

/**
 * A PostgreSQL commit is durable (the WAL flushed) unless the server or role turned
 * synchronous_commit off; SET LOCAL turns it back on for this transaction only, so an
 * acknowledged event never depends on how the server was tuned.
 */
function postgresBatch(db: Kysely<Database>): BatchWriter {
  return (node, rows) => guarded(() => db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = on`.execute(trx);
    return insertBatch(trx, node, rows);
  }));
}

/**
 * Indices continue from the node's true size, read in the transaction: after a failed batch, or
 * if another writer claimed indices, the next batch cannot reuse or skip one (a second writer on
 * the same node makes the primary key refuse a batch rather than fork the log).
 */
async function insertBatch(db: Kysely<Database> | Transaction<Database>, node: string, rows: readonly PendingRow[]): Promise<number> {
  const size = await db.selectFrom("audit_events").select((eb) => eb.fn.max("idx").as("last")).where("node", "=", node).executeTakeFirst();
  const first = size?.last === null || size?.last === undefined ? 0 : Number(size.last) + 1;
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const chunk = rows.slice(at, at + ROWS_PER_INSERT);
    await db.insertInto("audit_events").values(chunk.map((r, i) => eventRow(node, first + at + i, r))).execute();
    const resources = chunk.flatMap((r, i) => resourceRows(node, first + at + i, r));
    for (let r = 0; r < resources.length; r += ROWS_PER_INSERT) {
      await db.insertInto("audit_event_resources").values(resources.slice(r, r + ROWS_PER_INSERT)).execute();
    }
  }
  return first;
}
