import type { Kysely, Migration } from "kysely";

/**
 * Provisioned throughput (Bedrock's CreateProvisionedModelThroughput): model units of one model
 * reserved for one account. `provider_id` is stored beside the model so the units reserved on a
 * provider can be summed without the catalogue; `provisioned_capacity_locks` has one row per
 * provider, written first in every transaction that reserves or frees units there, so racing
 * creates serialise and the sum they check is the one they commit against (the row lock in
 * PostgreSQL, the write lock in SQLite). Names and client request tokens are unique per account.
 * Tags are one JSON array, read and written whole.
 */
export function provisionedThroughput(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("provisioned_throughputs")
        .addColumn("provisioned_id", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("model_id", "text", (c) => c.notNull())
        .addColumn("desired_model_id", "text", (c) => c.notNull())
        .addColumn("provider_id", "text", (c) => c.notNull())
        .addColumn("model_units", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("ready_at", "text", (c) => c.notNull())
        .addColumn("commitment_duration", "text")
        .addColumn("commitment_expires_at", "text")
        .addColumn("client_request_token", "text")
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("provisioned_throughputs_name", ["account_id", "name"])
        .addUniqueConstraint("provisioned_throughputs_token", ["account_id", "client_request_token"])
        .execute();
      await db.schema.createIndex("provisioned_throughputs_provider").on("provisioned_throughputs").columns(["provider_id"]).execute();
      await db.schema
        .createTable("provisioned_capacity_locks")
        .addColumn("provider_id", "text", (c) => c.primaryKey())
        .addColumn("changes", "integer", (c) => c.notNull())
        .execute();
    },
  };
}
