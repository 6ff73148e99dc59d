import type { Kysely, Migration } from "kysely";

/**
 * Application inference profiles (Bedrock's CreateInferenceProfile): a named, taggable alias of a
 * foundation model or a system-defined profile, owned by an account. Names are unique within an
 * account, and so are client request tokens, so a retried create finds the profile it made.
 * Tags are held as one JSON array: they are read and written whole, never queried by value.
 */
export function inferenceProfiles(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("inference_profiles")
        .addColumn("profile_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("source_arn", "text", (c) => c.notNull())
        .addColumn("client_request_token", "text")
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("inference_profiles_name", ["account_id", "name"])
        .addUniqueConstraint("inference_profiles_token", ["account_id", "client_request_token"])
        .execute();
    },
  };
}
