import type { Operation } from "../operation.js";
import { aliasOperations } from "./routes-aliases.js";
import { cryptoOperations } from "./routes-crypto.js";
import { keyOperations } from "./routes-keys.js";
import type { KmsDeps } from "./routes-keys.js";

export type { KmsDeps } from "./routes-keys.js";
export { KMS_CONDITION_KEYS } from "./condition-keys.js";

export const KMS_OPERATION_NAMES = [
  "CreateKey", "DescribeKey", "ListKeys", "EnableKey", "DisableKey", "EnableKeyRotation", "DisableKeyRotation", "GetKeyRotationStatus",
  "RotateKeyOnDemand", "ScheduleKeyDeletion", "CancelKeyDeletion", "PutKeyPolicy", "GetKeyPolicy", "TagResource", "UntagResource", "ListResourceTags",
  "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
  "CreateAlias", "UpdateAlias", "DeleteAlias", "ListAliases",
] as const;

/** KMS (awsJson1.1, `X-Amz-Target: TrentService.<Operation>`, signing name `kms`). */
export function kmsOperations(deps: KmsDeps & { readonly region: string }): Operation[] {
  return [...keyOperations(deps), ...cryptoOperations(deps.kms), ...aliasOperations(deps.kms, deps.region)];
}
