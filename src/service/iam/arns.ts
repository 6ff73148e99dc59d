import { PARTITION } from "../../kernel/index.js";

/**
 * ARNs of IAM entities: `arn:aws:iam::<account>:<type><path><name>`. AWS-managed policies
 * belong to the account `aws`.
 */
export type IamResourceType = "user" | "group" | "role" | "policy" | "mfa";

export const AWS_MANAGED_ACCOUNT = "aws";

export function iamArn(accountId: string, type: IamResourceType, path: string, name: string): string {
  return `arn:${PARTITION}:iam::${accountId}:${type}${path}${name}`;
}

export interface ParsedIamArn {
  readonly accountId: string;
  readonly type: IamResourceType;
  readonly path: string;
  readonly name: string;
}

const IAM_ARN = /^arn:aws:iam::(\d{12}|aws):(user|group|role|policy|mfa)(\/(?:[^/]*\/)*)([^/]+)$/;

/** The parts of an IAM entity ARN, or undefined when it is not one. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const m = IAM_ARN.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1]!, type: m[2] as IamResourceType, path: m[3]!, name: m[4]! };
}
