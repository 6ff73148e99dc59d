import type { Kysely, Migration } from "kysely";

/**
 * Account-level enforced guardrail configurations (Bedrock's PutEnforcedGuardrailConfiguration).
 * A few rows per account, read whole per account and cached by the service, so no index beyond
 * the key. The selective-guarding and model-enforcement settings are small JSON objects: read and
 * written whole, never queried by value.
 */
export function enforcedGuardrails(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable("enforced_guardrails")
        .addColumn("account_id", "text", (c) => c.notNull().references("accounts.account_id"))
        .addColumn("config_id", "text", (c) => c.notNull())
        .addColumn("guardrail_arn", "text", (c) => c.notNull())
        .addColumn("guardrail_id", "text", (c) => c.notNull())
        .addColumn("guardrail_version", "text", (c) => c.notNull())
        .addColumn("selective_content_guarding", "text", (c) => c.notNull())
        .addColumn("model_enforcement", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("enforced_guardrails_pk", ["account_id", "config_id"])
        .execute();
    },
  };
}
