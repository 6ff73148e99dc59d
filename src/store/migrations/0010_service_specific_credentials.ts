import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * IAM service-specific credentials (Bedrock's long-term API keys). The alias is the public half
 * of a key, and unique, so the key a client presents finds its row in one indexed read; the
 * secret arrives sealed. `expires_at` is null for a key that never expires.
 */
export function serviceSpecificCredentials(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("service_specific_credentials")
        .addColumn("credential_id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("iam_users.user_id"))
        .addColumn("service_name", "text", (c) => c.notNull())
        .addColumn("alias", "text", (c) => c.notNull().unique())
        .addColumn("secret_ciphertext", types.blob, (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text")
        .addCheckConstraint("service_specific_credentials_status", sql`status in ('Active', 'Inactive')`)
        .execute();
      await db.schema.createIndex("service_specific_credentials_user").on("service_specific_credentials").column("user_id").execute();
    },
  };
}
