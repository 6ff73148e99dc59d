import type { RequestContext } from "../../kernel/index.js";
import type { AttachedPolicy, IamEntityKind, ManagedPolicyRecord } from "../../store/iam-port.js";
import { accountEntities, attachedInAccount, boundedInAccount } from "./account-entities.js";
import type { AccountEntity } from "./account-entities.js";
import { parseIamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { noSuchEntity } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { checkPolicyArn, findPolicy } from "./policy-lookup.js";
import { found } from "./targets.js";
import type { PolicyHolder, Target } from "./targets.js";
import { checkEnum, checkPath, checkPolicyPath } from "./validate.js";

export interface EntitiesForPolicy {
  readonly groups: readonly AccountEntity[];
  readonly users: readonly AccountEntity[];
  readonly roles: readonly AccountEntity[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

export interface ListEntitiesInput extends PageRequest {
  readonly entityFilter?: string;
  readonly pathPrefix?: string;
  readonly policyUsageFilter?: string;
}

const ENTITY_FILTERS = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;

/** Attach/Detach{User,Group,Role}Policy, ListAttached{User,Group,Role}Policies, ListEntitiesForPolicy. */
export class Attachments {
  constructor(private readonly deps: IamDeps) {}

  /** Attaching a policy already attached changes nothing and succeeds, as in IAM. */
  async attach(ctx: RequestContext, target: Target<PolicyHolder>, policyArn: string): Promise<void> {
    const holder = found(target);
    const policy = await findPolicy(this.deps, ctx.principal, "policyArn", policyArn);
    const attached = await this.deps.iam.listAttachedPolicies(holder.kind, holder.id);
    if (attached.some((a) => a.policyArn === policy.arn)) return;
    await this.deps.iam.attachPolicy(holder.kind, holder.id, policy.arn);
    changedAccount(this.deps, ctx);
  }

  async detach(ctx: RequestContext, target: Target<PolicyHolder>, policyArn: string): Promise<void> {
    const holder = found(target);
    checkPolicyArn("policyArn", policyArn);
    if (!(await this.deps.iam.detachPolicy(holder.kind, holder.id, policyArn))) throw noSuchEntity(`Policy ${policyArn} was not found.`);
    changedAccount(this.deps, ctx);
  }

  async listAttached(_ctx: RequestContext, target: Target<PolicyHolder>, input: { readonly pathPrefix?: string } & PageRequest): Promise<Page<AttachedPolicy>> {
    if (input.pathPrefix !== undefined) checkPolicyPath("pathPrefix", input.pathPrefix);
    const holder = found(target);
    const prefix = input.pathPrefix;
    const attached = (await this.deps.iam.listAttachedPolicies(holder.kind, holder.id))
      .filter((a) => prefix === undefined || (parseIamArn(a.policyArn)?.path ?? "/").startsWith(prefix));
    return paginate(attached, (a) => `${a.policyName.toLowerCase()}\u0000${a.policyArn}`, input);
  }

  /** Only the caller's account's entities, even for an AWS-managed policy attached everywhere. */
  async listEntities(ctx: RequestContext, target: Target<ManagedPolicyRecord>, input: ListEntitiesInput): Promise<EntitiesForPolicy> {
    const filter = input.entityFilter === undefined ? undefined : checkEnum("entityFilter", input.entityFilter, ENTITY_FILTERS);
    const usage = input.policyUsageFilter === undefined ? undefined
      : checkEnum("policyUsageFilter", input.policyUsageFilter, ["PermissionsPolicy", "PermissionsBoundary"] as const);
    if (input.pathPrefix !== undefined) checkPath("pathPrefix", input.pathPrefix);
    const policy = found(target);
    const all = await accountEntities(this.deps, ctx.principal.accountId);
    const holders = [
      ...(usage === "PermissionsBoundary" ? [] : await attachedInAccount(this.deps, all, policy.arn)),
      ...(usage === "PermissionsPolicy" ? [] : await boundedInAccount(this.deps, all, policy.arn)),
    ];
    const wanted = filter === "User" ? "user" : filter === "Group" ? "group" : filter === "Role" ? "role" : undefined;
    const unique = new Map(holders
      .filter((e) => (wanted === undefined || e.kind === wanted) && (input.pathPrefix === undefined || e.path.startsWith(input.pathPrefix)))
      .map((e) => [`${e.kind}\u0000${e.name.toLowerCase()}`, e]));
    const page = paginate([...unique.values()], (e) => `${e.kind}\u0000${e.name.toLowerCase()}`, input);
    const of = (kind: IamEntityKind) => page.items.filter((e) => e.kind === kind);
    return { groups: of("group"), users: of("user"), roles: of("role"), isTruncated: page.isTruncated, marker: page.marker };
  }
}
