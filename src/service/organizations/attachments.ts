import { isFault } from "../../kernel/index.js";
import type { OrganizationRecord } from "../../store/iam-port.js";
import { rootArn, targetArn } from "./arns.js";
import { FULL_AWS_ACCESS } from "./documents.js";
import { alreadyExists, constraintViolation, notFound, refused } from "./faults.js";
import { ignoreConflict } from "./organization.js";
import type { OrganizationCore } from "./organization.js";
import { paginate } from "./pages.js";
import type { Page, PageRequest } from "./pages.js";
import { requireScpType, view } from "./policies.js";
import type { ServiceControlPolicies } from "./policies.js";
import { SCP } from "./ports.js";
import type { Caller, OrganizationPorts } from "./ports.js";
import type { PolicyView, RootView, TargetView } from "./views.js";

/** Organizations' quota of SCPs attached directly to one root or account. */
export const SCP_MAX_PER_TARGET = 5;

/**
 * Where SCPs apply: the root (every account) and single accounts. As in AWS, the SCP type is
 * enabled on the root before any SCP can be attached; enabling attaches FullAWSAccess to the
 * root and every account, and disabling detaches every SCP.
 */
export class ScpAttachments {
  constructor(private readonly core: OrganizationCore, private readonly policies: ServiceControlPolicies, private readonly ports: OrganizationPorts) {}

  async attach(caller: Caller, policyId: string, targetId: string): Promise<void> {
    const org = await this.core.forManagement(caller);
    await this.policies.get(policyId);
    await this.#target(org, targetId);
    if (!(await this.core.scpEnabled(org))) throw notEnabled();
    const attached = await this.ports.organizations.listPoliciesForTarget(targetId);
    if (attached.some((p) => p.policyId === policyId)) throw duplicateAttachment();
    if (attached.length >= SCP_MAX_PER_TARGET) {
      throw constraintViolation("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", `A root or account can have at most ${SCP_MAX_PER_TARGET} service control policies attached`);
    }
    await this.ports.organizations.attachPolicy(policyId, targetId).catch((error: unknown) => {
      throw isConflict(error) ? duplicateAttachment() : error;
    });
    this.#changed();
  }

  async detach(caller: Caller, policyId: string, targetId: string): Promise<void> {
    const org = await this.core.forManagement(caller);
    await this.policies.get(policyId);
    await this.#target(org, targetId);
    const attached = await this.ports.organizations.listPoliciesForTarget(targetId);
    if (!attached.some((p) => p.policyId === policyId)) throw notAttached();
    // A target with no SCP would allow nothing: AWS keeps at least one on each.
    if (attached.length === 1) {
      throw constraintViolation("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", "A root or account must keep at least one service control policy attached; attach another before detaching this one");
    }
    if (!(await this.ports.organizations.detachPolicy(policyId, targetId))) throw notAttached();
    this.#changed();
  }

  async listForTarget(caller: Caller, targetId: string, filter: string, page: PageRequest): Promise<Page<PolicyView>> {
    const org = await this.core.forManagement(caller);
    await this.#target(org, targetId);
    const policies = filter === SCP ? await this.ports.organizations.listPoliciesForTarget(targetId) : [];
    return paginate(policies.map(view), (p) => p.policyId, page, "ListPoliciesForTarget");
  }

  async listTargets(caller: Caller, policyId: string, page: PageRequest): Promise<Page<TargetView>> {
    const org = await this.core.forManagement(caller);
    await this.policies.get(policyId);
    const targets = await Promise.all((await this.ports.organizations.listTargetsForPolicy(policyId)).map((id) => this.#target(org, id)));
    return paginate(targets, (t) => t.targetId, page, "ListTargetsForPolicy");
  }

  async enableType(caller: Caller, rootId: string, type: string): Promise<RootView> {
    const org = await this.core.forManagement(caller);
    this.core.requireRoot(org, rootId);
    requireScpType(type);
    if (await this.core.scpEnabled(org)) throw alreadyExists("policy-type-already-enabled", `The policy type ${SCP} is already enabled on this root`);
    // Accounts first, the root last: attaching to the root is what turns SCPs on (see scpEnabled).
    for (const account of await this.ports.organizations.listAccounts()) {
      await ignoreConflict(this.ports.organizations.attachPolicy(FULL_AWS_ACCESS.policyId, account.accountId));
    }
    await ignoreConflict(this.ports.organizations.attachPolicy(FULL_AWS_ACCESS.policyId, org.rootId));
    this.#changed();
    return rootView(org, true);
  }

  async disableType(caller: Caller, rootId: string, type: string): Promise<RootView> {
    const org = await this.core.forManagement(caller);
    this.core.requireRoot(org, rootId);
    requireScpType(type);
    if (!(await this.core.scpEnabled(org))) throw notEnabled();
    // The root first, so SCPs stop applying at once rather than one account at a time.
    for (const policy of await this.ports.organizations.listPoliciesForTarget(org.rootId)) {
      await this.ports.organizations.detachPolicy(policy.policyId, org.rootId);
    }
    for (const policy of await this.ports.organizations.listPolicies()) {
      for (const target of await this.ports.organizations.listTargetsForPolicy(policy.policyId)) {
        await this.ports.organizations.detachPolicy(policy.policyId, target);
      }
    }
    this.#changed();
    return rootView(org, false);
  }

  async root(caller: Caller): Promise<RootView> {
    const org = await this.core.forManagement(caller);
    return rootView(org, await this.core.scpEnabled(org));
  }

  #changed(): void {
    this.ports.changes.notify({ scope: "organization" });
  }

  /** The root or an account of the organisation, or TargetNotFoundException. */
  async #target(org: OrganizationRecord, targetId: string): Promise<TargetView> {
    if (targetId === org.rootId) return { targetId, arn: targetArn(org, targetId), name: "Root", type: "ROOT" };
    const account = /^\d{12}$/.test(targetId) ? await this.ports.identity.getAccount(targetId) : undefined;
    if (!account) throw notFound("target-not-found", `We can't find a root or account with the ID ${targetId}`);
    return { targetId, arn: targetArn(org, targetId), name: account.name, type: "ACCOUNT" };
  }
}

export function rootView(org: OrganizationRecord, scpEnabled: boolean): RootView {
  return { rootId: org.rootId, arn: rootArn(org), name: "Root", enabledPolicyTypes: scpEnabled ? [SCP] : [] };
}

const isConflict = (error: unknown): boolean => isFault(error) && error.kind === "conflict";
const notEnabled = () => refused("policy-type-not-enabled", `The policy type ${SCP} is not enabled on the root: call EnablePolicyType first`);
const duplicateAttachment = () => alreadyExists("duplicate-policy-attachment", "The policy is already attached to this target");
const notAttached = () => notFound("policy-not-attached", "The policy is not attached to this target");
