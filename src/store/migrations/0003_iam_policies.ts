import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";

/**
 * Managed policies with their versions, and the per-account change counters. A policy's
 * `account_id` is an account id or `aws` (AWS-managed policies, shared by every account), so it
 * carries no foreign key; accounts are never deleted, and the repository checks the account
 * exists when it creates a policy. Attachment counts are not stored: they are counted from the
 * attachment tables when read, so they cannot drift.
 */
export function iamPolicies(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One row per account (its id) and one for the organisation (`*`); every IAM mutation
      // increments its scope's row first, which also serialises mutations of one account.
      await db.schema
        .createTable("iam_changes")
        .addColumn("scope", "text", (c) => c.primaryKey())
        .addColumn("counter", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("iam_policies")
        .addColumn("policy_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("policy_name", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("arn", "text", (c) => c.notNull().unique())
        .addColumn("description", "text")
        // Version numbers: `v3` is stored as 3. `next_version` never goes back, so a deleted
        // version's id is never given to a different document.
        .addColumn("default_version", "integer", (c) => c.notNull())
        .addColumn("next_version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("iam_policies_account_name")
        .unique()
        .on("iam_policies")
        .expression(sql`account_id, lower(policy_name)`)
        .execute();

      await db.schema
        .createTable("iam_policy_versions")
        .addColumn("policy_id", "text", (c) => c.notNull().references("iam_policies.policy_id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("document", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("iam_policy_versions_pk", ["policy_id", "version"])
        .execute();
    },
  };
}
