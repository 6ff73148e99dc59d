import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import type { IamEntityKind } from "./iam-port.js";
import { AWS_ACCOUNT } from "./iam-tx.js";
import type { Database } from "./schema.js";

/** Helpers shared by the repositories that work on users, groups and roles alike. */
const KINDS: readonly string[] = ["user", "group", "role"] satisfies IamEntityKind[];

export const ATTACHMENT_TABLES = {
  user: "iam_user_attachments",
  group: "iam_group_attachments",
  role: "iam_role_attachments",
} as const satisfies Record<IamEntityKind, keyof Database>;

export const INLINE_TABLES = {
  user: "iam_user_inline",
  group: "iam_group_inline",
  role: "iam_role_inline",
} as const satisfies Record<IamEntityKind, keyof Database>;

export function requireKind(kind: string, allowed: readonly string[] = KINDS): void {
  if (!allowed.includes(kind)) throw invalid("kind", `must be one of ${allowed.join(", ")}`);
}

/** Policy documents are validated by the service; the store only refuses what cannot be one. */
export function requireDocument(field: string, document: string): void {
  if (typeof document !== "string" || document.trim() === "") throw invalid(field, "must be a non-empty policy document");
}

export interface EntityRef {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
}

export async function findEntity(db: Kysely<Database>, kind: IamEntityKind, id: string): Promise<EntityRef | undefined> {
  switch (kind) {
    case "user":
      return db.selectFrom("iam_users").select(["account_id as accountId", "user_name as name", "arn"]).where("user_id", "=", id).executeTakeFirst();
    case "group":
      return db.selectFrom("iam_groups").select(["account_id as accountId", "group_name as name", "arn"]).where("group_id", "=", id).executeTakeFirst();
    case "role":
      return db.selectFrom("iam_roles").select(["account_id as accountId", "role_name as name", "arn"]).where("role_id", "=", id).executeTakeFirst();
  }
}

export async function requireEntity(db: Kysely<Database>, kind: IamEntityKind, id: string): Promise<EntityRef> {
  const entity = await findEntity(db, kind, id);
  if (!entity) throw fault("not-found", `${kind} ${id} does not exist`);
  return entity;
}

/**
 * The managed policy an entity of `accountId` may use (attach, or take as its boundary): one of
 * the account's own or an AWS-managed one. Any other is "not-found", as IAM says of a policy in
 * another account.
 */
export async function requireUsablePolicy(db: Kysely<Database>, policyArn: string, accountId: string): Promise<{ policyId: string; policyName: string }> {
  const policy = await db
    .selectFrom("iam_policies")
    .select(["policy_id as policyId", "policy_name as policyName"])
    .where("arn", "=", policyArn)
    .where("account_id", "in", [accountId, AWS_ACCOUNT])
    .executeTakeFirst();
  if (!policy) throw fault("not-found", `policy ${policyArn} does not exist or is not attachable`);
  return policy;
}
