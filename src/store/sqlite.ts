import BetterSqlite3 from "better-sqlite3";
import { constants, promises as fs } from "node:fs";
import { join } from "node:path";
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from "kysely";
import type { DatabaseConnection, Driver, SqliteDialectConfig } from "kysely";
import { fault, isFault } from "../kernel/index.js";
import { errorCode } from "./faults.js";
import { KeptStatements } from "./sqlite-statements.js";
import type { Database } from "./schema.js";
import { WAL_BACKSTOP_PAGES } from "./wal-checkpointer.js";

export const SQLITE_FILE = "plinth.db";

/** How long a writer waits for another connection's lock before failing, in milliseconds. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The embedded database: `<dataDir>/plinth.db`, readable by its owner only, in WAL mode (readers
 * never block the writer), with foreign keys enforced (SQLite leaves them off by default; this
 * build of better-sqlite3 turns them on, but the store does not rely on a build option).
 * SQLite gives the -wal and -shm files the database file's permissions.
 */
export async function openSqlite(dataDir: string): Promise<Kysely<Database>> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SQLITE_FILE);
  await ensurePrivateFile(path);
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(path, { fileMustExist: true });
  } catch (error) {
    throw fault("internal", `cannot open the database ${path} (${errorCode(error) ?? "unknown error"})`);
  }
  try {
    const mode = database.pragma("journal_mode = WAL", { simple: true });
    if (String(mode).toLowerCase() !== "wal") throw fault("internal", `the database ${path} cannot use WAL mode (it reports ${String(mode)})`);
    database.pragma("foreign_keys = ON");
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // NORMAL is durable in WAL mode except for the last transactions before a power loss.
    database.pragma("synchronous = NORMAL");
    // A commit here that crossed SQLite's default of 1,000 pages would checkpoint on the event
    // loop; the audit writer's checkpointer thread does it (wal-checkpointer.ts), this only if it falls behind.
    database.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    // Deleted rows are overwritten with zeros rather than left in free pages: a KMS key's sealed
    // material, once its deletion window has passed, must not be recoverable from the file
    // (crypto-shredding), nor an erased record's ciphertext.
    database.pragma("secure_delete = ON");
  } catch (error) {
    database.close();
    if (isFault(error)) throw error;
    throw fault("internal", `cannot configure the database ${path} (${errorCode(error) ?? "unknown error"})`);
  }
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: new KeptStatements(database) }) });
}

/**
 * Transactions begin IMMEDIATE (taking the write lock first, waiting up to busy_timeout for it)
 * rather than DEFERRED. The audit trail writes through a second connection (a worker thread, see
 * audit-worker.ts); a deferred transaction that read before that connection committed could not
 * then write (SQLite answers SQLITE_BUSY_SNAPSHOT at once, without waiting), so every
 * read-then-write transaction would race the audit writer.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/**
 * Creates the file with mode 0600 before SQLite does (SQLite would use 0644), and refuses an
 * existing file that group or others can access: it holds account names and sealed secrets.
 */
async function ensurePrivateFile(path: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw fault("internal", `cannot open the database ${path} (${errorCode(error) ?? "unknown error"})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fault("internal", `the database ${path} is not a regular file`);
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw fault("internal", `the database ${path} has mode 0${mode.toString(8)}; it must be accessible by its owner only (chmod 600 ${path})`);
    }
  } finally {
    await handle.close();
  }
}
