import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";

/**
 * Groups and their members, roles, and the users' permissions boundaries. A boundary refers to
 * its policy by ARN with a foreign key, so a policy in use as a boundary cannot be deleted.
 */
export function iamPrincipals(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .alterTable("iam_users")
        .addColumn("permissions_boundary_arn", "text", (c) => c.references("iam_policies.arn"))
        .execute();
      // Tags are kept by ARN; this finds the user an ARN names.
      await db.schema.createIndex("iam_users_arn").on("iam_users").column("arn").execute();

      await db.schema
        .createTable("iam_groups")
        .addColumn("group_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("group_name", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("arn", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("iam_groups_account_name")
        .unique()
        .on("iam_groups")
        .expression(sql`account_id, lower(group_name)`)
        .execute();

      await db.schema
        .createTable("iam_group_members")
        .addColumn("group_id", "text", (c) => c.notNull().references("iam_groups.group_id"))
        .addColumn("user_id", "text", (c) => c.notNull().references("iam_users.user_id"))
        .addPrimaryKeyConstraint("iam_group_members_pk", ["group_id", "user_id"])
        .execute();
      await db.schema.createIndex("iam_group_members_user").on("iam_group_members").column("user_id").execute();

      await db.schema
        .createTable("iam_roles")
        .addColumn("role_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("role_name", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("arn", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("trust_policy", "text", (c) => c.notNull())
        .addColumn("max_session_duration", "integer", (c) => c.notNull())
        .addColumn("permissions_boundary_arn", "text", (c) => c.references("iam_policies.arn"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addCheckConstraint("iam_roles_max_session_duration", sql`max_session_duration between 3600 and 43200`)
        .execute();
      await db.schema
        .createIndex("iam_roles_account_name")
        .unique()
        .on("iam_roles")
        .expression(sql`account_id, lower(role_name)`)
        .execute();
      await db.schema.createIndex("iam_roles_arn").on("iam_roles").column("arn").execute();
    },
  };
}
