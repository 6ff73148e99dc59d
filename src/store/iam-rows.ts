import type {
  GroupRecord, ManagedPolicyRecord, MfaDeviceRecord, OrganizationRecord, PolicyVersionRecord, RoleRecord,
  ServiceControlPolicyRecord,
} from "./iam-port.js";
import type {
  IamGroupsTable, IamMfaDevicesTable, IamPoliciesTable, IamPolicyVersionsTable, IamRolesTable, OrganizationsTable,
  ScpPoliciesTable,
} from "./iam-schema.js";
import { asBytes } from "./shapes.js";

/** Row <-> record mapping for the IAM tables, kept apart so the repositories read as queries. */
export function groupFromRow(row: IamGroupsTable): GroupRecord {
  return {
    groupId: row.group_id,
    accountId: row.account_id,
    groupName: row.group_name,
    path: row.path,
    arn: row.arn,
    createdAt: new Date(row.created_at),
  };
}

export function roleFromRow(row: IamRolesTable): RoleRecord {
  return {
    roleId: row.role_id,
    accountId: row.account_id,
    roleName: row.role_name,
    path: row.path,
    arn: row.arn,
    ...(row.description === null ? {} : { description: row.description }),
    trustPolicy: row.trust_policy,
    maxSessionDurationSeconds: Number(row.max_session_duration),
    ...(row.permissions_boundary_arn === null ? {} : { permissionsBoundaryArn: row.permissions_boundary_arn }),
    createdAt: new Date(row.created_at),
  };
}

export const versionId = (version: number): string => `v${version}`;

/** `v3` -> 3; undefined for anything IAM would not have issued. */
export function versionNumber(versionId: string): number | undefined {
  const match = /^v([1-9]\d{0,8})$/.exec(versionId);
  return match ? Number(match[1]) : undefined;
}

export function policyFromRow(row: IamPoliciesTable & { attachment_count: number | string }): ManagedPolicyRecord {
  return {
    policyId: row.policy_id,
    accountId: row.account_id,
    policyName: row.policy_name,
    path: row.path,
    arn: row.arn,
    ...(row.description === null ? {} : { description: row.description }),
    defaultVersionId: versionId(Number(row.default_version)),
    attachmentCount: Number(row.attachment_count),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function versionFromRow(policyArn: string, defaultVersion: number, row: IamPolicyVersionsTable): PolicyVersionRecord {
  return {
    policyArn,
    versionId: versionId(Number(row.version)),
    document: row.document,
    isDefault: Number(row.version) === Number(defaultVersion),
    createdAt: new Date(row.created_at),
  };
}

export function mfaDeviceFromRow(row: IamMfaDevicesTable): MfaDeviceRecord {
  return {
    serialNumber: row.serial_number,
    accountId: row.account_id,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    seedCiphertext: asBytes(row.seed_ciphertext),
    ...(row.enabled_at === null ? {} : { enabledAt: new Date(row.enabled_at) }),
    createdAt: new Date(row.created_at),
  };
}

export function organizationFromRow(row: OrganizationsTable): OrganizationRecord {
  return {
    organizationId: row.organization_id,
    rootId: row.root_id,
    managementAccountId: row.management_account_id,
    createdAt: new Date(row.created_at),
  };
}

export function scpFromRow(row: ScpPoliciesTable): ServiceControlPolicyRecord {
  return {
    policyId: row.policy_id,
    arn: row.arn,
    name: row.name,
    description: row.description,
    document: row.document,
    awsManaged: Number(row.aws_managed) === 1,
  };
}
