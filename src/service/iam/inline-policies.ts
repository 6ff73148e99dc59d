import type { RequestContext } from "../../kernel/index.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { noSuchEntity } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { POLICY_SIZE, policySize, requireSize, validateStored } from "./policy-check.js";
import { found } from "./targets.js";
import type { PolicyHolder, Target } from "./targets.js";
import { checkDocument, checkName } from "./validate.js";

const QUOTA = { user: POLICY_SIZE.userInline, group: POLICY_SIZE.groupInline, role: POLICY_SIZE.roleInline } as const;

export interface InlinePolicy {
  readonly entityName: string;
  readonly policyName: string;
  readonly document: string;
}

/** Put/Get/List/Delete{User,Group,Role}Policy. */
export class InlinePolicies {
  constructor(private readonly deps: IamDeps) {}

  /**
   * Replaces a policy of the same name. The quota is IAM's: all of one entity's inline policies
   * together, white space not counted.
   */
  async put(ctx: RequestContext, target: Target<PolicyHolder>, policyName: string, document: string): Promise<void> {
    checkName("policyName", policyName, 128);
    checkDocument("policyDocument", document);
    const holder = found(target);
    const kind = holder.kind;
    validateStored(this.deps, document, "identity", `${kind}/${holder.name}:inline/${policyName}`);
    let total = policySize(document);
    for (const name of await this.deps.iam.listInlinePolicyNames(kind, holder.id)) {
      if (name === policyName) continue;
      const other = await this.deps.iam.getInlinePolicy(kind, holder.id, name);
      total += other ? policySize(other.document) : 0;
    }
    requireSize(total, QUOTA[kind], `Maximum policy size of ${QUOTA[kind]} bytes exceeded for ${kind} ${holder.name}`);
    await this.deps.iam.putInlinePolicy({ kind, entityId: holder.id, policyName, document });
    changedAccount(this.deps, ctx);
  }

  async get(_ctx: RequestContext, target: Target<PolicyHolder>, policyName: string): Promise<InlinePolicy> {
    checkName("policyName", policyName, 128);
    const holder = found(target);
    const policy = await this.deps.iam.getInlinePolicy(holder.kind, holder.id, policyName);
    if (!policy) throw noSuchEntity(`The ${holder.kind} policy with name ${policyName} cannot be found.`);
    return { entityName: holder.name, policyName: policy.policyName, document: policy.document };
  }

  async list(_ctx: RequestContext, target: Target<PolicyHolder>, page: PageRequest): Promise<Page<string>> {
    const holder = found(target);
    return paginate(await this.deps.iam.listInlinePolicyNames(holder.kind, holder.id), (n) => n, page);
  }

  async delete(ctx: RequestContext, target: Target<PolicyHolder>, policyName: string): Promise<void> {
    checkName("policyName", policyName, 128);
    const holder = found(target);
    if (!(await this.deps.iam.deleteInlinePolicy(holder.kind, holder.id, policyName))) {
      throw noSuchEntity(`The ${holder.kind} policy with name ${policyName} cannot be found.`);
    }
    changedAccount(this.deps, ctx);
  }
}
