import type { Kysely, Migration } from "kysely";
import type { DialectTypes } from "./dialect-types.js";

/**
 * Bedrock's model invocation logging: an account's configuration (one row per account and
 * region, absent = off, Bedrock's default) and the logged invocations themselves, each sealed
 * whole under the secret box (content never lies in a column). Records are deleted once older
 * than the deployment's retention; `created_at` is indexed for that purge.
 */
export function invocationLogging(types: DialectTypes): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("invocation_logging_config")
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("config", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("invocation_logging_config_pk", ["account_id", "region"])
        .execute();
      await db.schema
        .createTable("invocation_logs")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("request_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("ciphertext", types.blob, (c) => c.notNull())
        .addPrimaryKeyConstraint("invocation_logs_pk", ["account_id", "request_id"])
        .execute();
      await db.schema.createIndex("invocation_logs_created_at").on("invocation_logs").column("created_at").execute();
    },
  };
}
