import pg from "pg";

/** The PostgreSQL the tests use: .ci/run starts one at 127.0.0.1:5432 with a database `test`. */
export const TEST_DATABASE_URL = process.env["PLINTH_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A describe's `skip` for tests that need PostgreSQL: false when it answers, or under CI (where
 * .ci/run starts it, so an unreachable server fails the tests rather than skipping them).
 */
export async function postgresSkip(): Promise<false | string> {
  return process.env["CI"] || (await reachable()) ? false : `PostgreSQL is not reachable at ${TEST_DATABASE_URL}`;
}

/** Drops a test's own schema and everything in it (its after hook). */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
