import type { Fault, FaultKind } from "../../kernel/index.js";
import type { ErrorReply, Protocol } from "./protocol.js";

/**
 * restJson1 as the Bedrock services speak it: an `x-amzn-ErrorType` header and a `{"message"}`
 * body. Names follow the services' published models (botocore bedrock-runtime / bedrock) and,
 * for authentication, what every AWS JSON service answers.
 */
export interface WireError {
  readonly name: string;
  readonly status: number;
  /** Name of the event-stream exception member when the fault happens mid-stream. */
  readonly streamMember: string;
}

const table: Record<FaultKind, WireError> = {
  "validation": { name: "ValidationException", status: 400, streamMember: "validationException" },
  "malformed-policy": { name: "ValidationException", status: 400, streamMember: "validationException" },
  "not-found": { name: "ResourceNotFoundException", status: 404, streamMember: "validationException" },
  "access-denied": { name: "AccessDeniedException", status: 403, streamMember: "validationException" },
  "unrecognized-client": { name: "UnrecognizedClientException", status: 403, streamMember: "validationException" },
  "invalid-signature": { name: "InvalidSignatureException", status: 403, streamMember: "validationException" },
  "signature-expired": { name: "InvalidSignatureException", status: 403, streamMember: "validationException" },
  "incomplete-signature": { name: "IncompleteSignatureException", status: 403, streamMember: "validationException" },
  "missing-authentication": { name: "MissingAuthenticationTokenException", status: 403, streamMember: "validationException" },
  "expired-token": { name: "ExpiredTokenException", status: 403, streamMember: "validationException" },
  "throttling": { name: "ThrottlingException", status: 429, streamMember: "throttlingException" },
  "service-quota-exceeded": { name: "ServiceQuotaExceededException", status: 400, streamMember: "throttlingException" },
  "conflict": { name: "ConflictException", status: 400, streamMember: "validationException" },
  "already-exists": { name: "ConflictException", status: 400, streamMember: "validationException" },
  "in-use": { name: "ConflictException", status: 400, streamMember: "validationException" },
  "payload-too-large": { name: "ValidationException", status: 413, streamMember: "validationException" },
  // The name the AWS SDKs treat as transient (smithy's TRANSIENT_ERROR_CODES), so they retry it.
  "request-timeout": { name: "RequestTimeoutException", status: 408, streamMember: "validationException" },
  "unsupported-media-type": { name: "UnsupportedMediaTypeException", status: 415, streamMember: "validationException" },
  "unknown-operation": { name: "UnknownOperationException", status: 404, streamMember: "validationException" },
  "model-timeout": { name: "ModelTimeoutException", status: 408, streamMember: "modelTimeoutException" },
  "model-error": { name: "ModelErrorException", status: 424, streamMember: "modelStreamErrorException" },
  "model-stream-error": { name: "ModelStreamErrorException", status: 424, streamMember: "modelStreamErrorException" },
  "model-not-ready": { name: "ModelNotReadyException", status: 429, streamMember: "serviceUnavailableException" },
  "service-unavailable": { name: "ServiceUnavailableException", status: 503, streamMember: "serviceUnavailableException" },
  "internal": { name: "InternalServerException", status: 500, streamMember: "internalServerException" },
};

export function wireError(kind: FaultKind): WireError {
  return table[kind];
}

/** The restJson1 error body: `message` plus the model's extra members where they apply. */
export function errorBody(f: Fault): Record<string, unknown> {
  const body: Record<string, unknown> = { message: f.message };
  if (f.detail.originalStatusCode !== undefined) body["originalStatusCode"] = f.detail.originalStatusCode;
  if (f.detail.resourceName !== undefined) body["resourceName"] = f.detail.resourceName;
  return body;
}

export const restJson: Protocol = {
  name: "restJson1",
  error(f: Fault): ErrorReply {
    const wire = table[f.kind];
    return {
      status: wire.status, code: wire.name,
      headers: { "content-type": "application/json", "x-amzn-errortype": wire.name },
      body: JSON.stringify(errorBody(f)),
    };
  },
};
