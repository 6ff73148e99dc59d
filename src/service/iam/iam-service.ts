import { AccessKeys } from "./access-keys.js";
import { Attachments } from "./attachments.js";
import type { IamDeps } from "./deps.js";
import { Groups } from "./groups.js";
import { InlinePolicies } from "./inline-policies.js";
import { ManagedPolicies } from "./managed-policies.js";
import { MfaDevices } from "./mfa.js";
import { MfaVerifier } from "./mfa-verify.js";
import { PolicyVersions } from "./policy-versions.js";
import { Roles } from "./roles.js";
import { ServiceCredentials } from "./service-credentials.js";
import { Simulator } from "./simulate.js";
import { Targets } from "./targets.js";
import { UserRoleSettings } from "./user-role-settings.js";
import { Users } from "./users.js";

/**
 * The IAM use cases, grouped as the API groups them. Every call acts in the caller's account
 * (`ctx.principal.accountId`). One catalog of AWS's actions and condition keys is shared by
 * every policy validation.
 */
export class IamService {
  readonly users: Users;
  readonly groups: Groups;
  readonly roles: Roles;
  readonly settings: UserRoleSettings;
  readonly accessKeys: AccessKeys;
  readonly serviceCredentials: ServiceCredentials;
  readonly inlinePolicies: InlinePolicies;
  readonly policies: ManagedPolicies;
  readonly versions: PolicyVersions;
  readonly attachments: Attachments;
  readonly mfa: MfaDevices;
  readonly mfaVerifier: MfaVerifier;
  readonly simulator: Simulator;
  /** What each request acts on, found once before it is authorised (the operations' resolve step). */
  readonly targets: Targets;

  constructor(d: IamDeps) {
    this.users = new Users(d);
    this.groups = new Groups(d);
    this.roles = new Roles(d);
    this.settings = new UserRoleSettings(d);
    this.accessKeys = new AccessKeys(d);
    this.serviceCredentials = new ServiceCredentials(d);
    this.inlinePolicies = new InlinePolicies(d);
    this.policies = new ManagedPolicies(d);
    this.versions = new PolicyVersions(d);
    this.attachments = new Attachments(d);
    this.mfa = new MfaDevices(d);
    this.mfaVerifier = new MfaVerifier(d);
    this.simulator = new Simulator(d);
    this.targets = new Targets(d);
  }
}
