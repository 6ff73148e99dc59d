import type { Kysely } from "kysely";
import type { Frontier } from "../audit/frontier.js";
import { Fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { Database } from "./schema.js";
import { asBuffer, asBytes, isoTime } from "./shapes.js";

const HASH_BYTES = 32;

/** The frontier in force for a node: that of its largest pruning, if it was ever pruned. */
export async function readFrontier(db: Kysely<Database>, node: string): Promise<Frontier | undefined> {
  const row = await guarded(() => db.selectFrom("audit_frontiers").select(["size", "nodes"]).where("node", "=", node).orderBy("size", "desc").limit(1).executeTakeFirst());
  if (row === undefined) return undefined;
  const bytes = asBytes(row.nodes);
  const nodes: Uint8Array[] = [];
  for (let at = 0; at + HASH_BYTES <= bytes.length; at += HASH_BYTES) nodes.push(bytes.slice(at, at + HASH_BYTES));
  // A blob that is not whole hashes is handed on as it is (truncated): the verifier names it.
  return { node, size: Number(row.size), nodes };
}

/**
 * Deletes a node's events [0, frontier.size) and records their frontier, in one transaction, so
 * the log is never left with events missing and no frontier standing for them. The newest event
 * always stays: the log's size is read as its largest index plus one, so an emptied log would
 * start again from index 0. Pruning never moves backwards.
 */
export async function pruneEvents(db: Kysely<Database>, frontier: Frontier, at: Date): Promise<number> {
  const { node, size } = frontier;
  if (!Number.isSafeInteger(size) || size < 1) throw invalid("size", "must be a positive integer");
  if (frontier.nodes.some((n) => n.length !== HASH_BYTES)) throw invalid("nodes", `must be ${HASH_BYTES}-byte hashes`);
  const prunedAt = isoTime("prunedAt", at);
  return guarded(() => db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom("audit_events").select((eb) => eb.fn.max("idx").as("last")).where("node", "=", node).executeTakeFirst();
    const logSize = last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1;
    if (size >= logSize) throw invalid("size", `must leave the newest event of node ${node} (its log holds ${logSize})`);
    const done = await trx.selectFrom("audit_frontiers").select((eb) => eb.fn.max("size").as("size")).where("node", "=", node).executeTakeFirst();
    const prunedBefore = done?.size === null || done?.size === undefined ? 0 : Number(done.size);
    if (size <= prunedBefore) throw new Fault("conflict", `node ${node} is already pruned before index ${prunedBefore}`);
    await trx.insertInto("audit_frontiers").values({ node, size, nodes: asBuffer(Buffer.concat(frontier.nodes.map((n) => asBuffer(n)))), pruned_at: prunedAt }).execute();
    await trx.deleteFrom("audit_event_resources").where("node", "=", node).where("idx", "<", size).execute();
    const deleted = await trx.deleteFrom("audit_events").where("node", "=", node).where("idx", "<", size).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }), { conflict: `node ${node} already has a frontier at size ${size}` });
}
