import type { ConditionKeyDeclaration, ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys each KMS action supplies (service authorization reference, `kms`), and
 * those it documents that plinth leaves out, with why. Every key action supplies the key's own
 * facts (kms:KeySpec, KeyUsage, KeyOrigin, MultiRegion, ResourceAliases, aws:ResourceTag/*).
 */
const CALLER = "kms:CallerAccount";
const KEY = ["kms:KeySpec", "kms:KeyUsage", "kms:KeyOrigin", "kms:MultiRegion", "kms:ResourceAliases", "aws:ResourceTag/${TagKey}"];
const CONTEXT = ["kms:EncryptionAlgorithm", "kms:EncryptionContext:${EncryptionContextKey}", "kms:EncryptionContextKeys", "kms:RequestAlias"];
const REQUEST_TAGS = ["aws:RequestTag/${TagKey}", "aws:TagKeys"];

const VIA = { "kms:ViaService": "no AWS service calls KMS on a caller's behalf here yet, so no request comes through one" };
const SINGLE_REGION = { "kms:MultiRegionKeyType": "plinth's keys are single-Region, and KMS sets this key only for multi-Region keys" };
/** Days since the key's last cryptographic use (or creation): what guards deleting or disabling a key still in use. */
const UNUSED = "kms:TrailingDaysWithoutKeyUsage";
const RECIPIENT = Object.fromEntries([
  "ImageSha384", ...Array.from({ length: 24 }, (_, i) => `NitroTPMPCR${i}`), ...Array.from({ length: 32 }, (_, i) => `PCR${i}`),
].map((k) => [`kms:RecipientAttestation:${k}`, "Recipient (enclave attestation) is refused: there is no enclave to attest"]));

function onKey(extra: readonly string[] = [], notSupplied: Readonly<Record<string, string>> = {}): ConditionKeyDeclaration {
  return { supplied: [CALLER, ...KEY, ...extra], notSupplied: { ...VIA, ...SINGLE_REGION, ...notSupplied } };
}

export const KMS_CONDITION_KEYS: ConditionKeyDeclarations = {
  "kms:CreateKey": {
    supplied: [CALLER, "kms:KeySpec", "kms:KeyUsage", "kms:KeyOrigin", "kms:MultiRegion", "kms:BypassPolicyLockoutSafetyCheck", ...REQUEST_TAGS],
    notSupplied: { ...VIA, ...SINGLE_REGION, "aws:ResourceTag/${TagKey}": "the key does not exist yet: aws:RequestTag/* holds the tags it is given" },
  },
  "kms:DescribeKey": onKey(["kms:RequestAlias"]),
  "kms:ListKeys": { supplied: [] },
  "kms:ListAliases": { supplied: [] },
  "kms:CreateAlias": onKey(),
  "kms:UpdateAlias": onKey(),
  "kms:DeleteAlias": onKey(),
  "kms:Encrypt": onKey(CONTEXT),
  "kms:Decrypt": onKey(CONTEXT, RECIPIENT),
  "kms:ReEncryptFrom": onKey([...CONTEXT, "kms:ReEncryptOnSameKey"]),
  "kms:ReEncryptTo": onKey([...CONTEXT, "kms:ReEncryptOnSameKey"]),
  "kms:GenerateDataKey": onKey(CONTEXT, RECIPIENT),
  "kms:GenerateDataKeyWithoutPlaintext": onKey(CONTEXT),
  "kms:EnableKey": onKey(),
  "kms:DisableKey": onKey([UNUSED]),
  "kms:EnableKeyRotation": onKey(["kms:RotationPeriodInDays"]),
  "kms:DisableKeyRotation": onKey(),
  "kms:GetKeyRotationStatus": onKey(),
  "kms:RotateKeyOnDemand": onKey(),
  "kms:ScheduleKeyDeletion": onKey(["kms:ScheduleKeyDeletionPendingWindowInDays", UNUSED]),
  "kms:CancelKeyDeletion": onKey(),
  "kms:PutKeyPolicy": onKey(["kms:BypassPolicyLockoutSafetyCheck"]),
  "kms:GetKeyPolicy": onKey(),
  "kms:TagResource": onKey(REQUEST_TAGS),
  "kms:UntagResource": onKey(["aws:TagKeys"]),
  "kms:ListResourceTags": onKey(),
};
