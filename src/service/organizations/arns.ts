import type { OrganizationRecord } from "../../store/iam-port.js";

/** ARNs of Organizations resources, as the botocore model's patterns give them. */
export type OrgIds = Pick<OrganizationRecord, "organizationId" | "rootId" | "managementAccountId">;

const base = (org: OrgIds): string => `arn:aws:organizations::${org.managementAccountId}`;

export const organizationArn = (org: OrgIds): string => `${base(org)}:organization/${org.organizationId}`;
export const rootArn = (org: OrgIds): string => `${base(org)}:root/${org.organizationId}/${org.rootId}`;
export const accountArn = (org: OrgIds, accountId: string): string => `${base(org)}:account/${org.organizationId}/${accountId}`;

/** Customer policies live under the organisation; AWS-managed ones under the `aws` account. */
export function policyArn(org: OrgIds, policyId: string, awsManaged: boolean): string {
  return awsManaged
    ? `arn:aws:organizations::aws:policy/service_control_policy/${policyId}`
    : `${base(org)}:policy/${org.organizationId}/service_control_policy/${policyId}`;
}

/** The ARN a target id names (root, organizational unit or account). */
export function targetArn(org: OrgIds, targetId: string): string {
  if (targetId.startsWith("r-")) return `${base(org)}:root/${org.organizationId}/${targetId}`;
  if (targetId.startsWith("ou-")) return `${base(org)}:ou/${org.organizationId}/${targetId}`;
  return accountArn(org, targetId);
}
