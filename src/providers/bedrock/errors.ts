import { Fault, fault, isFault } from "../../kernel/index.js";
import { ResponseTooLarge } from "../http-upstream/index.js";
import { safeCode } from "./codec.js";

/**
 * SDK exceptions to Faults, by exception name. Messages carry the upstream's error code and
 * status only: the upstream's message text may echo the prompt, and is never read here.
 *
 * Choices the port comment leaves open:
 * - Rejected operator credentials (AccessDenied, UnrecognizedClient, expired or bad signatures,
 *   no credentials at all) and a model the upstream lacks (ResourceNotFound) are the operator's
 *   misconfiguration, not the caller's: "access-denied"/"not-found" would blame the caller, and a
 *   "model-error" (a 4xx) would hide it from whoever watches 5xx rates. They become
 *   "service-unavailable": this route to the model is down until the operator fixes it.
 * - ServiceUnavailableException is the upstream saying just that, so it stays
 *   "service-unavailable" (retryable by callers), while InternalServerException is a 5xx like
 *   any other: "model-error" carrying 500.
 * - ServiceQuotaExceeded is the operator's account quota, not the caller's: "throttling".
 * - ModelErrorException carries the model's own status in originalStatusCode; that is passed on.
 */
const OPERATOR_SIDE = new Set([
  "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
  "IncompleteSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
  "InvalidClientTokenId", "SignatureDoesNotMatch", "ResourceNotFoundException",
]);

/** The SDK's own errors when the default provider chain finds no credentials: no call was made. */
const LOCAL_CREDENTIAL_ERRORS = new Set(["CredentialsProviderError", "TokenProviderError"]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE",
  "ETIMEDOUT", "ECONNABORTED", "ERR_HTTP2_STREAM_ERROR", "ERR_HTTP2_SESSION_ERROR",
]);

interface SdkError {
  name?: unknown;
  code?: unknown;
  originalStatusCode?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function statusOf(e: SdkError): number | undefined {
  const status = e.$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * The size limit (response-limits.ts) that stopped the SDK's reader, if one did. The SDK
 * passes a reader's error on as it is, but may wrap it: its `cause` is looked at too.
 */
export function tooLarge(error: unknown): ResponseTooLarge | undefined {
  if (error instanceof ResponseTooLarge) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof ResponseTooLarge ? cause : undefined;
}

/** Maps a failure of an upstream call that had not yet produced anything. */
export function callFault(error: unknown): Fault {
  if (isFault(error)) return error;
  const large = tooLarge(error);
  if (large) return fault("model-error", `upstream answer could not be read: ${large.what} exceeded the size limit of ${large.limit} bytes`);
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkError;
  const name = safeCode(e.name);
  const status = statusOf(e);
  const says = `upstream answered ${name}${status ? ` (HTTP ${status})` : ""}`;
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return fault("service-unavailable", `upstream is unreachable (${e.code})`);
  if (LOCAL_CREDENTIAL_ERRORS.has(name)) return fault("service-unavailable", `no upstream credentials are available (${name})`);
  if (OPERATOR_SIDE.has(name)) return fault("service-unavailable", `${says}: the upstream is misconfigured`);
  switch (name) {
    case "ValidationException": case "ConflictException": return fault("validation", `${says}: the request is invalid for this model`);
    case "ThrottlingException": case "ServiceQuotaExceededException": return fault("throttling", says);
    case "ModelNotReadyException": return fault("model-not-ready", says);
    case "ModelTimeoutException": case "TimeoutError": return fault("model-timeout", says);
    case "ServiceUnavailableException": return fault("service-unavailable", says);
    case "ModelErrorException": {
      const original = typeof e.originalStatusCode === "number" ? e.originalStatusCode : status ?? 424;
      return fault("model-error", says, { originalStatusCode: original });
    }
    case "ModelStreamErrorException": return streamFault(error);
  }
  // An error name the SDK does not model: decide by status as the port describes.
  if (status === 400 || status === 422) return fault("validation", says);
  if (status === 429) return fault("throttling", says);
  if (status === 408 || status === 504) return fault("model-timeout", says);
  if (status === 401 || status === 403) return fault("service-unavailable", `${says}: the upstream is misconfigured`);
  if (status !== undefined && status >= 300) return fault("model-error", says, { originalStatusCode: status });
  // A 2xx the SDK could not read, or a failure with no answer at all: the upstream misbehaved.
  if (status !== undefined) return fault("model-error", `upstream answered HTTP ${status} with a body that could not be read (${name})`);
  return fault("model-error", `upstream call failed (${name})`);
}

/** Maps a failure after the stream had started: the caller already holds part of an answer. */
export function streamFault(error: unknown): Fault {
  if (isFault(error) && error.kind === "model-stream-error") return error;
  const large = tooLarge(error);
  if (large) return fault("model-stream-error", `upstream stream failed: ${large.what} exceeded the size limit of ${large.limit} bytes`);
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkError;
  const original = typeof e.originalStatusCode === "number" ? e.originalStatusCode : undefined;
  return fault("model-stream-error", `upstream stream failed (${safeCode(e.name)})`, original !== undefined ? { originalStatusCode: original } : {});
}
