import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * Tags on IAM resources, by ARN, and virtual MFA devices. `key_folded` is the key as compared
 * (lower-cased in code for users and roles, whose tag keys IAM compares without regard to
 * case), so folding is the same on both dialects. An MFA seed is sealed before it arrives.
 */
export function iamTagsAndMfa(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("iam_tags")
        .addColumn("arn", "text", (c) => c.notNull())
        .addColumn("key_folded", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("iam_tags_pk", ["arn", "key_folded"])
        .execute();

      await db.schema
        .createTable("iam_mfa_devices")
        .addColumn("serial_number", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("device_name", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.references("iam_users.user_id"))
        .addColumn("seed_ciphertext", types.blob, (c) => c.notNull())
        .addColumn("enabled_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        // The last TOTP time step accepted, for the replay guard.
        .addColumn("last_step", "bigint")
        .addCheckConstraint("iam_mfa_devices_enabled", sql`(user_id is null) = (enabled_at is null)`)
        .execute();
      await db.schema
        .createIndex("iam_mfa_devices_account_name")
        .unique()
        .on("iam_mfa_devices")
        .expression(sql`account_id, lower(device_name)`)
        .execute();
      await db.schema.createIndex("iam_mfa_devices_user").on("iam_mfa_devices").column("user_id").execute();
    },
  };
}
