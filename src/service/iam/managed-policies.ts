import type { RequestContext } from "../../kernel/index.js";
import type { ManagedPolicyRecord, Tag } from "../../store/iam-port.js";
import { accountEntities, attachedInAccount } from "./account-entities.js";
import type { AccountEntities } from "./account-entities.js";
import { AWS_MANAGED_ACCOUNT, iamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { alreadyExists, deleteConflict, translating } from "./errors.js";
import { newPolicyId } from "./ids.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { POLICY_SIZE, policySize, requireSize, validateStored } from "./policy-check.js";
import { isAwsManaged, requireCustomerManaged } from "./policy-lookup.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import { addTags } from "./tags.js";
import { checkDocument, checkEnum, checkName, checkPolicyDescription, checkPolicyPath, checkTags } from "./validate.js";

export interface PolicyView extends ManagedPolicyRecord {
  readonly tags?: readonly Tag[];
}

export interface CreatePolicyInput {
  readonly policyName: string;
  readonly path?: string;
  readonly policyDocument: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

export interface ListPoliciesInput extends PageRequest {
  readonly scope?: string;
  readonly onlyAttached?: boolean;
  readonly pathPrefix?: string;
  readonly policyUsageFilter?: string;
}

/** A managed policy's document: the model's characters, IAM's 6,144 quota, the identity grammar. */
export function checkManagedDocument(deps: IamDeps, field: string, document: string, label: string): void {
  checkDocument(field, document);
  requireSize(policySize(document), POLICY_SIZE.managed, `Cannot exceed quota for PolicySize: ${POLICY_SIZE.managed}`);
  validateStored(deps, document, "identity", label);
}

/** CreatePolicy, GetPolicy, ListPolicies, DeletePolicy. */
export class ManagedPolicies {
  constructor(private readonly deps: IamDeps) {}

  async create(ctx: RequestContext, input: CreatePolicyInput): Promise<PolicyView> {
    const { accountId } = ctx.principal;
    const path = input.path ?? "/";
    checkName("policyName", input.policyName, 128);
    checkPolicyPath("path", path);
    if (input.description !== undefined) checkPolicyDescription(input.description);
    checkTags("tags", input.tags ?? []);
    const arn = iamArn(accountId, "policy", path, input.policyName);
    checkManagedDocument(this.deps, "policyDocument", input.policyDocument, arn);
    const exists = () => alreadyExists(`A policy called ${input.policyName} already exists. Duplicate names are not allowed.`);
    if ((await this.deps.iam.listPolicies(accountId)).some((p) => p.policyName.toLowerCase() === input.policyName.toLowerCase())) throw exists();
    const policy = await translating(this.deps.iam.createPolicy({
      policyId: newPolicyId(), accountId, policyName: input.policyName, path, arn,
      description: input.description, createdAt: this.deps.clock.now(),
    }, input.policyDocument), "conflict", exists);
    if (input.tags?.length) await addTags(this.deps, arn, input.tags, "Policy");
    return { ...policy, tags: input.tags?.length ? input.tags : undefined };
  }

  /** The policy as found before authorisation: its tags were read then. */
  async get(ctx: RequestContext, target: Target<ManagedPolicyRecord>): Promise<PolicyView> {
    const policy = found(target);
    return { ...await this.#inAccount(ctx, policy), tags: target.tags.length ? target.tags : undefined };
  }

  async list(ctx: RequestContext, input: ListPoliciesInput): Promise<Page<PolicyView>> {
    const scope = checkEnum("scope", input.scope ?? "All", ["All", "AWS", "Local"] as const);
    const usage = input.policyUsageFilter === undefined ? undefined
      : checkEnum("policyUsageFilter", input.policyUsageFilter, ["PermissionsPolicy", "PermissionsBoundary"] as const);
    if (input.pathPrefix !== undefined) checkPolicyPath("pathPrefix", input.pathPrefix);
    const { accountId } = ctx.principal;
    const options = { pathPrefix: input.pathPrefix };
    const local = scope === "AWS" ? [] : await this.deps.iam.listPolicies(accountId, options);
    const aws = scope === "Local" ? [] : await this.deps.iam.listPolicies(AWS_MANAGED_ACCOUNT, options);
    const all = aws.length > 0 || usage === "PermissionsBoundary" ? await accountEntities(this.deps, accountId) : undefined;
    const policies: PolicyView[] = [...local, ...await Promise.all(aws.map((p) => this.#inAccount(ctx, p, all)))];
    // Usage filter first: PermissionsBoundary keeps policies some user or role has as its
    // boundary; PermissionsPolicy (or OnlyAttached alone) those attached as permissions.
    const bounded = usage === "PermissionsBoundary" ? await this.#boundaryArns(all!) : undefined;
    const keep = bounded ? (p: PolicyView) => bounded.has(p.arn)
      : usage === "PermissionsPolicy" || input.onlyAttached ? (p: PolicyView) => p.attachmentCount > 0
      : () => true;
    return paginate(policies.filter(keep), (p) => `${p.policyName.toLowerCase()}\u0000${p.arn}`, input);
  }

  /** Refused while attached anywhere, in use as a boundary, or holding versions besides its default. */
  async delete(_ctx: RequestContext, target: Target<ManagedPolicyRecord>): Promise<void> {
    const policy = found(target);
    requireCustomerManaged(policy, "iam:DeletePolicy");
    if (policy.attachmentCount > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
    if ((await this.deps.iam.listPolicyVersions(policy.arn)).length > 1) {
      throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    }
    await translating(this.deps.iam.deletePolicy(policy.arn), "conflict",
      () => deleteConflict("Cannot delete a policy attached to entities or in use as a permissions boundary."));
  }

  /** AWS-managed policies count only the caller's account's attachments. */
  async #inAccount(ctx: RequestContext, policy: ManagedPolicyRecord, known?: AccountEntities): Promise<ManagedPolicyRecord> {
    if (!isAwsManaged(policy)) return policy;
    const all = known ?? await accountEntities(this.deps, ctx.principal.accountId);
    return { ...policy, attachmentCount: (await attachedInAccount(this.deps, all, policy.arn)).length };
  }

  async #boundaryArns(all: AccountEntities): Promise<Set<string>> {
    const arns = new Set<string>();
    for (const user of all.users.values()) {
      const arn = await this.deps.iam.getPermissionsBoundary("user", user.userId);
      if (arn) arns.add(arn);
    }
    for (const role of all.roles.values()) if (role.permissionsBoundaryArn) arns.add(role.permissionsBoundaryArn);
    return arns;
  }
}
