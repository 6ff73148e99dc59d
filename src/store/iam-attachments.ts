import { sql } from "kysely";
import type { Kysely } from "kysely";
import { fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { ATTACHMENT_TABLES, findEntity, requireEntity, requireKind, requireUsablePolicy } from "./iam-entities.js";
import type { AttachedPolicy, IamEntityKind } from "./iam-port.js";
import { byText, countChange, transact } from "./iam-tx.js";
import type { Database } from "./schema.js";

/** IAM's default quota of managed policies attached to one user, group or role. */
export const MAX_ATTACHED_POLICIES = 10;

/** Managed policies attached to users, groups and roles. */
export class IamAttachments {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Attaching a policy already attached is not an error, as in IAM. */
  async attachPolicy(kind: IamEntityKind, entityId: string, policyArn: string): Promise<void> {
    requireKind(kind);
    const table = ATTACHMENT_TABLES[kind];
    await transact(this.#db, async (trx) => {
      const entity = await requireEntity(trx, kind, entityId);
      const policy = await requireUsablePolicy(trx, policyArn, entity.accountId);
      await countChange(trx, entity.accountId);
      const attached = await trx.selectFrom(table).select("policy_id").where("entity_id", "=", entityId).execute();
      if (attached.some((a) => a.policy_id === policy.policyId)) return;
      if (attached.length >= MAX_ATTACHED_POLICIES) {
        throw fault("service-quota-exceeded", `${kind} ${entity.name} already has ${MAX_ATTACHED_POLICIES} attached policies, the most IAM allows`);
      }
      await trx.insertInto(table).values({ entity_id: entityId, policy_id: policy.policyId }).execute();
    }, { missing: `policy ${policyArn} does not exist` });
  }

  async detachPolicy(kind: IamEntityKind, entityId: string, policyArn: string): Promise<boolean> {
    requireKind(kind);
    const table = ATTACHMENT_TABLES[kind];
    return transact(this.#db, async (trx) => {
      const entity = await findEntity(trx, kind, entityId);
      if (!entity) return false;
      await countChange(trx, entity.accountId);
      const result = await trx
        .deleteFrom(table)
        .where("entity_id", "=", entityId)
        .where("policy_id", "in", (eb) => eb.selectFrom("iam_policies").select("policy_id").where("arn", "=", policyArn))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async listAttachedPolicies(kind: IamEntityKind, entityId: string): Promise<AttachedPolicy[]> {
    requireKind(kind);
    const rows = await guarded(() =>
      this.#db
        .selectFrom(`${ATTACHMENT_TABLES[kind]} as a`)
        .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
        .select(["p.arn as policyArn", "p.policy_name as policyName"])
        .where("a.entity_id", "=", entityId)
        .execute(),
    );
    return rows.sort(byText((p) => p.policyName));
  }

  /** Users, then groups, then roles, each by name. */
  async listEntitiesForPolicy(policyArn: string): Promise<{ kind: IamEntityKind; entityId: string; name: string }[]> {
    const db = this.#db;
    const rows = await guarded(() =>
      db
        .selectFrom("iam_user_attachments as a")
        .innerJoin("iam_users as e", "e.user_id", "a.entity_id")
        .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
        .select([sql<string>`'user'`.as("kind"), "a.entity_id as entityId", "e.user_name as name"])
        .where("p.arn", "=", policyArn)
        .unionAll(
          db
            .selectFrom("iam_group_attachments as a")
            .innerJoin("iam_groups as e", "e.group_id", "a.entity_id")
            .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
            .select([sql<string>`'group'`.as("kind"), "a.entity_id as entityId", "e.group_name as name"])
            .where("p.arn", "=", policyArn),
        )
        .unionAll(
          db
            .selectFrom("iam_role_attachments as a")
            .innerJoin("iam_roles as e", "e.role_id", "a.entity_id")
            .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
            .select([sql<string>`'role'`.as("kind"), "a.entity_id as entityId", "e.role_name as name"])
            .where("p.arn", "=", policyArn),
        )
        .execute(),
    );
    const order: readonly string[] = ["user", "group", "role"];
    return rows
      .map((r) => ({ kind: r.kind as IamEntityKind, entityId: r.entityId, name: r.name }))
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byText<{ name: string }>((e) => e.name)(a, b));
  }
}
