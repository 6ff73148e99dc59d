import { awsJson } from "../protocols/aws-json.js";
import type { Protocol } from "../protocols/protocol.js";

/** KMS's awsJson1.1 target prefix (botocore kms 2014-11-01 `targetPrefix`). */
export const KMS_TARGET_PREFIX = "TrentService";

/**
 * KMS's exception names (botocore kms 2014-11-01) for the reasons its use cases raise
 * (service/kms/faults.ts); every KMS error is a 400 except KMSInternalException.
 */
const REASONS: Readonly<Record<string, string>> = {
  "key-disabled": "DisabledException",
  "key-invalid-state": "KMSInvalidStateException",
  "incorrect-key": "IncorrectKeyException",
  "invalid-ciphertext": "InvalidCiphertextException",
  "invalid-alias-name": "InvalidAliasNameException",
  "invalid-arn": "InvalidArnException",
  "invalid-tag": "TagException",
  "unsupported-operation": "UnsupportedOperationException",
  "invalid-marker": "InvalidMarkerException",
  "dry-run": "DryRunOperationException",
  "invalid-grant-token": "InvalidGrantTokenException",
};

export const kmsProtocol: Protocol = awsJson({
  targetPrefix: KMS_TARGET_PREFIX,
  codes: {
    "not-found": { code: "NotFoundException", status: 400 },
    "already-exists": { code: "AlreadyExistsException", status: 400 },
    "conflict": { code: "KMSInvalidStateException", status: 400 },
    "internal": { code: "KMSInternalException", status: 500 },
    // CreateKey past the account's quota of keys (and any later KMS quota).
    "service-quota-exceeded": { code: "LimitExceededException", status: 400 },
    "unknown-operation": { code: "UnsupportedOperationException", status: 400 },
  },
  reasons: REASONS,
});
