import type { Kysely } from "kysely";
import { invalid, parseArn } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireDocument } from "./iam-entities.js";
import type { ResourcePolicyStore } from "./iam-port.js";
import { countChange, transact } from "./iam-tx.js";
import type { Database } from "./schema.js";
import { ACCOUNT_ID, requireShape } from "./shapes.js";

/**
 * Resource-based policies, one per resource ARN. A change counts in the owning account's change
 * counter: it decides who may use the account's resources.
 */
export class KyselyResourcePolicyStore implements ResourcePolicyStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Replaces the resource's policy if it has one. The ARN must name `accountId`, or no account at
   * all (foundation models belong to none; their policies are owned by the management account).
   */
  async put(resourceArn: string, accountId: string, document: string): Promise<void> {
    requireShape("accountId", accountId, ACCOUNT_ID, "must be 12 digits");
    const parsed = parseArn(resourceArn);
    if (!parsed || parsed.resource === "") throw invalid("resourceArn", "must be an ARN");
    if (parsed.account !== "" && parsed.account !== accountId) throw invalid("resourceArn", `must name account ${accountId}`);
    requireDocument("document", document);
    await transact(this.#db, async (trx) => {
      await countChange(trx, accountId);
      await trx
        .insertInto("resource_policies")
        .values({ resource_arn: resourceArn, account_id: accountId, document })
        .onConflict((oc) => oc.column("resource_arn").doUpdateSet({ document }))
        .execute();
    }, { missing: `account ${accountId} does not exist` });
  }

  async get(resourceArn: string): Promise<string | undefined> {
    const row = await guarded(() => this.#db.selectFrom("resource_policies").select("document").where("resource_arn", "=", resourceArn).executeTakeFirst());
    return row?.document;
  }

  async delete(resourceArn: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const row = await trx.selectFrom("resource_policies").select("account_id").where("resource_arn", "=", resourceArn).executeTakeFirst();
      if (!row) return false;
      await countChange(trx, row.account_id);
      const result = await trx.deleteFrom("resource_policies").where("resource_arn", "=", resourceArn).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
