import type { RequestContext } from "../../kernel/index.js";
import type { ManagedPolicyRecord, PolicyVersionRecord } from "../../store/iam-port.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { constraint, deleteConflict, limitExceeded, noSuchEntity, translating } from "./errors.js";
import { checkManagedDocument } from "./managed-policies.js";
import { ordinal, paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { requireCustomerManaged } from "./policy-lookup.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";

export const MAX_POLICY_VERSIONS = 5;
const VERSION_ID = /^v[1-9][0-9]*(?:\.[A-Za-z0-9-]*)?$/;

function checkVersionId(versionId: string): void {
  if (!VERSION_ID.test(versionId)) throw constraint("versionId", "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
}

const versionNumber = (versionId: string): number => Number(/^v(\d+)/.exec(versionId)?.[1] ?? 0);

/** CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion. */
export class PolicyVersions {
  constructor(private readonly deps: IamDeps) {}

  async create(ctx: RequestContext, target: Target<ManagedPolicyRecord>, input: { readonly policyDocument: string; readonly setAsDefault?: boolean }): Promise<PolicyVersionRecord> {
    const policy = found(target);
    requireCustomerManaged(policy, "iam:CreatePolicyVersion");
    checkManagedDocument(this.deps, "policyDocument", input.policyDocument, policy.arn);
    const full = () => limitExceeded(`A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
    if ((await this.deps.iam.listPolicyVersions(policy.arn)).length >= MAX_POLICY_VERSIONS) throw full();
    const version = await translating(this.deps.iam.createPolicyVersion(policy.arn, input.policyDocument, input.setAsDefault ?? false, this.deps.clock.now()), "service-quota-exceeded", full);
    if (version.isDefault) changedAccount(this.deps, ctx);
    return version;
  }

  async get(_ctx: RequestContext, target: Target<ManagedPolicyRecord>, versionId: string): Promise<PolicyVersionRecord> {
    checkVersionId(versionId);
    const policy = found(target);
    const version = await this.deps.iam.getPolicyVersion(policy.arn, versionId);
    if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    return version;
  }

  async list(_ctx: RequestContext, target: Target<ManagedPolicyRecord>, page: PageRequest): Promise<Page<PolicyVersionRecord>> {
    const policy = found(target);
    const versions = await this.deps.iam.listPolicyVersions(policy.arn);
    // Newest first, as IAM lists them.
    return paginate(versions, (v) => ordinal(1e9 - versionNumber(v.versionId)), page);
  }

  async delete(_ctx: RequestContext, target: Target<ManagedPolicyRecord>, versionId: string): Promise<void> {
    checkVersionId(versionId);
    const policy = found(target);
    requireCustomerManaged(policy, "iam:DeletePolicyVersion");
    const version = await this.deps.iam.getPolicyVersion(policy.arn, versionId);
    if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    const isDefault = () => deleteConflict("Cannot delete the default version of a policy.");
    if (version.isDefault) throw isDefault();
    await translating(this.deps.iam.deletePolicyVersion(policy.arn, versionId), "conflict", isDefault);
  }

  async setDefault(ctx: RequestContext, target: Target<ManagedPolicyRecord>, versionId: string): Promise<void> {
    checkVersionId(versionId);
    const policy = found(target);
    requireCustomerManaged(policy, "iam:SetDefaultPolicyVersion");
    if (!(await this.deps.iam.getPolicyVersion(policy.arn, versionId))) {
      throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
    }
    await this.deps.iam.setDefaultPolicyVersion(policy.arn, versionId, this.deps.clock.now());
    changedAccount(this.deps, ctx);
  }
}
