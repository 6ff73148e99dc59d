import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";

/**
 * The organisation (one per database), its service control policies and their attachments to
 * the root or to accounts. An attachment's target is a root id or an account id, so it carries
 * no foreign key; the repository checks the target when it attaches.
 */
export function organization(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("organizations")
        .addColumn("organization_id", "text", (c) => c.primaryKey())
        .addColumn("root_id", "text", (c) => c.notNull())
        .addColumn("management_account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        // Always 1 and unique: a second organisation is a unique violation.
        .addColumn("singleton", "integer", (c) => c.notNull().defaultTo(1).unique())
        .addCheckConstraint("organizations_singleton", sql`singleton = 1`)
        .execute();

      await db.schema
        .createTable("scp_policies")
        .addColumn("policy_id", "text", (c) => c.primaryKey())
        .addColumn("arn", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("aws_managed", "integer", (c) => c.notNull())
        .addCheckConstraint("scp_policies_aws_managed_flag", sql`aws_managed in (0, 1)`)
        .execute();

      await db.schema
        .createTable("scp_attachments")
        .addColumn("policy_id", "text", (c) => c.notNull().references("scp_policies.policy_id"))
        .addColumn("target_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("scp_attachments_pk", ["policy_id", "target_id"])
        .execute();
      await db.schema.createIndex("scp_attachments_target").on("scp_attachments").column("target_id").execute();
    },
  };
}
