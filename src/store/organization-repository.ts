import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireDocument } from "./iam-entities.js";
import type { OrganizationRecord, OrganizationStore, ServiceControlPolicyRecord } from "./iam-port.js";
import { organizationFromRow, scpFromRow } from "./iam-rows.js";
import { ORGANIZATION_SCOPE, byText, countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { AccountRecord } from "./port.js";
import { accountFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import { ACCOUNT_ID, ORGANIZATION_ID, ROOT_ID, SCP_ID, isoTime, requireShape } from "./shapes.js";

/** Organizations' quota of SCPs attached to one root or account. */
export const MAX_SCPS_PER_TARGET = 5;

function requireScpFields(changes: { name?: string; description?: string; document?: string }): void {
  if (changes.name !== undefined && (changes.name.length < 1 || changes.name.length > 128)) throw invalid("name", "must be 1 to 128 characters");
  if (changes.description !== undefined && changes.description.length > 512) throw invalid("description", "must be at most 512 characters");
  if (changes.document !== undefined) requireDocument("document", changes.document);
}

async function requireOrganization(trx: Tx): Promise<OrganizationRecord> {
  const row = await trx.selectFrom("organizations").selectAll().executeTakeFirst();
  if (!row) throw fault("not-found", "no organisation exists yet");
  return organizationFromRow(row);
}

/**
 * The one organisation, its accounts and its service control policies. Every change counts in
 * the organisation-wide scope, which every account's change counter includes.
 */
export class KyselyOrganizationStore implements OrganizationStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async getOrganization(): Promise<OrganizationRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("organizations").selectAll().executeTakeFirst());
    return row && organizationFromRow(row);
  }

  /** The management account must exist and be the database's management account. */
  async createOrganization(org: OrganizationRecord): Promise<void> {
    requireShape("organizationId", org.organizationId, ORGANIZATION_ID, "must be o- followed by 10 to 32 lower-case letters or digits");
    requireShape("rootId", org.rootId, ROOT_ID, "must be r- followed by 4 to 32 lower-case letters or digits");
    const row = {
      organization_id: org.organizationId,
      root_id: org.rootId,
      management_account_id: org.managementAccountId,
      created_at: isoTime("createdAt", org.createdAt),
      singleton: 1,
    };
    await transact(this.#db, async (trx) => {
      const account = await trx.selectFrom("accounts").selectAll().where("account_id", "=", org.managementAccountId).executeTakeFirst();
      if (!account) throw fault("not-found", `account ${org.managementAccountId} does not exist`);
      if (Number(account.is_management) !== 1) throw invalid("managementAccountId", `account ${org.managementAccountId} is not the management account`);
      await countChange(trx, ORGANIZATION_SCOPE);
      await trx.insertInto("organizations").values(row).execute();
    }, { conflict: "an organisation already exists; a database holds one" });
  }

  /** Every account in the database, by account id. */
  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("accounts").selectAll().execute());
    return rows.map(accountFromRow).sort(byText((a) => a.accountId));
  }

  async createPolicy(policy: ServiceControlPolicyRecord): Promise<void> {
    requireShape("policyId", policy.policyId, SCP_ID, "must be p- followed by 8 to 128 letters, digits or _");
    if (!policy.arn.startsWith("arn:aws:organizations::") || !policy.arn.endsWith(`/service_control_policy/${policy.policyId}`)) {
      throw invalid("arn", `must be an organizations ARN ending in /service_control_policy/${policy.policyId}`);
    }
    requireScpFields(policy);
    const row = {
      policy_id: policy.policyId,
      arn: policy.arn,
      name: policy.name,
      description: policy.description,
      document: policy.document,
      aws_managed: policy.awsManaged ? 1 : 0,
    };
    await transact(this.#db, async (trx) => {
      await requireOrganization(trx);
      await countChange(trx, ORGANIZATION_SCOPE);
      await trx.insertInto("scp_policies").values(row).execute();
    }, { conflict: `a service control policy with id ${policy.policyId}, its ARN or its name already exists` });
  }

  async getPolicy(policyId: string): Promise<ServiceControlPolicyRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("scp_policies").selectAll().where("policy_id", "=", policyId).executeTakeFirst());
    return row && scpFromRow(row);
  }

  /** By name. */
  async listPolicies(): Promise<ServiceControlPolicyRecord[]> {
    const rows = await guarded(() => this.#db.selectFrom("scp_policies").selectAll().execute());
    return rows.map(scpFromRow).sort(byText((p) => p.name));
  }

  async updatePolicy(policyId: string, changes: { name?: string; description?: string; document?: string }): Promise<void> {
    requireScpFields(changes);
    const set = {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.description === undefined ? {} : { description: changes.description }),
      ...(changes.document === undefined ? {} : { document: changes.document }),
    };
    await transact(this.#db, async (trx) => {
      await countChange(trx, ORGANIZATION_SCOPE);
      const exists = await trx.selectFrom("scp_policies").select("policy_id").where("policy_id", "=", policyId).executeTakeFirst();
      if (!exists) throw fault("not-found", `service control policy ${policyId} does not exist`);
      if (Object.keys(set).length > 0) await trx.updateTable("scp_policies").set(set).where("policy_id", "=", policyId).execute();
    }, { conflict: `another service control policy already has that name` });
  }

  async deletePolicy(policyId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      await countChange(trx, ORGANIZATION_SCOPE);
      const targets = await trx.selectFrom("scp_attachments").select("target_id").where("policy_id", "=", policyId).execute();
      if (targets.length > 0) throw fault("conflict", `service control policy ${policyId} is still attached to ${targets.length} target(s); detach it first`);
      const result = await trx.deleteFrom("scp_policies").where("policy_id", "=", policyId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    }, { inUse: `service control policy ${policyId} is still attached` });
  }

  /** `targetId`: the organisation's root id or an account id. */
  async attachPolicy(policyId: string, targetId: string): Promise<void> {
    if (!ROOT_ID.test(targetId) && !ACCOUNT_ID.test(targetId)) throw invalid("targetId", "must be the root id (r-...) or a 12-digit account id");
    await transact(this.#db, async (trx) => {
      const org = await requireOrganization(trx);
      await countChange(trx, ORGANIZATION_SCOPE);
      const policy = await trx.selectFrom("scp_policies").select("policy_id").where("policy_id", "=", policyId).executeTakeFirst();
      if (!policy) throw fault("not-found", `service control policy ${policyId} does not exist`);
      const target = targetId === org.rootId
        ? targetId
        : (await trx.selectFrom("accounts").select("account_id").where("account_id", "=", targetId).executeTakeFirst())?.account_id;
      if (target === undefined) throw fault("not-found", `target ${targetId} is neither the root nor an account of the organisation`);
      const attached = await trx.selectFrom("scp_attachments").select("policy_id").where("target_id", "=", targetId).execute();
      if (attached.some((a) => a.policy_id === policyId)) throw fault("conflict", `service control policy ${policyId} is already attached to ${targetId}`);
      if (attached.length >= MAX_SCPS_PER_TARGET) {
        throw fault("service-quota-exceeded", `${targetId} already has ${MAX_SCPS_PER_TARGET} service control policies attached, the most Organizations allows`);
      }
      await trx.insertInto("scp_attachments").values({ policy_id: policyId, target_id: targetId }).execute();
    }, { conflict: `service control policy ${policyId} is already attached to ${targetId}` });
  }

  async detachPolicy(policyId: string, targetId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      await countChange(trx, ORGANIZATION_SCOPE);
      const result = await trx.deleteFrom("scp_attachments").where("policy_id", "=", policyId).where("target_id", "=", targetId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /** By name. */
  async listPoliciesForTarget(targetId: string): Promise<ServiceControlPolicyRecord[]> {
    const rows = await guarded(() =>
      this.#db
        .selectFrom("scp_attachments as a")
        .innerJoin("scp_policies as p", "p.policy_id", "a.policy_id")
        .selectAll("p")
        .where("a.target_id", "=", targetId)
        .execute(),
    );
    return rows.map(scpFromRow).sort(byText((p) => p.name));
  }

  async listTargetsForPolicy(policyId: string): Promise<string[]> {
    const rows = await guarded(() => this.#db.selectFrom("scp_attachments").select("target_id").where("policy_id", "=", policyId).execute());
    return rows.map((r) => r.target_id).sort(byText((t) => t));
  }
}
