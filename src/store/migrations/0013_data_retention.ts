import type { Kysely, Migration } from "kysely";

/**
 * Bedrock's account data-retention mode (PutAccountDataRetention): one row per account and
 * region, written only when the account states a mode. No row means the deployment's default
 * (`none`), so an account that never chose keeps plinth's strictest posture. The mode is held as
 * Bedrock's wire value; which values are accepted is the service's rule, not the column's.
 */
export function dataRetention(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("account_data_retention")
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("account_data_retention_pk", ["account_id", "region"])
        .execute();
    },
  };
}
