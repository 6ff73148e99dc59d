import type { RequestContext } from "../../kernel/index.js";
import type { Tag } from "../../store/iam-port.js";
import { changedAccount } from "./changes.js";
import type { IamDeps } from "./deps.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { findPolicy } from "./policy-lookup.js";
import { addTags, removeTags } from "./tags.js";
import { found } from "./targets.js";
import type { PolicyHolder, Target } from "./targets.js";

/**
 * Tags and permissions boundaries, which users and roles have alike: TagUser/TagRole,
 * UntagUser/UntagRole, ListUserTags/ListRoleTags, Put/Delete{User,Role}PermissionsBoundary.
 * Each acts on the user or role found (as a policy holder) before the request was authorised.
 */
export type TaggableKind = "user" | "role";

const Title = { user: "User", group: "Group", role: "Role" } as const;

export class UserRoleSettings {
  constructor(private readonly deps: IamDeps) {}

  async tag(ctx: RequestContext, target: Target<PolicyHolder>, tags: readonly Tag[]): Promise<void> {
    const entity = found(target);
    await addTags(this.deps, entity.arn, tags, Title[entity.kind]);
    changedAccount(this.deps, ctx);
  }

  async untag(ctx: RequestContext, target: Target<PolicyHolder>, keys: readonly string[]): Promise<void> {
    const entity = found(target);
    await removeTags(this.deps, entity.arn, keys);
    changedAccount(this.deps, ctx);
  }

  /** The tags as read before authorisation. */
  async listTags(_ctx: RequestContext, target: Target<PolicyHolder>, page: PageRequest): Promise<Page<Tag>> {
    found(target);
    return paginate([...target.tags], (t) => t.key.toLowerCase(), page);
  }

  async putBoundary(ctx: RequestContext, target: Target<PolicyHolder>, policyArn: string): Promise<void> {
    const entity = found(target);
    await findPolicy(this.deps, ctx.principal, "permissionsBoundary", policyArn);
    await this.deps.iam.setPermissionsBoundary(taggable(entity), entity.id, policyArn);
    changedAccount(this.deps, ctx);
  }

  /** Removing a boundary that is not set changes nothing and succeeds. */
  async deleteBoundary(ctx: RequestContext, target: Target<PolicyHolder>): Promise<void> {
    const entity = found(target);
    await this.deps.iam.setPermissionsBoundary(taggable(entity), entity.id, undefined);
    changedAccount(this.deps, ctx);
  }
}

/** Only users and roles reach these operations (their routes resolve no other kind). */
function taggable(entity: PolicyHolder): TaggableKind {
  if (entity.kind === "group") throw new Error("groups have no permissions boundary");
  return entity.kind;
}
