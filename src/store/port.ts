/**
 * Persistence ports. Records hold identifiers, names and sealed secrets only: no customer
 * content is ever stored through these ports, and a secret arrives already sealed by a
 * SecretBox, so the store never sees plaintext. Lookups of something absent answer undefined;
 * a duplicate is a "conflict" Fault and a reference to something absent a "not-found" Fault.
 */
import type { IamStore, OrganizationStore, ResourcePolicyStore } from "./iam-port.js";
import type { ServiceCredentialStore } from "./service-credential-port.js";
import type { InferenceProfileStore } from "./inference-profile-port.js";
import type { GuardrailStore } from "./guardrail-port.js";
import type { ProvisionedStore } from "./provisioned-port.js";
import type { AuditStore } from "./audit-port.js";
import type { DataRetentionStore } from "./data-retention-port.js";
import type { InvocationLoggingStore } from "./invocation-logging-port.js";
import type { KmsStore } from "./kms-port.js";
import type { EnforcedGuardrailStore } from "./enforced-guardrail-port.js";

export type AccessKeyStatus = "Active" | "Inactive";

export interface AccountRecord {
  /** 12 digits. */
  readonly accountId: string;
  readonly name: string;
  readonly email?: string;
  readonly createdAt: Date;
  /** The organisation's management account; a database holds at most one. */
  readonly isManagement: boolean;
}

export interface UserRecord {
  /** `AIDA` + 16 upper-case letters or digits (`aws:userid`). */
  readonly userId: string;
  readonly accountId: string;
  /** Unique within the account, compared without regard to case as IAM does. */
  readonly userName: string;
  readonly path: string;
  readonly arn: string;
  readonly createdAt: Date;
}

export interface AccessKeyUse {
  readonly at: Date;
  readonly region: string;
  readonly service: string;
}

export interface AccessKeyRecord {
  /** `AKIA` + 16 upper-case letters or digits. */
  readonly accessKeyId: string;
  readonly userId: string;
  /** The secret access key sealed by a SecretBox under `{purpose: 'access-key-secret', accessKeyId}`. */
  readonly secretCiphertext: Uint8Array;
  readonly status: AccessKeyStatus;
  readonly createdAt: Date;
  readonly lastUsed?: AccessKeyUse;
}

/** An access key with the identity it belongs to: what authentication needs in one read. */
export interface AccessKeyWithOwner extends AccessKeyRecord {
  readonly accountId: string;
  readonly userName: string;
  /** The user's ARN (access keys have none of their own). */
  readonly arn: string;
}

export interface IdentityStore {
  createAccount(account: AccountRecord): Promise<void>;
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  getManagementAccount(): Promise<AccountRecord | undefined>;

  /** The ARN must be `arn:aws:iam::<accountId>:user<path><userName>`. */
  createUser(user: UserRecord): Promise<void>;
  getUserByName(accountId: string, userName: string): Promise<UserRecord | undefined>;

  /** At most two per user: a third is a "service-quota-exceeded" Fault (IAM's LimitExceeded). */
  createAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyWithOwner | undefined>;
  /** Oldest first. */
  listAccessKeys(userId: string): Promise<AccessKeyRecord[]>;
  /** The same secret sealed anew (another key or context), only while the row still holds `expected`; false otherwise. */
  resealAccessKeySecret(accessKeyId: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean>;
  /** False when no such key exists. */
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  /** False when no such key exists. */
  deleteAccessKey(accessKeyId: string): Promise<boolean>;
  /**
   * One small update, safe to call late or out of order: an older use never overwrites a newer
   * one. A key that no longer exists is ignored.
   */
  recordAccessKeyUse(accessKeyId: string, at: Date, region: string, service: string): Promise<void>;
}

/** Deployment settings as key/value text (e.g. `bootstrap_completed`); never content or secrets. */
export interface MetaStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** False when the key was not set. */
  delete(key: string): Promise<boolean>;
}

export type StoreDialect = "sqlite" | "postgres";

export interface Store {
  readonly dialect: StoreDialect;
  readonly identity: IdentityStore;
  readonly meta: MetaStore;
  readonly iam: IamStore;
  readonly organization: OrganizationStore;
  readonly resourcePolicies: ResourcePolicyStore;
  /** IAM service-specific credentials (Bedrock long-term API keys). */
  readonly serviceCredentials: ServiceCredentialStore;
  /** Application inference profiles (Bedrock CreateInferenceProfile). */
  readonly inferenceProfiles: InferenceProfileStore;
  /** Provisioned throughput (Bedrock CreateProvisionedModelThroughput): model units reserved per account. */
  readonly provisioned: ProvisionedStore;
  /** Bedrock guardrails: DRAFTs and numbered versions, configurations sealed. */
  readonly guardrails: GuardrailStore;
  /** The audit trail: per-node append-only logs with group commit, LookupEvents reads, checkpoints. */
  readonly audit: AuditStore;
  /** Accounts' stated data-retention modes (Bedrock PutAccountDataRetention). */
  readonly dataRetention: DataRetentionStore;
  /** Model invocation logging: accounts' configurations and the sealed records. */
  readonly invocationLogging: InvocationLoggingStore;
  /** KMS customer-managed keys: metadata, sealed material, aliases, tags (key policies are resource policies). */
  readonly kms: KmsStore;
  /** Account-level enforced guardrail configurations (Bedrock PutEnforcedGuardrailConfiguration). */
  readonly enforcedGuardrails: EnforcedGuardrailStore;
  /**
   * Empties what the database keeps of rows as they were before a delete or an update, where
   * plinth can reach it: SQLite's write-ahead log (waiting for the writers and readers in its
   * way; refused, naming `what`, when it cannot). Resolves at once on PostgreSQL, whose dead
   * tuples and WAL segments are the server's.
   */
  forgetOverwritten(what: string): Promise<void>;
  /** Lets queued audit appends settle, then releases the database handle or pool; the store is unusable afterwards. */
  close(): Promise<void>;
}
