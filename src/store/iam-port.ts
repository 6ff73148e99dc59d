/**
 * Persistence ports for identity and access (IAM, Organizations, resource policies). Records
 * hold identifiers, names, policy documents (configuration, never customer content) and sealed
 * secrets only. Conventions as in port.ts: absent → undefined, duplicate → "conflict" Fault,
 * a reference to something absent → "not-found" Fault. Names are unique per account without
 * regard to case, as IAM compares them.
 */
export type IamEntityKind = "user" | "group" | "role";

export interface GroupRecord {
  /** `AGPA` + 16 upper-case letters or digits. */
  readonly groupId: string;
  readonly accountId: string;
  readonly groupName: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: Date;
}

export interface RoleRecord {
  /** `AROA` + 16 upper-case letters or digits. */
  readonly roleId: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  /** The trust policy document as the caller wrote it (validated before it is stored). */
  readonly trustPolicy: string;
  /** 3600..43200. */
  readonly maxSessionDurationSeconds: number;
  readonly permissionsBoundaryArn?: string;
  readonly createdAt: Date;
}

export interface ManagedPolicyRecord {
  /** `ANPA` + 16 upper-case letters or digits. */
  readonly policyId: string;
  /** 12 digits, or `aws` for an AWS-managed policy (attachable from every account). */
  readonly accountId: string;
  readonly policyName: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  /** `v1`, `v2`, ... */
  readonly defaultVersionId: string;
  readonly attachmentCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PolicyVersionRecord {
  readonly policyArn: string;
  readonly versionId: string;
  readonly document: string;
  readonly isDefault: boolean;
  readonly createdAt: Date;
}

export interface InlinePolicyRecord {
  readonly kind: IamEntityKind;
  /** The user, group or role id. */
  readonly entityId: string;
  readonly policyName: string;
  readonly document: string;
}

export interface AttachedPolicy {
  readonly policyArn: string;
  readonly policyName: string;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface MfaDeviceRecord {
  /** `arn:aws:iam::<account>:mfa/<name>` */
  readonly serialNumber: string;
  readonly accountId: string;
  /** Set once the device is enabled for a user. */
  readonly userId?: string;
  /** The TOTP seed sealed by a SecretBox under `{purpose: 'mfa-seed', serialNumber}`. */
  readonly seedCiphertext: Uint8Array;
  readonly enabledAt?: Date;
  readonly createdAt: Date;
}

/**
 * How a device locks after consecutive failed codes. The policy is the IAM service's; the store
 * applies it in the statement that counts the failure, so racing nodes cannot overshoot it.
 */
export interface MfaLockout {
  /** The run of consecutive failures at which the device first locks (at least 1). */
  readonly threshold: number;
  /** Milliseconds it locks for when the run reaches threshold, threshold + 1, ...; the last entry for every run beyond. */
  readonly lockMs: readonly number[];
}

/** One claimed attempt at a code (see `claimMfaAttempt`). */
export interface MfaAttempt {
  /** False when the device was locked: nothing was counted, and the code must not be evaluated. */
  readonly admitted: boolean;
  /** The run of consecutive failures, this attempt included when admitted. */
  readonly failures: number;
  /** Set while the device is locked, by this attempt when it reached the threshold. */
  readonly lockedUntil?: Date;
}

/** Everything needed to authorise one principal, read at once (see `policiesForUser`). */
export interface PrincipalPolicies {
  /** Inline and attached (default version) documents, with a label each (policy ARN or `<kind>/<name>:inline/<policy>`). */
  readonly identity: readonly { readonly label: string; readonly document: string }[];
  readonly boundary?: { readonly label: string; readonly document: string };
  readonly tags: readonly Tag[];
}

export interface IamStore {
  // users (creation and lookup by name live in IdentityStore)
  listUsers(accountId: string, pathPrefix?: string): Promise<import("./port.js").UserRecord[]>;
  getUserById(userId: string): Promise<import("./port.js").UserRecord | undefined>;
  /** Refused with "conflict" while the user has keys, groups, policies or an MFA device, as IAM does; its tags go with it. */
  deleteUser(userId: string): Promise<boolean>;
  setPermissionsBoundary(kind: "user" | "role", entityId: string, policyArn: string | undefined): Promise<void>;
  getPermissionsBoundary(kind: "user" | "role", entityId: string): Promise<string | undefined>;

