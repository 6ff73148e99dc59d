import type { SqliteDatabase, SqliteStatement } from "kysely";

/** Statements kept at most: Kysely's SQL is parameterised, so a few dozen texts cover the store. */
export const KEPT_STATEMENTS = 256;

/**
 * The database as Kysely's SQLite driver sees it, with each statement prepared once per SQL text
 * and kept (least recently used out first) instead of prepared afresh for every query: preparing
 * cost 10–20 µs a query in a warm loop and ~60 µs on a busy server, about as much as running it,
 * and a guarded call's three reads were a third of the CPU it spent around the evaluation.
 * Sharing a statement is safe because the driver runs one query at a time on its one connection
 * (its mutex is held until a query, a transaction or a stream is done), and better-sqlite3
 * resets a statement after each run; SQLite re-prepares a kept statement itself after a schema
 * change.
 */
export class KeptStatements implements SqliteDatabase {
  readonly #kept = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDatabase, private readonly capacity = KEPT_STATEMENTS) {}

  prepare(sql: string): SqliteStatement {
    const hit = this.#kept.get(sql);
    if (hit !== undefined) {
      this.#kept.delete(sql);
      this.#kept.set(sql, hit);
      return hit;
    }
    const statement = this.db.prepare(sql);
    this.#kept.set(sql, statement);
    if (this.#kept.size > this.capacity) this.#kept.delete(this.#kept.keys().next().value!);
    return statement;
  }

  close(): void {
    this.#kept.clear();
    this.db.close();
  }

  get size(): number {
    return this.#kept.size;
  }
}
