import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * What pruning leaves of a node's oldest audit events: the compact range (frontier) of its first
 * `size` leaves, the 32-byte roots of the perfect subtrees covering them, largest first, in one
 * blob. It is written in the same transaction that deletes those events, and is only a claim:
 * `plinth audit verify` accepts it when its root equals that of a signed checkpoint of exactly
 * `size` leaves. One row per pruning; the largest size is the one in force.
 */
export function auditFrontiers(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("audit_frontiers")
        .addColumn("node", "text", (c) => c.notNull())
        .addColumn("size", "bigint", (c) => c.notNull())
        .addColumn("nodes", types.blob, (c) => c.notNull())
        .addColumn("pruned_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_frontiers_pk", ["node", "size"])
        .execute();
    },
  };
}
