import { Fault } from "../../kernel/index.js";
import type { Principal } from "../../kernel/index.js";
import type { ManagedPolicyRecord } from "../../store/iam-port.js";
import { AWS_MANAGED_ACCOUNT, parseIamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { invalidInput, noSuchEntity } from "./errors.js";
import { checkArn } from "./validate.js";

/**
 * Managed policies a caller may see: its own account's and the AWS-managed ones. A policy of
 * another account is reported as absent, not as forbidden, so accounts cannot probe each other.
 */
export function checkPolicyArn(field: string, arn: string): void {
  checkArn(field, arn);
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.type !== "policy") throw invalidInput(field, `ARN ${arn.slice(0, 2048)} is not valid.`);
}

export async function findPolicy(deps: IamDeps, principal: Principal, field: string, arn: string): Promise<ManagedPolicyRecord> {
  checkPolicyArn(field, arn);
  const account = parseIamArn(arn)!.accountId;
  const policy = account === principal.accountId || account === AWS_MANAGED_ACCOUNT ? await deps.iam.getPolicy(arn) : undefined;
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

export const isAwsManaged = (policy: { readonly accountId: string }): boolean => policy.accountId === AWS_MANAGED_ACCOUNT;

/** AWS-managed policies are attachable by every account and changeable by none. */
export function requireCustomerManaged(policy: ManagedPolicyRecord, action: string): void {
  if (isAwsManaged(policy)) {
    throw new Fault("access-denied", `Cannot perform ${action} on ${policy.arn}: AWS managed policies cannot be changed.`);
  }
}
