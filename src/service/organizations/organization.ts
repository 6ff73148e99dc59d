import { Fault, isFault } from "../../kernel/index.js";
import type { OrganizationRecord } from "../../store/iam-port.js";
import { FULL_AWS_ACCESS } from "./documents.js";
import { accessDenied, notFound } from "./faults.js";
import { newOrganizationId, newRootId } from "./ids.js";
import type { Caller, OrganizationPorts } from "./ports.js";

/**
 * The one organisation plinth hosts: the bootstrap administrator's account is its management
 * account. It is made at start-up (`ensure`), or on first use by a database that predates it.
 */
export class OrganizationCore {
  constructor(private readonly ports: OrganizationPorts) {}

  /** Idempotent, and safe when several nodes start at once: the store keeps one organisation. */
  async ensure(): Promise<OrganizationRecord> {
    const org = (await this.ports.organizations.getOrganization()) ?? await this.#create();
    if (!(await this.ports.organizations.getPolicy(FULL_AWS_ACCESS.policyId))) {
      await ignoreConflict(this.ports.organizations.createPolicy(FULL_AWS_ACCESS));
    }
    return org;
  }

  async #create(): Promise<OrganizationRecord> {
    const management = await this.ports.identity.getManagementAccount();
    if (!management) throw new Fault("internal", "the organisation cannot exist before its management account");
    const record: OrganizationRecord = {
      organizationId: newOrganizationId(), rootId: newRootId(),
      managementAccountId: management.accountId, createdAt: this.ports.clock.now(),
    };
    try {
      await this.ports.organizations.createOrganization(record);
      return record;
    } catch (error) {
      // Another node made it first: theirs is the organisation.
      const winner = isFault(error) && error.kind === "conflict" ? await this.ports.organizations.getOrganization() : undefined;
      if (winner) return winner;
      throw error;
    }
  }

  async current(): Promise<OrganizationRecord> {
    return (await this.ports.organizations.getOrganization()) ?? this.ensure();
  }

  /** Most operations: only principals of the management account, as in AWS. */
  async forManagement(caller: Caller): Promise<OrganizationRecord> {
    const org = await this.current();
    if (caller.accountId !== org.managementAccountId) {
      throw accessDenied("You don't have permissions to access this resource: only principals of the organization's management account can call this operation");
    }
    return org;
  }

  /**
   * SCPs are enabled on the root exactly when something is attached to it: enabling attaches
   * FullAWSAccess, no SCP can be detached from a target that holds only one, and disabling
   * detaches them all. Reading the state from attachments keeps it in the store, where every
   * change moves the counter the authorizer's caches watch.
   */
  async scpEnabled(org: OrganizationRecord): Promise<boolean> {
    return (await this.ports.organizations.listPoliciesForTarget(org.rootId)).length > 0;
  }

  requireRoot(org: OrganizationRecord, rootId: string): void {
    if (rootId !== org.rootId) throw notFound("root-not-found", `We can't find a root with the ID ${rootId}`);
  }
}

export async function ignoreConflict(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(isFault(error) && error.kind === "conflict")) throw error;
  }
}