  // groups
  createGroup(group: GroupRecord): Promise<void>;
  getGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined>;
  listGroups(accountId: string, pathPrefix?: string): Promise<GroupRecord[]>;
  /** Refused with "conflict" while the group has members or policies. */
  deleteGroup(groupId: string): Promise<boolean>;
  /** Idempotent; a user belongs to at most 10 groups ("service-quota-exceeded"). */
  addUserToGroup(groupId: string, userId: string): Promise<void>;
  removeUserFromGroup(groupId: string, userId: string): Promise<boolean>;
  listGroupsForUser(userId: string): Promise<GroupRecord[]>;
  listUsersInGroup(groupId: string): Promise<import("./port.js").UserRecord[]>;

  // roles
  createRole(role: RoleRecord): Promise<void>;
  getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined>;
  getRoleById(roleId: string): Promise<RoleRecord | undefined>;
  listRoles(accountId: string, pathPrefix?: string): Promise<RoleRecord[]>;
  /** Refused with "conflict" while the role has policies; its tags go with it. */
  deleteRole(roleId: string): Promise<boolean>;
  updateTrustPolicy(roleId: string, document: string): Promise<void>;

  // managed policies and their versions (at most 5 versions, as in IAM)
  createPolicy(policy: Omit<ManagedPolicyRecord, "attachmentCount" | "defaultVersionId" | "updatedAt">, document: string): Promise<ManagedPolicyRecord>;
  getPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined>;
  listPolicies(accountId: string, options?: { onlyAttached?: boolean; pathPrefix?: string }): Promise<ManagedPolicyRecord[]>;
  /** Refused with "conflict" while attached, used as a boundary, or while it has non-default versions. */
  deletePolicy(policyArn: string): Promise<boolean>;
  /** A sixth version is "service-quota-exceeded"; version ids are never reused. */
  createPolicyVersion(policyArn: string, document: string, setAsDefault: boolean, at: Date): Promise<PolicyVersionRecord>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]>;
  /** Refused with "conflict" for the default version. */
  deletePolicyVersion(policyArn: string, versionId: string): Promise<boolean>;
  setDefaultPolicyVersion(policyArn: string, versionId: string, at: Date): Promise<void>;

  // attachments of managed policies (the account's own or AWS-managed; at most 10 per entity)
  /** Idempotent. */
  attachPolicy(kind: IamEntityKind, entityId: string, policyArn: string): Promise<void>;
  detachPolicy(kind: IamEntityKind, entityId: string, policyArn: string): Promise<boolean>;
  listAttachedPolicies(kind: IamEntityKind, entityId: string): Promise<AttachedPolicy[]>;
  listEntitiesForPolicy(policyArn: string): Promise<{ kind: IamEntityKind; entityId: string; name: string }[]>;

