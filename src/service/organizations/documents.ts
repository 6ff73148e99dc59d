import type { ServiceControlPolicyRecord } from "../../store/iam-port.js";

/** The documents AWS itself puts in an organisation, written here as AWS publishes them. */
const ALLOW_ALL = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, null, 2);

/** The AWS-managed SCP attached to the root and every account once SCPs are enabled. */
export const FULL_AWS_ACCESS: ServiceControlPolicyRecord = {
  policyId: "p-FullAWSAccess",
  arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
  name: "FullAWSAccess",
  description: "Allows access to every operation",
  document: ALLOW_ALL,
  awsManaged: true,
};

/** The AWS-managed IAM policy the access role of each new account carries (seeded by the IAM service). */
export { ADMINISTRATOR_ACCESS_ARN } from "../../kernel/index.js";

export const DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole";

/** The access role's trust policy: the management account (its administrators) may assume it. */
export function accessRoleTrustPolicy(managementAccountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: "sts:AssumeRole" }],
  }, null, 2);
}
