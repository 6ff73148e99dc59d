import type { Kysely } from "kysely";
import { systemClock } from "../kernel/index.js";
import type { Clock } from "../kernel/index.js";
import { KyselyStore } from "./kysely-store.js";
import { migrateToLatest } from "./migrate.js";
import { POSTGRES_TYPES, SQLITE_TYPES } from "./migrations/index.js";
import type { Store } from "./port.js";
import type { PostgresOptions } from "./postgres.js";
import type { Database } from "./schema.js";
import { BUSY_TIMEOUT_MS, openSqlite, SQLITE_FILE } from "./sqlite.js";
import { join } from "node:path";

export type StoreOptions =
  | { readonly dataDir: string; readonly clock?: Clock }
  | (PostgresOptions & { readonly clock?: Clock });

/**
 * Opens the store the configuration names: SQLite in the data directory (the embedded default)
 * or PostgreSQL at a URL. Migrations run before the store is returned, so a Store in hand always
 * has the current schema.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  if ("dataDir" in options) {
    const db = await openSqlite(options.dataDir);
    await migrateOrClose(db, () => migrateToLatest(db, SQLITE_TYPES));
    return new KyselyStore(db, "sqlite", clock, { path: join(options.dataDir, SQLITE_FILE), busyTimeoutMs: BUSY_TIMEOUT_MS });
  }
  // pg is loaded only when PostgreSQL is asked for: the embedded default never needs it (~16 MiB).
  const { openPostgres, postgresSchema } = await import("./postgres.js");
  const schema = postgresSchema(options);
  const db = openPostgres(options);
  await migrateOrClose(db, () => migrateToLatest(db, POSTGRES_TYPES, schema));
  return new KyselyStore(db, "postgres", clock);
}

async function migrateOrClose(db: Kysely<Database>, migrate: () => Promise<void>): Promise<void> {
  try {
    await migrate();
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
