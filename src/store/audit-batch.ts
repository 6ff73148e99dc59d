import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { guarded } from "./faults.js";
import type { StoreDialect } from "./port.js";
import type { Database } from "./schema.js";
import { eventRow, resourceRows } from "./audit-rows.js";
import type { PendingRow } from "./audit-rows.js";

/** Rows per INSERT: 11 parameters a row stays well under SQLite's 32766 and PostgreSQL's 65535. */
const ROWS_PER_INSERT = 500;

/** Writes one batch of a node's log in one durable transaction; resolves with the first index. */
export type BatchWriter = (node: string, rows: readonly PendingRow[]) => Promise<number>;

export function batchWriter(db: Kysely<Database>, dialect: StoreDialect): BatchWriter {
  return dialect === "sqlite" ? sqliteBatch(db) : postgresBatch(db);
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
 * The store's SQLite connection runs with synchronous=NORMAL: in WAL mode a commit then survives
 * a crash of the process but not of the machine, which is right for IAM state (it is written on
 * every request, e.g. an access key's last use) but not for an acknowledged audit event. The
 * level is per connection and cannot change inside a transaction, so the batch holds the one
 * connection, raises it to FULL (the WAL is fsynced at commit), commits, and puts it back. A
 * second connection would contend for SQLite's single write lock instead; this costs nothing
 * else a turn, since better-sqlite3 runs each statement to completion on the event loop anyway.
 */
function sqliteBatch(db: Kysely<Database>): BatchWriter {
  return (node, rows) => guarded(() => db.connection().execute(async (conn) => {
    const { rows: levels } = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn);
    const previous = Number(levels[0]?.synchronous ?? 1);
    await sql`pragma synchronous = FULL`.execute(conn);
    try {
      // IMMEDIATE takes the write lock first, so the size read below is the size at commit.
      await sql`begin immediate`.execute(conn);
      try {
        const first = await insertBatch(conn, node, rows);
        await sql`commit`.execute(conn);
        return first;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    } finally {
      await sql`pragma synchronous = ${sql.lit(Number.isInteger(previous) ? previous : 1)}`.execute(conn);
    }
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
