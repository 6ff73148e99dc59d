import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";
import type { ErrorReply, Protocol } from "./protocol.js";

/**
 * awsJson1.1 (Organizations, KMS, CloudTrail): POST / with `X-Amz-Target: <Prefix>.<Operation>`,
 * JSON in and out, errors as `{"__type": code, "message"}`. Services pass their own codes.
 */
export interface JsonService {
  readonly targetPrefix: string;
  /** Other prefixes clients send for the same service (the AWS SDK for JS v3 shortens CloudTrail's). */
  readonly otherTargetPrefixes?: readonly string[];
  readonly codes: Partial<Record<FaultKind, { readonly code: string; readonly status: number }>>;
  /** The service's exception names for the domain reasons its use cases raise (the status stays the kind's). */
  readonly reasons?: Readonly<Record<string, string>>;
}

const common: Record<FaultKind, { code: string; status: number }> = {
  "validation": { code: "ValidationException", status: 400 },
  "malformed-policy": { code: "MalformedPolicyDocumentException", status: 400 },
  "not-found": { code: "ResourceNotFoundException", status: 400 },
  "already-exists": { code: "AlreadyExistsException", status: 400 },
  "in-use": { code: "ResourceInUseException", status: 400 },
  "conflict": { code: "ConcurrentModificationException", status: 400 },
  "service-quota-exceeded": { code: "LimitExceededException", status: 400 },
  "access-denied": { code: "AccessDeniedException", status: 400 },
  "unrecognized-client": { code: "UnrecognizedClientException", status: 400 },
  "invalid-signature": { code: "InvalidSignatureException", status: 400 },
  "signature-expired": { code: "InvalidSignatureException", status: 400 },
  "incomplete-signature": { code: "IncompleteSignatureException", status: 400 },
  "missing-authentication": { code: "MissingAuthenticationTokenException", status: 400 },
  "expired-token": { code: "ExpiredTokenException", status: 400 },
  "throttling": { code: "ThrottlingException", status: 400 },
  "payload-too-large": { code: "SerializationException", status: 413 },
  "request-timeout": { code: "RequestTimeoutException", status: 408 },
  "unsupported-media-type": { code: "SerializationException", status: 415 },
  "unknown-operation": { code: "UnknownOperationException", status: 400 },
  "service-unavailable": { code: "ServiceUnavailableException", status: 503 },
  "internal": { code: "InternalFailure", status: 500 },
  "model-timeout": { code: "InternalFailure", status: 500 },
  "model-error": { code: "InternalFailure", status: 500 },
  "model-stream-error": { code: "InternalFailure", status: 500 },
  "model-not-ready": { code: "ServiceUnavailableException", status: 503 },
};

export function awsJson(service: JsonService): Protocol {
  const codes = { ...common, ...service.codes };
  const prefixes = [service.targetPrefix, ...(service.otherTargetPrefixes ?? [])].map((p) => `${p}.`);
  return {
    name: "awsJson1_1",
    target({ signedHeader, header }): string | undefined {
      const target = signedHeader("x-amz-target");
      if (target === undefined && header("x-amz-target") !== undefined) {
        throw new Fault("incomplete-signature", "The X-Amz-Target header must be signed: it names the operation");
      }
      const prefix = target === undefined ? undefined : prefixes.find((p) => target.startsWith(p));
      return prefix === undefined ? undefined : target!.slice(prefix.length);
    },
    unknownTarget() {
      return new Fault("unknown-operation", "The X-Amz-Target header names no operation of this service");
    },
    error(f: Fault): ErrorReply {
      const known = codes[f.kind];
      const code = (f.detail.reason !== undefined ? service.reasons?.[f.detail.reason] : undefined) ?? known.code;
      return {
        status: known.status, code,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code },
        body: JSON.stringify({ __type: code, message: f.message }),
      };
    },
  };
}
