import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * The audit trail: one append-only log per node. (node, idx) is the leaf index in the node's
 * Merkle tree, so it is the primary key and is never reused; `leaf` is the event's canonical
 * JSON exactly as hashed, and the event is read back from it. The other columns exist only so
 * LookupEvents can filter by an index instead of parsing leaves; they hold names and ids, never
 * content. Resources are a side table because an event names zero or more of them. Indices are
 * bigint: at thousands of events a second a node passes 2^31 within weeks.
 */
export function audit(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("audit_events")
        .addColumn("node", "text", (c) => c.notNull())
        .addColumn("idx", "bigint", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull().unique())
        .addColumn("event_time", "text", (c) => c.notNull())
        .addColumn("event_name", "text", (c) => c.notNull())
        .addColumn("event_source", "text", (c) => c.notNull())
        .addColumn("username", "text")
        .addColumn("access_key_id", "text")
        .addColumn("read_only", "integer", (c) => c.notNull())
        // recipientAccountId: LookupEvents shows a caller its own account's events only.
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("leaf", types.blob, (c) => c.notNull())
        .addColumn("leaf_hash", types.blob, (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_events_pk", ["node", "idx"])
        .execute();
      // Newest first is LookupEvents' order; each attribute filter walks its own index in it.
      await db.schema.createIndex("audit_events_time").on("audit_events").columns(["event_time", "node", "idx"]).execute();
      for (const column of ["account_id", "event_name", "event_source", "username", "access_key_id"]) {
        await db.schema.createIndex(`audit_events_${column}`).on("audit_events").columns([column, "event_time"]).execute();
      }
      await db.schema
        .createTable("audit_event_resources")
        .addColumn("node", "text", (c) => c.notNull())
        .addColumn("idx", "bigint", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addForeignKeyConstraint("audit_event_resources_event", ["node", "idx"], "audit_events", ["node", "idx"])
        .execute();
      await db.schema.createIndex("audit_event_resources_event").on("audit_event_resources").columns(["node", "idx"]).execute();
      await db.schema.createIndex("audit_event_resources_type").on("audit_event_resources").columns(["type"]).execute();
      await db.schema.createIndex("audit_event_resources_name").on("audit_event_resources").columns(["name"]).execute();
      await db.schema
        .createTable("audit_checkpoints")
        .addColumn("node", "text", (c) => c.notNull())
        .addColumn("size", "bigint", (c) => c.notNull())
        .addColumn("time", "text", (c) => c.notNull())
        .addColumn("note", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("audit_checkpoints_pk", ["node", "size"])
        .execute();
    },
  };
}
