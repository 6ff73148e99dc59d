export { openStore } from "./open-store.js";
export type { StoreOptions } from "./open-store.js";
export type { PostgresOptions } from "./postgres.js";
export { SQLITE_FILE } from "./sqlite.js";
export {
  ACCESS_KEY_ID, ACCOUNT_ID, GROUP_ID, IAM_PATH, LONG_NAME, MFA_SERIAL, ORGANIZATION_ID, PATH_PREFIX, POLICY_ID, ROLE_ID,
  ROLE_NAME, ROOT_ID, SCP_ID, SERVICE_CREDENTIAL_ALIAS, SERVICE_CREDENTIAL_ID, USER_ID, USER_NAME, USER_PATH,
} from "./shapes.js";
export { MAX_ACCESS_KEYS_PER_USER } from "./identity-repository.js";
export { MAX_GROUPS_PER_USER } from "./iam-groups.js";
export { MAX_ATTACHED_POLICIES } from "./iam-attachments.js";
export { MAX_POLICY_VERSIONS } from "./iam-policy-versions.js";
export { MAX_TAGS } from "./iam-tags.js";
export { MAX_SCPS_PER_TARGET } from "./organization-repository.js";
export { MAX_SERVICE_CREDENTIALS_PER_SERVICE } from "./service-credential-repository.js";
export type {
  ServiceCredentialRecord, ServiceCredentialStatus, ServiceCredentialStore, ServiceCredentialWithOwner,
} from "./service-credential-port.js";
export type { InferenceProfileRecord, InferenceProfileStore } from "./inference-profile-port.js";
export type { CommitmentDuration, ProvisionedChange, ProvisionedRecord, ProvisionedStatus, ProvisionedStore } from "./provisioned-port.js";
export type { DraftChange, GuardrailRecord, GuardrailStore, GuardrailVersionRecord } from "./guardrail-port.js";
export type { AuditLogReader, AuditRowAppender, AuditStore } from "./audit-port.js";
export { MAX_BATCH as MAX_AUDIT_BATCH } from "./audit-appender.js";
export { MAX_AUDIT_PAGE } from "./audit-reader.js";
export type { DataRetentionRecord, DataRetentionStore } from "./data-retention-port.js";
export type { EnforcedGuardrailRecord, EnforcedGuardrailStore } from "./enforced-guardrail-port.js";
export type { KmsAliasRecord, KmsKeyChanges, KmsKeyRecord, KmsKeyState, KmsMaterialRecord, KmsStore } from "./kms-port.js";
export type { InvocationLogRecord, InvocationLoggingConfigRecord, InvocationLoggingStore } from "./invocation-logging-port.js";
export type {
  AccessKeyRecord, AccessKeyStatus, AccessKeyUse, AccessKeyWithOwner, AccountRecord, IdentityStore,
  MetaStore, Store, StoreDialect, UserRecord,
} from "./port.js";
export type {
  AttachedPolicy, GroupRecord, IamEntityKind, IamStore, InlinePolicyRecord, ManagedPolicyRecord, MfaAttempt, MfaDeviceRecord, MfaLockout,
  OrganizationRecord, OrganizationStore, PolicyVersionRecord, PrincipalPolicies, ResourcePolicyStore, RoleRecord,
  ServiceControlPolicyRecord, Tag,
} from "./iam-port.js";
