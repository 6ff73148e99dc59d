import type { Kysely } from "kysely";
import { fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { UserRecord } from "./port.js";
import { userFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import { PATH_PREFIX, requireShape } from "./shapes.js";
import { byText, countChange, pathStartsWith, presentDependents, transact } from "./iam-tx.js";
import type { Dependent } from "./iam-tx.js";

/** What IAM makes you remove before DeleteUser; tags and the boundary go with the user. */
const USER_DEPENDENTS: readonly Dependent[] = [
  { label: "access keys", table: "access_keys", column: "user_id" },
  { label: "group memberships", table: "iam_group_members", column: "user_id" },
  { label: "inline policies", table: "iam_user_inline", column: "entity_id" },
  { label: "attached policies", table: "iam_user_attachments", column: "entity_id" },
  { label: "MFA devices", table: "iam_mfa_devices", column: "user_id" },
  { label: "service-specific credentials", table: "service_specific_credentials", column: "user_id" },
];

export function requirePathPrefix(pathPrefix: string | undefined): void {
  if (pathPrefix !== undefined) requireShape("pathPrefix", pathPrefix, PATH_PREFIX, "must begin with / and hold printable ASCII, at most 512 characters");
}

/** Users beyond IdentityStore's creation and lookup by name: listing, lookup by id, deletion. */
export class IamUsers {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async listUsers(accountId: string, pathPrefix?: string): Promise<UserRecord[]> {
    requirePathPrefix(pathPrefix);
    const rows = await guarded(() => {
      let query = this.#db.selectFrom("iam_users").selectAll().where("account_id", "=", accountId);
      if (pathPrefix !== undefined) query = query.where(pathStartsWith(pathPrefix));
      return query.execute();
    });
    return rows.map(userFromRow).sort(byText((u) => u.userName));
  }

  async getUserById(userId: string): Promise<UserRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("iam_users").selectAll().where("user_id", "=", userId).executeTakeFirst());
    return row && userFromRow(row);
  }

  async deleteUser(userId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const user = await trx.selectFrom("iam_users").select(["account_id", "user_name", "arn"]).where("user_id", "=", userId).executeTakeFirst();
      if (!user) return false;
      await countChange(trx, user.account_id);
      const present = await presentDependents(trx, userId, USER_DEPENDENTS);
      if (present.length > 0) throw fault("conflict", `user ${user.user_name} still has ${present.join(", ")}; remove them first`);
      await trx.deleteFrom("iam_tags").where("arn", "=", user.arn).execute();
      const result = await trx.deleteFrom("iam_users").where("user_id", "=", userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    }, { inUse: `user ${userId} still has access keys, service-specific credentials, groups, policies or an MFA device` });
  }
}
