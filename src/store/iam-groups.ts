import type { Kysely } from "kysely";
import { fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireEntity } from "./iam-entities.js";
import type { GroupRecord } from "./iam-port.js";
import { groupFromRow } from "./iam-rows.js";
import { byText, countChange, pathStartsWith, presentDependents, transact } from "./iam-tx.js";
import type { Dependent } from "./iam-tx.js";
import { requirePathPrefix } from "./iam-users.js";
import type { UserRecord } from "./port.js";
import { userFromRow } from "./rows.js";
import type { Database } from "./schema.js";
import { ACCOUNT_ID, GROUP_ID, IAM_PATH, LONG_NAME, isoTime, requireIamArn, requireShape } from "./shapes.js";

/** IAM's quota of groups a user may belong to. */
export const MAX_GROUPS_PER_USER = 10;

/** DeleteGroup requires an empty group without policies, as in IAM. */
const GROUP_DEPENDENTS: readonly Dependent[] = [
  { label: "members", table: "iam_group_members", column: "group_id" },
  { label: "inline policies", table: "iam_group_inline", column: "entity_id" },
  { label: "attached policies", table: "iam_group_attachments", column: "entity_id" },
];

export class IamGroups {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createGroup(group: GroupRecord): Promise<void> {
    requireShape("groupId", group.groupId, GROUP_ID, "must be AGPA followed by 16 upper-case letters or digits");
    requireShape("accountId", group.accountId, ACCOUNT_ID, "must be 12 digits");
    requireShape("groupName", group.groupName, LONG_NAME, "must be 1 to 128 characters of letters, digits and +=,.@_-");
    requireShape("path", group.path, IAM_PATH, "must begin and end with / and hold printable ASCII, at most 512 characters");
    requireIamArn(group.arn, group.accountId, "group", group.path, group.groupName);
    const row = {
      group_id: group.groupId,
      account_id: group.accountId,
      group_name: group.groupName,
      path: group.path,
      arn: group.arn,
      created_at: isoTime("createdAt", group.createdAt),
    };
    await transact(this.#db, async (trx) => {
      await countChange(trx, group.accountId);
      await trx.insertInto("iam_groups").values(row).execute();
    }, {
      conflict: `group ${group.groupName} (or id ${group.groupId}) already exists in account ${group.accountId}`,
      missing: `account ${group.accountId} does not exist`,
    });
  }

  async getGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined> {
    if (!LONG_NAME.test(groupName)) return undefined;
    const row = await guarded(() =>
      this.#db
        .selectFrom("iam_groups")
        .selectAll()
        .where("account_id", "=", accountId)
        .where((eb) => eb(eb.fn<string>("lower", ["group_name"]), "=", groupName.toLowerCase()))
        .executeTakeFirst(),
    );
    return row && groupFromRow(row);
  }

  async listGroups(accountId: string, pathPrefix?: string): Promise<GroupRecord[]> {
    requirePathPrefix(pathPrefix);
    const rows = await guarded(() => {
      let query = this.#db.selectFrom("iam_groups").selectAll().where("account_id", "=", accountId);
      if (pathPrefix !== undefined) query = query.where(pathStartsWith(pathPrefix));
      return query.execute();
    });
    return rows.map(groupFromRow).sort(byText((g) => g.groupName));
  }

  async deleteGroup(groupId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const group = await trx.selectFrom("iam_groups").select(["account_id", "group_name"]).where("group_id", "=", groupId).executeTakeFirst();
      if (!group) return false;
      await countChange(trx, group.account_id);
      const present = await presentDependents(trx, groupId, GROUP_DEPENDENTS);
      if (present.length > 0) throw fault("conflict", `group ${group.group_name} still has ${present.join(", ")}; remove them first`);
      const result = await trx.deleteFrom("iam_groups").where("group_id", "=", groupId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    }, { inUse: `group ${groupId} still has members or policies` });
  }

  /** Adding a member twice is not an error, as in IAM. */
  async addUserToGroup(groupId: string, userId: string): Promise<void> {
    await transact(this.#db, async (trx) => {
      const group = await requireEntity(trx, "group", groupId);
      const user = await requireEntity(trx, "user", userId);
      if (user.accountId !== group.accountId) throw fault("not-found", `user ${userId} does not exist in account ${group.accountId}`);
      await countChange(trx, group.accountId);
      const memberships = await trx.selectFrom("iam_group_members").select("group_id").where("user_id", "=", userId).execute();
      if (memberships.some((m) => m.group_id === groupId)) return;
      if (memberships.length >= MAX_GROUPS_PER_USER) {
        throw fault("service-quota-exceeded", `user ${user.name} already belongs to ${MAX_GROUPS_PER_USER} groups, the most IAM allows`);
      }
      await trx.insertInto("iam_group_members").values({ group_id: groupId, user_id: userId }).execute();
    });
  }

  async removeUserFromGroup(groupId: string, userId: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const group = await trx.selectFrom("iam_groups").select("account_id").where("group_id", "=", groupId).executeTakeFirst();
      if (!group) return false;
      await countChange(trx, group.account_id);
      const result = await trx.deleteFrom("iam_group_members").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async listGroupsForUser(userId: string): Promise<GroupRecord[]> {
    const rows = await guarded(() =>
      this.#db
        .selectFrom("iam_group_members as m")
        .innerJoin("iam_groups as g", "g.group_id", "m.group_id")
        .selectAll("g")
        .where("m.user_id", "=", userId)
        .execute(),
    );
    return rows.map(groupFromRow).sort(byText((g) => g.groupName));
  }

  async listUsersInGroup(groupId: string): Promise<UserRecord[]> {
    const rows = await guarded(() =>
      this.#db
        .selectFrom("iam_group_members as m")
        .innerJoin("iam_users as u", "u.user_id", "m.user_id")
        .selectAll("u")
        .where("m.group_id", "=", groupId)
        .execute(),
    );
    return rows.map(userFromRow).sort(byText((u) => u.userName));
  }
}
