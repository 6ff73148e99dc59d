import type { Kysely, Migration } from "kysely";

const KINDS = [
  { kind: "user", parent: "iam_users.user_id" },
  { kind: "group", parent: "iam_groups.group_id" },
  { kind: "role", parent: "iam_roles.role_id" },
] as const;

/**
 * Managed-policy attachments and inline policies, one table of each per kind of principal, so
 * every row has a real foreign key: a principal with policies cannot be deleted (IAM's
 * DeleteConflict), and a policy cannot be deleted while attached, even by racing requests.
 */
export function iamPolicyLinks(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const { kind, parent } of KINDS) {
        await db.schema
          .createTable(`iam_${kind}_attachments`)
          .addColumn("entity_id", "text", (c) => c.notNull().references(parent))
          .addColumn("policy_id", "text", (c) => c.notNull().references("iam_policies.policy_id"))
          .addPrimaryKeyConstraint(`iam_${kind}_attachments_pk`, ["entity_id", "policy_id"])
          .execute();
        await db.schema.createIndex(`iam_${kind}_attachments_policy`).on(`iam_${kind}_attachments`).column("policy_id").execute();

        await db.schema
          .createTable(`iam_${kind}_inline`)
          .addColumn("entity_id", "text", (c) => c.notNull().references(parent))
          .addColumn("policy_name", "text", (c) => c.notNull())
          .addColumn("document", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint(`iam_${kind}_inline_pk`, ["entity_id", "policy_name"])
          .execute();
      }
    },
  };
}
