import { sql } from "kysely";
import type { Kysely, SqlBool } from "kysely";
import { fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireDocument } from "./iam-entities.js";
import type { ManagedPolicyRecord } from "./iam-port.js";
import { policyFromRow } from "./iam-rows.js";
import { AWS_ACCOUNT, byText, countChange, pathStartsWith, presentDependents, transact } from "./iam-tx.js";
import type { Dependent } from "./iam-tx.js";
import { requirePathPrefix } from "./iam-users.js";
import type { Database } from "./schema.js";
import { ACCOUNT_ID, IAM_PATH, LONG_NAME, POLICY_ID, isoTime, requireIamArn, requireShape } from "./shapes.js";

/** Counted when read, from the attachment tables, so the count cannot drift from the rows. */
const ATTACHMENT_COUNT = sql<number>`(select count(*) from iam_user_attachments a where a.policy_id = p.policy_id)
  + (select count(*) from iam_group_attachments a where a.policy_id = p.policy_id)
  + (select count(*) from iam_role_attachments a where a.policy_id = p.policy_id)`;

const ATTACHED = sql<SqlBool>`(exists (select 1 from iam_user_attachments a where a.policy_id = p.policy_id)
  or exists (select 1 from iam_group_attachments a where a.policy_id = p.policy_id)
  or exists (select 1 from iam_role_attachments a where a.policy_id = p.policy_id))`;

const ATTACHMENTS: readonly Dependent[] = [
  { label: "attachments to users", table: "iam_user_attachments", column: "policy_id" },
  { label: "attachments to groups", table: "iam_group_attachments", column: "policy_id" },
  { label: "attachments to roles", table: "iam_role_attachments", column: "policy_id" },
];
const BOUNDARY_USES: readonly Dependent[] = [
  { label: "use as a user's permissions boundary", table: "iam_users", column: "permissions_boundary_arn" },
  { label: "use as a role's permissions boundary", table: "iam_roles", column: "permissions_boundary_arn" },
];

export type NewManagedPolicy = Omit<ManagedPolicyRecord, "attachmentCount" | "defaultVersionId" | "updatedAt">;

/** Managed policies (the account's own, or AWS-managed ones under account `aws`). */
export class IamPolicies {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Creates the policy with its first version, `v1`, as the default. */
  async createPolicy(policy: NewManagedPolicy, document: string): Promise<ManagedPolicyRecord> {
    requireShape("policyId", policy.policyId, POLICY_ID, "must be ANPA followed by 16 upper-case letters or digits");
    if (policy.accountId !== AWS_ACCOUNT) requireShape("accountId", policy.accountId, ACCOUNT_ID, "must be 12 digits, or aws for an AWS-managed policy");
    requireShape("policyName", policy.policyName, LONG_NAME, "must be 1 to 128 characters of letters, digits and +=,.@_-");
    requireShape("path", policy.path, IAM_PATH, "must begin and end with / and hold printable ASCII, at most 512 characters");
    requireIamArn(policy.arn, policy.accountId, "policy", policy.path, policy.policyName);
    requireDocument("document", document);
    const createdAt = isoTime("createdAt", policy.createdAt);
    await transact(this.#db, async (trx) => {
      if (policy.accountId !== AWS_ACCOUNT) {
        const account = await trx.selectFrom("accounts").select("account_id").where("account_id", "=", policy.accountId).executeTakeFirst();
        if (!account) throw fault("not-found", `account ${policy.accountId} does not exist`);
      }
      await countChange(trx, policy.accountId);
      await trx.insertInto("iam_policies").values({
        policy_id: policy.policyId,
        account_id: policy.accountId,
        policy_name: policy.policyName,
        path: policy.path,
        arn: policy.arn,
        description: policy.description ?? null,
        default_version: 1,
        next_version: 2,
        created_at: createdAt,
        updated_at: createdAt,
      }).execute();
      await trx.insertInto("iam_policy_versions").values({ policy_id: policy.policyId, version: 1, document, created_at: createdAt }).execute();
    }, { conflict: `policy ${policy.policyName} (or id ${policy.policyId}) already exists in account ${policy.accountId}` });
    return { ...policy, defaultVersionId: "v1", attachmentCount: 0, updatedAt: policy.createdAt };
  }

  async getPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined> {
    const row = await guarded(() =>
      this.#db.selectFrom("iam_policies as p").selectAll("p").select(ATTACHMENT_COUNT.as("attachment_count")).where("p.arn", "=", policyArn).executeTakeFirst(),
    );
    return row && policyFromRow(row);
  }

  async listPolicies(accountId: string, options: { onlyAttached?: boolean; pathPrefix?: string } = {}): Promise<ManagedPolicyRecord[]> {
    requirePathPrefix(options.pathPrefix);
    const rows = await guarded(() => {
      let query = this.#db.selectFrom("iam_policies as p").selectAll("p").select(ATTACHMENT_COUNT.as("attachment_count")).where("p.account_id", "=", accountId);
      if (options.pathPrefix !== undefined) query = query.where(pathStartsWith(options.pathPrefix));
      if (options.onlyAttached) query = query.where(ATTACHED);
      return query.execute();
    });
    return rows.map(policyFromRow).sort(byText((p) => p.policyName));
  }

  async deletePolicy(policyArn: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const policy = await trx.selectFrom("iam_policies").select(["policy_id", "account_id"]).where("arn", "=", policyArn).executeTakeFirst();
      if (!policy) return false;
      await countChange(trx, policy.account_id);
      const present = [
        ...await presentDependents(trx, policy.policy_id, ATTACHMENTS),
        ...await presentDependents(trx, policyArn, BOUNDARY_USES),
      ];
      if (present.length > 0) throw fault("conflict", `policy ${policyArn} still has ${present.join(", ")}; remove them first`);
      const versions = await trx.selectFrom("iam_policy_versions").select((eb) => eb.fn.countAll<number | string>().as("n")).where("policy_id", "=", policy.policy_id).executeTakeFirst();
      if (Number(versions?.n ?? 0) > 1) throw fault("conflict", `policy ${policyArn} still has versions other than its default; delete them first`);
      await trx.deleteFrom("iam_tags").where("arn", "=", policyArn).execute();
      await trx.deleteFrom("iam_policy_versions").where("policy_id", "=", policy.policy_id).execute();
      const result = await trx.deleteFrom("iam_policies").where("policy_id", "=", policy.policy_id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    }, { inUse: `policy ${policyArn} is still attached or in use as a permissions boundary` });
  }
}
