import type { Kysely } from "kysely";
import { guarded } from "./faults.js";
import { INLINE_TABLES, findEntity, requireDocument, requireEntity, requireKind } from "./iam-entities.js";
import type { IamEntityKind, InlinePolicyRecord } from "./iam-port.js";
import { byText, countChange, transact } from "./iam-tx.js";
import type { Database } from "./schema.js";
import { LONG_NAME, requireShape } from "./shapes.js";

/** Inline policies of users, groups and roles; a put replaces a policy of the same name. */
export class IamInlinePolicies {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async putInlinePolicy(policy: InlinePolicyRecord): Promise<void> {
    requireKind(policy.kind);
    requireShape("policyName", policy.policyName, LONG_NAME, "must be 1 to 128 characters of letters, digits and +=,.@_-");
    requireDocument("document", policy.document);
    const table = INLINE_TABLES[policy.kind];
    await transact(this.#db, async (trx) => {
      const entity = await requireEntity(trx, policy.kind, policy.entityId);
      await countChange(trx, entity.accountId);
      await trx
        .insertInto(table)
        .values({ entity_id: policy.entityId, policy_name: policy.policyName, document: policy.document })
        .onConflict((oc) => oc.columns(["entity_id", "policy_name"]).doUpdateSet({ document: policy.document }))
        .execute();
    });
  }

  async getInlinePolicy(kind: IamEntityKind, entityId: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    requireKind(kind);
    const row = await guarded(() =>
      this.#db.selectFrom(INLINE_TABLES[kind]).select("document").where("entity_id", "=", entityId).where("policy_name", "=", policyName).executeTakeFirst(),
    );
    return row && { kind, entityId, policyName, document: row.document };
  }

  async listInlinePolicyNames(kind: IamEntityKind, entityId: string): Promise<string[]> {
    requireKind(kind);
    const rows = await guarded(() => this.#db.selectFrom(INLINE_TABLES[kind]).select("policy_name").where("entity_id", "=", entityId).execute());
    return rows.map((r) => r.policy_name).sort(byText((n) => n));
  }

  async deleteInlinePolicy(kind: IamEntityKind, entityId: string, policyName: string): Promise<boolean> {
    requireKind(kind);
    const table = INLINE_TABLES[kind];
    return transact(this.#db, async (trx) => {
      const entity = await findEntity(trx, kind, entityId);
      if (!entity) return false;
      await countChange(trx, entity.accountId);
      const result = await trx.deleteFrom(table).where("entity_id", "=", entityId).where("policy_name", "=", policyName).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
