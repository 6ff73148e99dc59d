/**
 * The key policy a key gets when CreateKey names none: AWS's default, which gives the account
 * (its root principal) every KMS action on the key, and so lets the account's IAM policies
 * decide who else may use it. Without such a statement IAM policies grant nothing on the key.
 */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [{
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    }],
  }, null, 2);
}

/** KMS's limit on a key policy document, in characters. */
export const KEY_POLICY_MAX_CHARACTERS = 32768;
