import { Migrator } from "kysely";
import type { Kysely } from "kysely";
import { fault, isFault } from "../kernel/index.js";
import { errorCode, storeFault } from "./faults.js";
import { migrationProvider } from "./migrations/index.js";
import type { DialectTypes } from "./migrations/index.js";
import type { Database } from "./schema.js";

export const MIGRATION_TABLE = "plinth_migration";
export const MIGRATION_LOCK_TABLE = "plinth_migration_lock";

/**
 * Brings the schema to the latest version; safe to run at every start and from several
 * processes at once (kysely holds a lock while it migrates). `schema` must be given on
 * PostgreSQL: kysely otherwise looks for its bookkeeping table in every schema of the database.
 */
export async function migrateToLatest(db: Kysely<Database>, types: DialectTypes, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(types),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === "Error")?.migrationName;
  const converted = storeFault(error);
  if (isFault(error) || converted.kind === "service-unavailable") throw converted;
  // Kysely's own consistency errors (a migration missing or out of order) carry no code.
  throw fault("internal", failed
    ? `database migration ${failed} failed${errorCode(error) ? ` (${errorCode(error)})` : ""}`
    : `the database schema could not be brought up to date${errorCode(error) ? ` (${errorCode(error)})` : ": its recorded migrations do not match this version of plinth"}`);
}
