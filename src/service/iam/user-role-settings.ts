import type { RequestContext } from "../../kernel/index.js";
import type { Tag } from "../../store/iam-port.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { findRole, findUser } from "./entities.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { findPolicy } from "./policy-lookup.js";
import { addTags, removeTags, tagsOf } from "./tags.js";
import { checkName } from "./validate.js";

/**
 * Tags and permissions boundaries, which users and roles have alike: TagUser/TagRole,
 * UntagUser/UntagRole, ListUserTags/ListRoleTags, Put/Delete{User,Role}PermissionsBoundary.
 */
export type TaggableKind = "user" | "role";

const Title = { user: "User", role: "Role" } as const;

export class UserRoleSettings {
  constructor(private readonly deps: IamDeps) {}

  async #entity(ctx: RequestContext, kind: TaggableKind, name: string, action: string): Promise<{ id: string; arn: string }> {
    checkName(`${kind}Name`, name, kind === "user" ? 128 : 64);
    if (kind === "user") {
      const user = await findUser(this.deps, ctx, action, name);
      return { id: user.userId, arn: user.arn };
    }
    const role = await findRole(this.deps, ctx, action, name);
    return { id: role.roleId, arn: role.arn };
  }

  async tag(ctx: RequestContext, kind: TaggableKind, name: string, tags: readonly Tag[]): Promise<void> {
    const entity = await this.#entity(ctx, kind, name, `iam:Tag${Title[kind]}`);
    await addTags(this.deps, entity.arn, tags, Title[kind]);
    changedAccount(this.deps, ctx);
  }

  async untag(ctx: RequestContext, kind: TaggableKind, name: string, keys: readonly string[]): Promise<void> {
    const entity = await this.#entity(ctx, kind, name, `iam:Untag${Title[kind]}`);
    await removeTags(this.deps, entity.arn, keys);
    changedAccount(this.deps, ctx);
  }

  async listTags(ctx: RequestContext, kind: TaggableKind, name: string, page: PageRequest): Promise<Page<Tag>> {
    const entity = await this.#entity(ctx, kind, name, `iam:List${Title[kind]}Tags`);
    return paginate(await tagsOf(this.deps, entity.arn), (t) => t.key.toLowerCase(), page);
  }

  async putBoundary(ctx: RequestContext, kind: TaggableKind, name: string, policyArn: string): Promise<void> {
    const entity = await this.#entity(ctx, kind, name, `iam:Put${Title[kind]}PermissionsBoundary`);
    await findPolicy(this.deps, ctx.principal, "permissionsBoundary", policyArn);
    await this.deps.iam.setPermissionsBoundary(kind, entity.id, policyArn);
    changedAccount(this.deps, ctx);
  }

  /** Removing a boundary that is not set changes nothing and succeeds. */
  async deleteBoundary(ctx: RequestContext, kind: TaggableKind, name: string): Promise<void> {
    const entity = await this.#entity(ctx, kind, name, `iam:Delete${Title[kind]}PermissionsBoundary`);
    await this.deps.iam.setPermissionsBoundary(kind, entity.id, undefined);
    changedAccount(this.deps, ctx);
  }
}
