import type { OrganizationRecord } from "../../store/iam-port.js";
import { OrganizationAccounts } from "./accounts.js";
import { accountArn, organizationArn } from "./arns.js";
import { ScpAttachments } from "./attachments.js";
import { alreadyExists } from "./faults.js";
import { OrganizationCore } from "./organization.js";
import { paginate } from "./pages.js";
import type { Page, PageRequest } from "./pages.js";
import { ServiceControlPolicies } from "./policies.js";
import type { Caller, OrganizationPorts } from "./ports.js";
import { OrganizationTags } from "./tags.js";
import type { OrganizationView, RootView } from "./views.js";

/** A policy document with the label the authorizer's decisions name it by (here, its ARN). */
export interface LabelledDocument {
  readonly label: string;
  readonly document: string;
}

/**
 * AWS Organizations for the one organisation plinth hosts: its accounts, its service control
 * policies and where they are attached, and what the authorizer needs from it.
 */
export class OrganizationService {
  readonly accounts: OrganizationAccounts;
  readonly policies: ServiceControlPolicies;
  readonly attachments: ScpAttachments;
  /** Tags of accounts and policies, by ARN. */
  readonly tags: OrganizationTags;
  readonly #core: OrganizationCore;

  constructor(private readonly ports: OrganizationPorts) {
    this.#core = new OrganizationCore(ports);
    this.tags = new OrganizationTags(ports.meta);
    this.accounts = new OrganizationAccounts(this.#core, ports, this.tags);
    this.policies = new ServiceControlPolicies(this.#core, ports, this.tags);
    this.attachments = new ScpAttachments(this.#core, this.policies, ports);
  }

  /** Call at start-up, after the bootstrap administrator exists: makes the organisation if absent. */
  ensureOrganization(): Promise<OrganizationRecord> {
    return this.#core.ensure();
  }

  /** The organisation, for `aws:PrincipalOrgID` and the authorizer; undefined before it exists. */
  organization(): Promise<OrganizationRecord | undefined> {
    return this.ports.organizations.getOrganization();
  }

  /** Any account of the organisation may describe it, as in AWS. */
  async describe(_caller: Caller): Promise<OrganizationView> {
    const org = await this.#core.current();
    const management = await this.ports.identity.getAccount(org.managementAccountId);
    return {
      organizationId: org.organizationId, arn: organizationArn(org), managementAccountId: org.managementAccountId,
      managementAccountArn: accountArn(org, org.managementAccountId),
      ...(management?.email !== undefined ? { managementAccountEmail: management.email } : {}),
    };
  }

  /**
   * plinth hosts exactly one organisation, which exists from the first start: asking for one
   * answers as AWS does for an account already in an organisation.
   */
  async create(caller: Caller): Promise<OrganizationView> {
    const existing = await this.ports.organizations.getOrganization();
    if (existing) throw alreadyExists("already-in-organization", "This account is already a member of an organization");
    await this.#core.ensure();
    return this.describe(caller);
  }

  async listRoots(caller: Caller, page: PageRequest): Promise<Page<RootView>> {
    return paginate([await this.attachments.root(caller)], (r) => r.rootId, page, "ListRoots");
  }

  /**
   * The SCPs that apply to an account, by level: the root's, then the account's own. Each level
   * must allow an action for it to be allowed. Empty for the management account, which SCPs
   * never restrict, and while SCPs are not enabled.
   */
  async scpLevelsFor(accountId: string): Promise<LabelledDocument[][]> {
    const org = await this.ports.organizations.getOrganization();
    if (!org || accountId === org.managementAccountId) return [];
    const root = await this.ports.organizations.listPoliciesForTarget(org.rootId);
    if (root.length === 0) return [];
    const own = await this.ports.organizations.listPoliciesForTarget(accountId);
    const labelled = (p: { arn: string; document: string }): LabelledDocument => ({ label: p.arn, document: p.document });
    return [root.map(labelled), own.map(labelled)];
  }
}
