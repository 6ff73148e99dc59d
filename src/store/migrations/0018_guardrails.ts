import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * Bedrock guardrails: one row per guardrail holding its DRAFT, and one per numbered version.
 * The configuration (words, topic definitions, regexes, blocked messages) is only ever a sealed
 * column; names are unique within an account and so are client request tokens, so a retried
 * create finds the guardrail it made. `next_version` keeps version numbers from being reused
 * after a version is deleted, so a policy or a cache naming version 3 never meets another 3.
 */
export function guardrails(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("guardrails")
        .addColumn("guardrail_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("client_request_token", "text")
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("sealed", types.blob, (c) => c.notNull())
        .addColumn("next_version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("guardrails_name", ["account_id", "name"])
        .addUniqueConstraint("guardrails_token", ["account_id", "client_request_token"])
        .execute();
      await db.schema
        .createTable("guardrail_versions")
        .addColumn("guardrail_id", "text", (c) => c.notNull().references("guardrails.guardrail_id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("sealed", types.blob, (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("guardrail_versions_pk", ["guardrail_id", "version"])
        .execute();
    },
  };
}
