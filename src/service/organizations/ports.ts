import type { Clock } from "../../kernel/index.js";
import type { IamStore, OrganizationStore } from "../../store/iam-port.js";
import type { IdentityStore, MetaStore } from "../../store/port.js";
import type { PolicyChanges } from "../policy-changes.js";
import type { PolicyCompiler } from "./compiler.js";

/** What the Organizations use cases need, each port narrowed to the calls made. */
export interface OrganizationPorts {
  readonly organizations: OrganizationStore;
  readonly identity: Pick<IdentityStore, "createAccount" | "getAccount" | "getManagementAccount">;
  /** For the access role CreateAccount leaves in each new account (and AdministratorAccess, if missing). */
  readonly iam: IamStore;
  /** Failed CreateAccount requests, which leave no account to read their status from, and tags. */
  readonly meta: MetaStore;
  readonly compile: PolicyCompiler;
  readonly clock: Clock;
  /** Told after SCPs or their attachments change, so this node's authorizer applies it to the next request. */
  readonly changes: PolicyChanges;
}

/** Who is calling: Organizations decides by the caller's account. */
export interface Caller {
  readonly accountId: string;
}

export const SCP = "SERVICE_CONTROL_POLICY";
