import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * KMS customer-managed keys (issue 10): the key's metadata, each version of its material (32
 * bytes, only ever stored sealed under the root key: no column holds key bytes in clear), its
 * aliases (unique per account and region) and tags. Its key policy is a row of
 * `resource_policies`, by the key's ARN, so the authorizer reads it like any resource policy.
 * Deleting a key deletes its material rows: what it encrypted can no longer be decrypted.
 */
export function kms(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("kms_keys")
        .addColumn("key_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("arn", "text", (c) => c.notNull().unique())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("key_spec", "text", (c) => c.notNull())
        .addColumn("key_usage", "text", (c) => c.notNull())
        .addColumn("key_state", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("deletion_date", "text")
        .addColumn("pending_window_days", "integer")
        .addColumn("rotation_enabled", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("rotation_period_days", "integer")
        .addColumn("current_version", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("kms_keys_account").on("kms_keys").columns(["account_id", "region", "created_at"]).execute();
      await db.schema
        .createTable("kms_key_material")
        .addColumn("key_id", "text", (c) => c.notNull().references("kms_keys.key_id"))
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("sealed", types.blob, (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("on_demand", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("kms_key_material_pk", ["key_id", "version"])
        .execute();
      await db.schema
        .createTable("kms_aliases")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("alias_name", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull().references("kms_keys.key_id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("kms_aliases_pk", ["account_id", "region", "alias_name"])
        .execute();
      await db.schema.createIndex("kms_aliases_key").on("kms_aliases").column("key_id").execute();
      await db.schema
        .createTable("kms_key_tags")
        .addColumn("key_id", "text", (c) => c.notNull().references("kms_keys.key_id"))
        .addColumn("tag_key", "text", (c) => c.notNull())
        .addColumn("tag_value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("kms_key_tags_pk", ["key_id", "tag_key"])
        .execute();
    },
  };
}
