import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * Accounts, IAM users and their access keys: the identity the IAM work grows from.
 * No column holds customer content; `secret_ciphertext` is sealed before it reaches the store.
 */
export function identity(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("accounts")
        .addColumn("account_id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("is_management", "integer", (c) => c.notNull().defaultTo(0))
        .addCheckConstraint("accounts_is_management_flag", sql`is_management in (0, 1)`)
        .execute();
      // At most one management account: a partial unique index, understood by both dialects.
      await db.schema
        .createIndex("accounts_one_management")
        .unique()
        .on("accounts")
        .column("is_management")
        .where(sql<boolean>`is_management = 1`)
        .execute();

      await db.schema
        .createTable("iam_users")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull().defaultTo("/"))
        .addColumn("arn", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      // IAM names are unique without regard to case ("Admin" and "admin" cannot coexist).
      // They are ASCII ([\w+=,.@-]), which is all SQLite's lower() folds.
      await db.schema
        .createIndex("iam_users_account_name")
        .unique()
        .on("iam_users")
        .expression(sql`account_id, lower(user_name)`)
        .execute();

      await db.schema
        .createTable("access_keys")
        .addColumn("access_key_id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("iam_users.user_id"))
        .addColumn("secret_ciphertext", types.blob, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_used_at", "text")
        .addColumn("last_used_region", "text")
        .addColumn("last_used_service", "text")
        .addCheckConstraint("access_keys_status", sql`status in ('Active', 'Inactive')`)
        .execute();
      await db.schema.createIndex("access_keys_user").on("access_keys").column("user_id").execute();
    },
  };
}
