import type { Kysely, Migration } from "kysely";

/** Resource-based policies (e.g. Bedrock's PutResourcePolicy), one per resource ARN. */
export function resourcePolicies(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("resource_policies")
        .addColumn("resource_arn", "text", (c) => c.primaryKey())
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("document", "text", (c) => c.notNull())
        .execute();
    },
  };
}
