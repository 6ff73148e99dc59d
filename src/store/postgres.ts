import pg from "pg";
import { CompiledQuery, Kysely, PostgresDialect } from "kysely";
import { invalid } from "../kernel/index.js";
import type { Database } from "./schema.js";

export interface PostgresOptions {
  /** `postgres://user@host:port/database`; credentials in it never appear in a message. */
  readonly databaseUrl: string;
  /** The schema plinth's tables live in (created if missing); `public` by default. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresSchema(options: PostgresOptions): string {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME.test(schema)) throw invalid("schema", "must be 1 to 63 lower-case letters, digits or _, not starting with a digit");
  return schema;
}

/**
 * The scaled-out database: a pg Pool. Every connection gets `search_path` set to the schema, so
 * the same unqualified queries serve any schema (tests run in parallel, each in its own).
 */
export function openPostgres(options: PostgresOptions): Kysely<Database> {
  if (!/^postgres(?:ql)?:\/\//.test(options.databaseUrl)) throw invalid("databaseUrl", "must be a postgres:// or postgresql:// URL");
  const max = options.maxConnections ?? 10;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw invalid("maxConnections", "must be an integer from 1 to 1000");
  const schema = postgresSchema(options);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max, connectionTimeoutMillis: 10_000 });
  // An idle connection that breaks is dropped by the pool; the next query that needs one
  // reports the failure as a Fault. Without a listener, the event would end the process.
  pool.on("error", () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      },
    }),
  });
}
