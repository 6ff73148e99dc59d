/** ARNs in the shapes Bedrock uses (see reference/bedrock-api.md §4.2). */
export const PARTITION = "aws";

/** AWS's managed policy granting everything: the bootstrap administrator and each account's access role hold it. */
export const ADMINISTRATOR_ACCESS_ARN = `arn:${PARTITION}:iam::aws:policy/AdministratorAccess`;

export function foundationModelArn(region: string, modelId: string): string {
  return `arn:${PARTITION}:bedrock:${region}::foundation-model/${modelId}`;
}

export function iamUserArn(accountId: string, userName: string, path = "/"): string {
  return `arn:${PARTITION}:iam::${accountId}:user${path}${userName}`;
}

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** The model id inside a foundation-model ARN, or undefined when the ARN is of another kind. */
export function modelIdFromArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "bedrock") return undefined;
  const prefix = "foundation-model/";
  return parsed.resource.startsWith(prefix) ? parsed.resource.slice(prefix.length) : undefined;
}