  // inline policies
  putInlinePolicy(policy: InlinePolicyRecord): Promise<void>;
  getInlinePolicy(kind: IamEntityKind, entityId: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  listInlinePolicyNames(kind: IamEntityKind, entityId: string): Promise<string[]>;
  deleteInlinePolicy(kind: IamEntityKind, entityId: string, policyName: string): Promise<boolean>;

  // tags on IAM resources (users, roles, policies, MFA devices), by ARN; at most 50 per resource
  tagResource(arn: string, tags: readonly Tag[]): Promise<void>;
  untagResource(arn: string, keys: readonly string[]): Promise<void>;
  listTags(arn: string): Promise<Tag[]>;

  // virtual MFA devices
  createMfaDevice(device: MfaDeviceRecord): Promise<void>;
  getMfaDevice(serialNumber: string): Promise<MfaDeviceRecord | undefined>;
  /** The same seed sealed anew (another key or context), only while the row still holds `expected`; false otherwise. */
  resealMfaSeed(serialNumber: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean>;
  enableMfaDevice(serialNumber: string, userId: string, at: Date): Promise<void>;
  deactivateMfaDevice(serialNumber: string): Promise<boolean>;
  listMfaDevices(accountId: string, userId?: string): Promise<MfaDeviceRecord[]>;
  deleteMfaDevice(serialNumber: string): Promise<boolean>;
  /**
   * Records that the TOTP time step was used, and, this being a success, clears the device's run
   * of failures and its lock; false (changing nothing) when this step or a later one was already
   * used with this device, so a code cannot be replayed. Atomic across nodes. False for a device
   * that does not exist. Not an IAM change: it leaves `changeCounter` alone.
   */
  useMfaStep(serialNumber: string, step: number): Promise<boolean>;
  /**
   * Claims one attempt at a code for the device before the code is checked, in one UPDATE:
   * unless the device is locked at `now`, the run of failures grows by one (the attempt counts as
   * failed until `useMfaStep` accepts its step) and, from `lockout.threshold` on, the device locks.
   * Counting first means that of any number of racing attempts on any nodes, at most `threshold`
   * are admitted before the lock. Undefined for a device that does not exist. Not an IAM change.
   * Deactivating a device also clears its run and lock.
   */
  claimMfaAttempt(serialNumber: string, now: Date, lockout: MfaLockout): Promise<MfaAttempt | undefined>;

  // what authorisation needs, in one read each
  policiesForUser(userId: string): Promise<PrincipalPolicies>;
  policiesForRole(roleId: string): Promise<PrincipalPolicies>;
  /**
   * A number that grows on every change to the account's IAM state (and its organisation's
   * SCPs), so caches of compiled policies on every node can tell when to reload. It is the
   * account's own count plus an organisation-wide one (SCPs, the organisation, AWS-managed
   * policies). Access-key creation, status changes and deletion count; key use and MFA steps do not.
   */
  changeCounter(accountId: string): Promise<number>;
}

export interface OrganizationRecord {
  /** `o-` + 10 lower-case letters or digits. */
  readonly organizationId: string;
  /** `r-` + 4 lower-case letters or digits. */
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly createdAt: Date;
}

export interface ServiceControlPolicyRecord {
  /** `p-` + 8 lower-case letters or digits; `p-FullAWSAccess` for the AWS-managed one. */
  readonly policyId: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly document: string;
  readonly awsManaged: boolean;
}

export interface OrganizationStore {
  getOrganization(): Promise<OrganizationRecord | undefined>;
  createOrganization(org: OrganizationRecord): Promise<void>;
  listAccounts(): Promise<import("./port.js").AccountRecord[]>;
  createPolicy(policy: ServiceControlPolicyRecord): Promise<void>;
  getPolicy(policyId: string): Promise<ServiceControlPolicyRecord | undefined>;
  listPolicies(): Promise<ServiceControlPolicyRecord[]>;
  updatePolicy(policyId: string, changes: { name?: string; description?: string; document?: string }): Promise<void>;
  /** Refused with "conflict" while attached. */
  deletePolicy(policyId: string): Promise<boolean>;
  /** targetId: the root id or an account id; a duplicate is "conflict", a sixth per target "service-quota-exceeded". */
  attachPolicy(policyId: string, targetId: string): Promise<void>;
  detachPolicy(policyId: string, targetId: string): Promise<boolean>;
  listPoliciesForTarget(targetId: string): Promise<ServiceControlPolicyRecord[]>;
  listTargetsForPolicy(policyId: string): Promise<string[]>;
}

export interface ResourcePolicyStore {
  put(resourceArn: string, accountId: string, document: string): Promise<void>;
  get(resourceArn: string): Promise<string | undefined>;
  delete(resourceArn: string): Promise<boolean>;
}
