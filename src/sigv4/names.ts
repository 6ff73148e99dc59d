/**
 * The protocol's fixed names. Written out rather than imported from @smithy/signature-v4, so
 * that verifying loads none of the AWS SDK (names.test.ts checks them against it).
 */
export const ALGORITHM = "AWS4-HMAC-SHA256";
export const SHA256_HEADER = "x-amz-content-sha256";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** A presigned URL is good for a week at most. */
export const MAX_PRESIGNED_TTL = 60 * 60 * 24 * 7;

export const ALGORITHM_QUERY_PARAM = "X-Amz-Algorithm";
export const CREDENTIAL_QUERY_PARAM = "X-Amz-Credential";
export const AMZ_DATE_QUERY_PARAM = "X-Amz-Date";
export const SIGNED_HEADERS_QUERY_PARAM = "X-Amz-SignedHeaders";
export const EXPIRES_QUERY_PARAM = "X-Amz-Expires";
export const SIGNATURE_QUERY_PARAM = "X-Amz-Signature";
export const TOKEN_QUERY_PARAM = "X-Amz-Security-Token";
