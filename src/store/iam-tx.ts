import { sql } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { guarded } from "./faults.js";
import type { FaultMessages } from "./faults.js";
import type { Database } from "./schema.js";

export type Tx = Transaction<Database>;

/**
 * The scope of organisation-wide changes (SCPs, the organisation, AWS-managed policies). An
 * account's change counter is its own row plus this one: both only grow, so their sum does too,
 * and an SCP change is one write rather than one per account.
 */
export const ORGANIZATION_SCOPE = "*";

/** `aws` owns AWS-managed policies, which every account can attach. */
export const AWS_ACCOUNT = "aws";

function scopeOf(accountId: string): string {
  return accountId === AWS_ACCOUNT ? ORGANIZATION_SCOPE : accountId;
}

/** One transaction, with driver errors turned into Faults (and Faults passed through). */
export function transact<T>(db: Kysely<Database>, body: (trx: Tx) => Promise<T>, messages?: FaultMessages): Promise<T> {
  return guarded(() => db.transaction().execute(body), messages);
}

/**
 * Counts a change to the account's IAM state. Every mutation calls it before it checks a limit
 * or a dependent: the row lock it takes (PostgreSQL) or the write lock (SQLite) serialises the
 * account's mutations, so "at most N" and "no dependents left" hold across racing requests.
 */
export async function countChange(trx: Tx, accountId: string): Promise<void> {
  await trx
    .insertInto("iam_changes")
    .values({ scope: scopeOf(accountId), counter: 1 })
    .onConflict((oc) => oc.column("scope").doUpdateSet({ counter: sql`${sql.ref("iam_changes.counter")} + 1` }))
    .execute();
}

export async function readChangeCounter(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await guarded(() =>
    db
      .selectFrom("iam_changes")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>("counter"), sql<number>`0`).as("total"))
      .where("scope", "in", [accountId, ORGANIZATION_SCOPE])
      .executeTakeFirst(),
  );
  return Number(row?.total ?? 0);
}

export interface Dependent {
  /** What the conflict message calls it, e.g. "access keys". */
  readonly label: string;
  readonly table: keyof Database & string;
  readonly column: string;
}

/** The labels of the dependents that have rows for `id`, in one query. */
export async function presentDependents(trx: Tx, id: string, dependents: readonly Dependent[]): Promise<string[]> {
  const counts = dependents.map((d, i) =>
    sql`(select count(*) from ${sql.table(d.table)} where ${sql.ref(d.column)} = ${id}) as ${sql.ref(`d${i}`)}`);
  const { rows } = await sql<Record<string, number | string>>`select ${sql.join(counts)}`.execute(trx);
  const row = rows[0] ?? {};
  return dependents.filter((_, i) => Number(row[`d${i}`] ?? 0) > 0).map((d) => d.label);
}

/** Code-unit order, the same on both dialects (database collations differ). */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** `path` begins with `prefix`: substr rather than LIKE, whose case rules differ by dialect. */
export function pathStartsWith(prefix: string) {
  return sql<boolean>`substr(${sql.ref("path")}, 1, ${sql.lit(prefix.length)}) = ${prefix}`;
}
