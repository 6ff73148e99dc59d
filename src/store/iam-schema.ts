/**
 * Table shapes of the IAM, Organizations and resource-policy tables, as kysely sees them; the
 * conventions of schema.ts apply (ISO text times, 0/1 flags, blob/bytea for sealed secrets).
 * Counters are `bigint` columns, which the pg driver answers as text: read them with Number().
 */
export interface IamChangesTable {
  scope: string;
  counter: number | string;
}

export interface IamPoliciesTable {
  policy_id: string;
  account_id: string;
  policy_name: string;
  path: string;
  arn: string;
  description: string | null;
  default_version: number;
  next_version: number;
  created_at: string;
  updated_at: string;
}

export interface IamPolicyVersionsTable {
  policy_id: string;
  version: number;
  document: string;
  created_at: string;
}

export interface IamGroupsTable {
  group_id: string;
  account_id: string;
  group_name: string;
  path: string;
  arn: string;
  created_at: string;
}

export interface IamGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface IamRolesTable {
  role_id: string;
  account_id: string;
  role_name: string;
  path: string;
  arn: string;
  description: string | null;
  trust_policy: string;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  created_at: string;
}

/** The same shape for users, groups and roles (`entity_id` is the principal's id). */
export interface IamAttachmentsTable {
  entity_id: string;
  policy_id: string;
}

export interface IamInlineTable {
  entity_id: string;
  policy_name: string;
  document: string;
}

export interface IamTagsTable {
  arn: string;
  key_folded: string;
  key: string;
  value: string;
}

export interface IamMfaDevicesTable {
  serial_number: string;
  account_id: string;
  device_name: string;
  user_id: string | null;
  seed_ciphertext: Uint8Array;
  enabled_at: string | null;
  created_at: string;
  last_step: number | string | null;
  failed_attempts: number;
  locked_until: string | null;
}

export interface OrganizationsTable {
  organization_id: string;
  root_id: string;
  management_account_id: string;
  created_at: string;
  singleton: number;
}

export interface ScpPoliciesTable {
  policy_id: string;
  arn: string;
  name: string;
  description: string;
  document: string;
  aws_managed: number;
}

export interface ScpAttachmentsTable {
  policy_id: string;
  target_id: string;
}

export interface ResourcePoliciesTable {
  resource_arn: string;
  account_id: string;
  document: string;
}

export interface IamTables {
  iam_changes: IamChangesTable;
  iam_policies: IamPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_roles: IamRolesTable;
  iam_user_attachments: IamAttachmentsTable;
  iam_group_attachments: IamAttachmentsTable;
  iam_role_attachments: IamAttachmentsTable;
  iam_user_inline: IamInlineTable;
  iam_group_inline: IamInlineTable;
  iam_role_inline: IamInlineTable;
  iam_tags: IamTagsTable;
  iam_mfa_devices: IamMfaDevicesTable;
  organizations: OrganizationsTable;
  scp_policies: ScpPoliciesTable;
  scp_attachments: ScpAttachmentsTable;
  resource_policies: ResourcePoliciesTable;
}
