import type { ColumnType } from "kysely";
import type { IamTables } from "./iam-schema.js";

/** A bigint column: pg reads it as a string (it may exceed 2^53), SQLite as a number. */
export type BigIntColumn = ColumnType<number | string, number, number>;

/**
 * Table shapes as kysely sees them. Both dialects store the same values: timestamps as ISO-8601
 * UTC text (`Date#toISOString`, fixed width, so text order is time order and the value
 * round-trips to the millisecond), flags as 0/1 integers, sealed secrets as blob/bytea.
 */
export interface AccountsTable {
  account_id: string;
  name: string;
  email: string | null;
  created_at: string;
  is_management: number;
}

export interface IamUsersTable {
  user_id: string;
  account_id: string;
  user_name: string;
  path: string;
  arn: string;
  created_at: string;
  /** Added by migration 0004; null when the user has no permissions boundary. */
  permissions_boundary_arn: string | null;
}

export interface AccessKeysTable {
  access_key_id: string;
  user_id: string;
  secret_ciphertext: Uint8Array;
  status: string;
  created_at: string;
  last_used_at: string | null;
  last_used_region: string | null;
  last_used_service: string | null;
}

/** Added by migration 0009: IAM service-specific credentials (Bedrock long-term API keys). */
export interface ServiceSpecificCredentialsTable {
  credential_id: string;
  user_id: string;
  service_name: string;
  alias: string;
  secret_ciphertext: Uint8Array;
  status: string;
  created_at: string;
  expires_at: string | null;
}

/** Added by migration 0011: application inference profiles; `tags` is a JSON array of {key, value}. */
export interface InferenceProfilesTable {
  profile_id: string;
  account_id: string;
  name: string;
  description: string | null;
  source_arn: string;
  client_request_token: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
}

/** Added by migration 0018: a guardrail and its DRAFT (sealed); `tags` is a JSON array of {key, value}. */
export interface GuardrailsTable {
  guardrail_id: string;
  account_id: string;
  name: string;
  description: string | null;
  client_request_token: string | null;
  tags: string;
  sealed: Uint8Array;
  next_version: number;
  created_at: string;
  updated_at: string;
}

/** Added by migration 0018: a guardrail's numbered versions, each sealed. */
export interface GuardrailVersionsTable {
  guardrail_id: string;
  version: number;
  name: string;
  description: string | null;
  sealed: Uint8Array;
  created_at: string;
}

/** Added by migration 0019: account-level enforced guardrail configurations; the two settings are JSON text. */
export interface EnforcedGuardrailsTable {
  account_id: string;
  config_id: string;
  guardrail_arn: string;
  guardrail_id: string;
  guardrail_version: string;
  selective_content_guarding: string;
  model_enforcement: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Added by migration 0012: one row per audit event; `idx` is the leaf index in the node's log. */
export interface AuditEventsTable {
  node: string;
  idx: BigIntColumn;
  event_id: string;
  event_time: string;
  event_name: string;
  event_source: string;
  username: string | null;
  access_key_id: string | null;
  read_only: number;
  account_id: string;
  leaf: Uint8Array;
  leaf_hash: Uint8Array;
}

export interface AuditEventResourcesTable {
  node: string;
  idx: BigIntColumn;
  type: string;
  name: string;
}

export interface AuditCheckpointsTable {
  node: string;
  size: BigIntColumn;
  time: string;
  note: string;
}

/** Added by migration 0016: the frontier of a node's pruned audit events (32-byte hashes, concatenated). */
export interface AuditFrontiersTable {
  node: string;
  size: BigIntColumn;
  nodes: Uint8Array;
  pruned_at: string;
}

/** Added by migration 0014: an account's model invocation logging configuration, per region. */
export interface InvocationLoggingConfigTable {
  account_id: string;
  region: string;
  config: string;
  updated_at: string;
}

/** Added by migration 0014: one logged invocation, sealed whole. */
export interface InvocationLogsTable {
  account_id: string;
  request_id: string;
  created_at: string;
  ciphertext: Uint8Array;
}

/** Added by migration 0013: an account's stated data-retention mode, per region. */
export interface AccountDataRetentionTable {
  account_id: string;
  region: string;
  mode: string;
  updated_at: string;
}

/** Added by migration 0015: a KMS customer-managed key (its policy is a resource_policies row). */
export interface KmsKeysTable {
  key_id: string;
  account_id: string;
  region: string;
  arn: string;
  description: string;
  key_spec: string;
  key_usage: string;
  key_state: string;
  created_at: string;
  deletion_date: string | null;
  pending_window_days: number | null;
  rotation_enabled: number;
  rotation_period_days: number | null;
  current_version: number;
  /** Added by migration 0017: the key's last cryptographic use, to the day; null before any. */
  last_used_at: string | null;
}

/** Added by migration 0015: one version of a key's material, sealed under the root key. */
export interface KmsKeyMaterialTable {
  key_id: string;
  version: number;
  sealed: Uint8Array;
  created_at: string;
  on_demand: number;
}

/** Added by migration 0015: `alias/...` names, unique per account and region. */
export interface KmsAliasesTable {
  account_id: string;
  region: string;
  alias_name: string;
  key_id: string;
  created_at: string;
  updated_at: string;
}

/** Added by migration 0015. */
export interface KmsKeyTagsTable {
  key_id: string;
  tag_key: string;
  tag_value: string;
}

export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Added by migration 0020: an account's provisioned throughput; `tags` is a JSON array of {key, value}. */
export interface ProvisionedThroughputsTable {
  provisioned_id: string;
  account_id: string;
  name: string;
  model_id: string;
  desired_model_id: string;
  provider_id: string;
  model_units: number;
  status: string;
  ready_at: string;
  commitment_duration: string | null;
  commitment_expires_at: string | null;
  client_request_token: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
}

/** Added by migration 0020: one row per provider, written to serialise the reservations made on it. */
export interface ProvisionedCapacityLocksTable {
  provider_id: string;
  changes: number;
}

export interface Database extends IamTables {
  accounts: AccountsTable;
  iam_users: IamUsersTable;
  access_keys: AccessKeysTable;
  service_specific_credentials: ServiceSpecificCredentialsTable;
  inference_profiles: InferenceProfilesTable;
  provisioned_throughputs: ProvisionedThroughputsTable;
  provisioned_capacity_locks: ProvisionedCapacityLocksTable;
  guardrails: GuardrailsTable;
  guardrail_versions: GuardrailVersionsTable;
  enforced_guardrails: EnforcedGuardrailsTable;
  account_data_retention: AccountDataRetentionTable;
  invocation_logging_config: InvocationLoggingConfigTable;
  invocation_logs: InvocationLogsTable;
  kms_keys: KmsKeysTable;
  kms_key_material: KmsKeyMaterialTable;
  kms_aliases: KmsAliasesTable;
  kms_key_tags: KmsKeyTagsTable;
  meta: MetaTable;
  audit_events: AuditEventsTable;
  audit_event_resources: AuditEventResourcesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_frontiers: AuditFrontiersTable;
}
