import type { Kysely } from "kysely";
import { guarded } from "./faults.js";
import { requireEntity, requireKind, requireUsablePolicy } from "./iam-entities.js";
import { countChange, transact } from "./iam-tx.js";
import type { Database } from "./schema.js";

const BOUNDED = ["user", "role"];

/** Permissions boundaries of users and roles: a managed policy's ARN, or none. */
export class IamBoundaries {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async setPermissionsBoundary(kind: "user" | "role", entityId: string, policyArn: string | undefined): Promise<void> {
    requireKind(kind, BOUNDED);
    await transact(this.#db, async (trx) => {
      const entity = await requireEntity(trx, kind, entityId);
      if (policyArn !== undefined) await requireUsablePolicy(trx, policyArn, entity.accountId);
      await countChange(trx, entity.accountId);
      const boundary = policyArn ?? null;
      if (kind === "user") {
        await trx.updateTable("iam_users").set({ permissions_boundary_arn: boundary }).where("user_id", "=", entityId).execute();
      } else {
        await trx.updateTable("iam_roles").set({ permissions_boundary_arn: boundary }).where("role_id", "=", entityId).execute();
      }
    }, { missing: `policy ${policyArn} does not exist` });
  }

  /** Undefined when the entity has no boundary, or does not exist. */
  async getPermissionsBoundary(kind: "user" | "role", entityId: string): Promise<string | undefined> {
    requireKind(kind, BOUNDED);
    const row = await guarded(() =>
      kind === "user"
        ? this.#db.selectFrom("iam_users").select("permissions_boundary_arn as arn").where("user_id", "=", entityId).executeTakeFirst()
        : this.#db.selectFrom("iam_roles").select("permissions_boundary_arn as arn").where("role_id", "=", entityId).executeTakeFirst(),
    );
    return row?.arn ?? undefined;
  }
}
