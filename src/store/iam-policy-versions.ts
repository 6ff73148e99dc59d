import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireDocument } from "./iam-entities.js";
import type { PolicyVersionRecord } from "./iam-port.js";
import { versionFromRow, versionId, versionNumber } from "./iam-rows.js";
import { countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { Database } from "./schema.js";
import { isoTime } from "./shapes.js";

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

/** Takes the account's change lock, then reads the policy's version numbers behind it. */
async function lockPolicy(trx: Tx, policyArn: string) {
  const policy = await trx.selectFrom("iam_policies").select(["policy_id", "account_id"]).where("arn", "=", policyArn).executeTakeFirst();
  if (!policy) return undefined;
  await countChange(trx, policy.account_id);
  // Read again behind the lock: the version numbers may have moved while this one waited.
  return trx.selectFrom("iam_policies").select(["policy_id", "default_version", "next_version"]).where("policy_id", "=", policy.policy_id).executeTakeFirst();
}

async function requirePolicy(trx: Tx, policyArn: string) {
  const policy = await lockPolicy(trx, policyArn);
  if (!policy) throw fault("not-found", `policy ${policyArn} does not exist`);
  return policy;
}

function requireVersion(versionIdText: string): number {
  const version = versionNumber(versionIdText);
  if (version === undefined) throw invalid("versionId", "must be v followed by a version number");
  return version;
}

/** The versions of managed policies: at most five, one of them the default. */
export class IamPolicyVersions {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean, at: Date): Promise<PolicyVersionRecord> {
    requireDocument("document", document);
    const when = isoTime("at", at);
    return transact(this.#db, async (trx) => {
      const policy = await requirePolicy(trx, policyArn);
      const count = await trx.selectFrom("iam_policy_versions").select((eb) => eb.fn.countAll<number | string>().as("n")).where("policy_id", "=", policy.policy_id).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_POLICY_VERSIONS) {
        throw fault("service-quota-exceeded", `policy ${policyArn} already has ${MAX_POLICY_VERSIONS} versions, the most IAM allows; delete one first`);
      }
      const version = Number(policy.next_version);
      await trx.insertInto("iam_policy_versions").values({ policy_id: policy.policy_id, version, document, created_at: when }).execute();
      await trx
        .updateTable("iam_policies")
        .set({ next_version: version + 1, updated_at: when, ...(setAsDefault ? { default_version: version } : {}) })
        .where("policy_id", "=", policy.policy_id)
        .execute();
      return { policyArn, versionId: versionId(version), document, isDefault: setAsDefault, createdAt: new Date(when) };
    });
  }

  /** A policy's versions with the policy's default version beside each. */
  #versions(policyArn: string) {
    return this.#db
      .selectFrom("iam_policy_versions as v")
      .innerJoin("iam_policies as p", "p.policy_id", "v.policy_id")
      .selectAll("v")
      .select("p.default_version")
      .where("p.arn", "=", policyArn);
  }

  async getPolicyVersion(policyArn: string, versionIdText: string): Promise<PolicyVersionRecord | undefined> {
    const version = versionNumber(versionIdText);
    if (version === undefined) return undefined;
    const row = await guarded(() => this.#versions(policyArn).where("v.version", "=", version).executeTakeFirst());
    return row && versionFromRow(policyArn, row.default_version, row);
  }

  /** Oldest first. */
  async listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]> {
    const rows = await guarded(() => this.#versions(policyArn).orderBy("v.version").execute());
    return rows.map((row) => versionFromRow(policyArn, row.default_version, row));
  }

  async deletePolicyVersion(policyArn: string, versionIdText: string): Promise<boolean> {
    const version = versionNumber(versionIdText);
    if (version === undefined) return false;
    return transact(this.#db, async (trx) => {
      const policy = await lockPolicy(trx, policyArn);
      if (!policy) return false;
      if (Number(policy.default_version) === version) {
        throw fault("conflict", `${versionIdText} is the default version of policy ${policyArn}; make another version the default first`);
      }
      const result = await trx.deleteFrom("iam_policy_versions").where("policy_id", "=", policy.policy_id).where("version", "=", version).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async setDefaultPolicyVersion(policyArn: string, versionIdText: string, at: Date): Promise<void> {
    const when = isoTime("at", at);
    const version = requireVersion(versionIdText);
    await transact(this.#db, async (trx) => {
      const policy = await requirePolicy(trx, policyArn);
      const row = await trx.selectFrom("iam_policy_versions").select("version").where("policy_id", "=", policy.policy_id).where("version", "=", version).executeTakeFirst();
      if (!row) throw fault("not-found", `policy ${policyArn} has no version ${versionIdText}`);
      await trx.updateTable("iam_policies").set({ default_version: version, updated_at: when }).where("policy_id", "=", policy.policy_id).execute();
    });
  }
}
