import type { RequestContext } from "../../kernel/index.js";
import type { GroupRecord } from "../../store/iam-port.js";
import type { UserRecord } from "../../store/index.js";
import { iamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { found, userByName } from "./targets.js";
import type { Target } from "./targets.js";
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, translating } from "./errors.js";
import { newGroupId } from "./ids.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { checkName, checkPath, checkPathPrefix } from "./validate.js";

/** IAM's quota: a user belongs to at most 10 groups. */
export const MAX_GROUPS_PER_USER = 10;

/** CreateGroup, GetGroup, ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. */
export class Groups {
  constructor(private readonly deps: IamDeps) {}

  async create(ctx: RequestContext, input: { readonly groupName: string; readonly path?: string }): Promise<GroupRecord> {
    const { accountId } = ctx.principal;
    const path = input.path ?? "/";
    checkName("groupName", input.groupName, 128);
    checkPath("path", path);
    const exists = () => alreadyExists(`Group with name ${input.groupName} already exists.`);
    if (await this.deps.iam.getGroup(accountId, input.groupName)) throw exists();
    const group: GroupRecord = {
      groupId: newGroupId(), accountId, groupName: input.groupName, path,
      arn: iamArn(accountId, "group", path, input.groupName), createdAt: this.deps.clock.now(),
    };
    await translating(this.deps.iam.createGroup(group), "conflict", exists);
    return group;
  }

  async get(_ctx: RequestContext, target: Target<GroupRecord>, page: PageRequest): Promise<{ group: GroupRecord; users: Page<UserRecord> }> {
    const group = found(target);
    const users = await this.deps.iam.listUsersInGroup(group.groupId);
    return { group, users: paginate(users, (u) => u.userName.toLowerCase(), page) };
  }

  async list(ctx: RequestContext, input: { readonly pathPrefix?: string } & PageRequest): Promise<Page<GroupRecord>> {
    if (input.pathPrefix !== undefined) checkPathPrefix("pathPrefix", input.pathPrefix);
    const groups = await this.deps.iam.listGroups(ctx.principal.accountId, input.pathPrefix);
    return paginate(groups, (g) => g.groupName.toLowerCase(), input);
  }

  async delete(ctx: RequestContext, target: Target<GroupRecord>): Promise<void> {
    const group = found(target);
    const { iam } = this.deps;
    if ((await iam.listUsersInGroup(group.groupId)).length > 0) throw deleteConflict("Cannot delete entity, must remove users from group first.");
    if ((await iam.listInlinePolicyNames("group", group.groupId)).length > 0) throw deleteConflict("Cannot delete entity, must delete policies first.");
    if ((await iam.listAttachedPolicies("group", group.groupId)).length > 0) throw deleteConflict("Cannot delete entity, must detach all policies first.");
    await translating(iam.deleteGroup(group.groupId), "conflict", () => deleteConflict("Cannot delete entity, it still has users or policies."));
    changedAccount(this.deps, ctx);
  }

  /** Adding a member already in the group changes nothing and succeeds, as in IAM. */
  async addUser(ctx: RequestContext, target: Target<GroupRecord>, userName: string): Promise<void> {
    const group = found(target);
    const user = await userByName(this.deps, ctx.principal.accountId, userName);
    const groups = await this.deps.iam.listGroupsForUser(user.userId);
    if (groups.some((g) => g.groupId === group.groupId)) return;
    if (groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
    await this.deps.iam.addUserToGroup(group.groupId, user.userId);
    changedAccount(this.deps, ctx);
  }

  async removeUser(ctx: RequestContext, target: Target<GroupRecord>, userName: string): Promise<void> {
    const group = found(target);
    const user = await userByName(this.deps, ctx.principal.accountId, userName);
    if (!(await this.deps.iam.removeUserFromGroup(group.groupId, user.userId))) {
      throw noSuchEntity(`The user with name ${userName} cannot be found in group ${group.groupName}.`);
    }
    changedAccount(this.deps, ctx);
  }

  async listForUser(_ctx: RequestContext, target: Target<UserRecord>, page: PageRequest): Promise<Page<GroupRecord>> {
    const user = found(target);
    return paginate(await this.deps.iam.listGroupsForUser(user.userId), (g) => g.groupName.toLowerCase(), page);
  }
}
