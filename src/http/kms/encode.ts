import type { Sensitive } from "../../kernel/index.js";
import type { RotationStatus } from "../../service/kms/index.js";
import type { KmsAliasRecord, KmsKeyRecord, Tag } from "../../store/index.js";

/** awsJson timestamps are epoch seconds. */
const seconds = (d: Date): number => d.getTime() / 1000;

/** `keyManager`: AWS for an AWS managed key (the account's default key for Bedrock data), else the customer. */
export function keyMetadata(k: KmsKeyRecord, keyManager: "AWS" | "CUSTOMER" = "CUSTOMER"): Record<string, unknown> {
  return {
    AWSAccountId: k.accountId, KeyId: k.keyId, Arn: k.arn, CreationDate: seconds(k.createdAt), Enabled: k.state === "Enabled",
    Description: k.description, KeyUsage: k.keyUsage, KeyState: k.state,
    ...(k.deletionDate === undefined ? {} : { DeletionDate: seconds(k.deletionDate) }),
    ...(k.pendingWindowDays === undefined ? {} : { PendingDeletionWindowInDays: k.pendingWindowDays }),
    Origin: "AWS_KMS", KeyManager: keyManager, CustomerMasterKeySpec: k.keySpec, KeySpec: k.keySpec,
    EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"], MultiRegion: false,
  };
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** Plaintext leaves as base64 text; its bytes are zeroed once encoded (the text itself cannot be). */
export function revealOnce(plaintext: Sensitive<Uint8Array>): string {
  const bytes = plaintext.reveal();
  try {
    return base64(bytes);
  } finally {
    bytes.fill(0);
  }
}

export function aliasEntry(a: KmsAliasRecord): Record<string, unknown> {
  return {
    AliasName: a.aliasName, AliasArn: `arn:aws:kms:${a.region}:${a.accountId}:${a.aliasName}`, TargetKeyId: a.keyId,
    CreationDate: seconds(a.createdAt), LastUpdatedDate: seconds(a.updatedAt),
  };
}

export function tagList(tags: readonly Tag[]): Record<string, unknown>[] {
  return tags.map((t) => ({ TagKey: t.key, TagValue: t.value }));
}

export function rotationStatus(keyArn: string, s: RotationStatus): Record<string, unknown> {
  return {
    KeyId: keyArn, KeyRotationEnabled: s.enabled,
    ...(s.periodDays === undefined ? {} : { RotationPeriodInDays: s.periodDays }),
    ...(s.nextRotationDate === undefined ? {} : { NextRotationDate: seconds(s.nextRotationDate) }),
    ...(s.onDemandStartDate === undefined ? {} : { OnDemandRotationStartDate: seconds(s.onDemandStartDate) }),
  };
}
