import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireDocument, requireUsablePolicy } from "./iam-entities.js";
import type { RoleRecord } from "./iam-port.js";
import { roleFromRow } from "./iam-rows.js";
import { byText, countChange, pathStartsWith, presentDependents, transact } from "./iam-tx.js";
import type { Dependent } from "./iam-tx.js";
import { requirePathPrefix } from "./iam-users.js";
import type { Database } from "./schema.js";
import { ACCOUNT_ID, IAM_PATH, ROLE_ID, ROLE_NAME, isoTime, requireIamArn, requireShape } from "./shapes.js";

/** DeleteRole requires the role's policies removed first; tags and the boundary go with it. */
const ROLE_DEPENDENTS: readonly Dependent[] = [
  { label: "inline policies", table: "iam_role_inline", column: "entity_id" },
  { label: "attached policies", table: "iam_role_attachments", column: "entity_id" },
];

export class IamRoles {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createRole(role: RoleRecord): Promise<void> {
    requireShape("roleId", role.roleId, ROLE_ID, "must be AROA followed by 16 upper-case letters or digits");
    requireShape("accountId", role.accountId, ACCOUNT_ID, "must be 12 digits");
    requireShape("roleName", role.roleName, ROLE_NAME, "must be 1 to 64 characters of letters, digits and +=,.@_-");
    requireShape("path", role.path, IAM_PATH, "must begin and end with / and hold printable ASCII, at most 512 characters");
    requireIamArn(role.arn, role.accountId, "role", role.path, role.roleName);
    requireDocument("trustPolicy", role.trustPolicy);
    const seconds = role.maxSessionDurationSeconds;
    if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200) throw invalid("maxSessionDurationSeconds", "must be an integer from 3600 to 43200");
    const row = {
      role_id: role.roleId,
      account_id: role.accountId,
      role_name: role.roleName,
      path: role.path,
      arn: role.arn,
      description: role.description ?? null,
      trust_policy: role.trustPolicy,
      max_session_duration: seconds,
      permissions_boundary_arn: role.permissionsBoundaryArn ?? null,
      created_at: isoTime("createdAt", role.createdAt),
    };
    await transact(this.#db, async (trx) => {
      if (role.permissionsBoundaryArn !== undefined) await requireUsablePolicy(trx, role.permissionsBoundaryArn, role.accountId);
      await countChange(trx, role.accountId);
      await trx.insertInto("iam_roles").values(row).execute();
    }, {
      conflict: `role ${role.roleName} (or id ${role.roleId}) already exists in account ${role.accountId}`,
      missing: `account ${role.accountId} does not exist`,
    });
  }

  async getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined> {
    if (!ROLE_NAME.test(roleName)) return undefined;
    const row = await guarded(() =>
      this.#db
        .selectFrom("iam_roles")
        .selectAll()
        .where("account_id", "=", accountId)
        .where((eb) => eb(eb.fn<string>("lower", ["role_name"]), "=", roleName.toLowerCase()))
        .executeTakeFirst(),
    );
    return row && roleFromRow(row);
  }

  async getRoleById(roleId: string): Promise<RoleRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("iam_roles").selectAll().where("role_id", "=", roleId).executeTakeFirst());
    return row && roleFromRow(row);
  }

  async listRoles(accountId: string, pathPrefix?: string): Promise<RoleRecord[]> {
    requirePathPrefix(pathPrefix);
    const rows = await guarded(() => {
      let query = this.#db.selectFrom("iam_roles").selectAll().where("account_id", "=", accountId);
      if (pathPrefix !== undefined) query = query.where(pathStartsWith(pathPrefix));
      return query.execute();
    });
    return rows.map(roleFromRow).sort(byText((r) => r.roleName));
  }

  async deleteRole(roleId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const role = await trx.selectFrom("iam_roles").select(["account_id", "role_name", "arn"]).where("role_id", "=", roleId).executeTakeFirst();
      if (!role) return false;
      await countChange(trx, role.account_id);
      const present = await presentDependents(trx, roleId, ROLE_DEPENDENTS);
      if (present.length > 0) throw fault("conflict", `role ${role.role_name} still has ${present.join(", ")}; remove them first`);
      await trx.deleteFrom("iam_tags").where("arn", "=", role.arn).execute();
      const result = await trx.deleteFrom("iam_roles").where("role_id", "=", roleId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    }, { inUse: `role ${roleId} still has policies` });
  }

  async updateTrustPolicy(roleId: string, document: string): Promise<void> {
    requireDocument("trustPolicy", document);
    await transact(this.#db, async (trx) => {
      const role = await trx.selectFrom("iam_roles").select("account_id").where("role_id", "=", roleId).executeTakeFirst();
      if (!role) throw fault("not-found", `role ${roleId} does not exist`);
      await countChange(trx, role.account_id);
      await trx.updateTable("iam_roles").set({ trust_policy: document }).where("role_id", "=", roleId).execute();
    });
  }
}
