import type { Fault, FaultKind } from "../../kernel/index.js";
import type { ErrorReply, Protocol } from "../protocols/protocol.js";
import { retryAfter } from "../retry-after.js";

/**
 * OpenAI's error shape, for every answer under /openai/: `{"error": {message, type, code,
 * param}}` with the statuses OpenAI's clients act on (401 a bad key, 403 denied, 404 an unknown
 * model or path, 429 retry later with `retry-after`, 400 naming the `param`). The openai SDK reads
 * `error` from the body and picks its exception class by status alone.
 */
interface OpenAiError {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
}

const auth = (code: string): OpenAiError => ({ status: 401, type: "invalid_request_error", code });
const invalidRequest = (status: number, code: string | null = null): OpenAiError => ({ status, type: "invalid_request_error", code });

const table: Record<FaultKind, OpenAiError> = {
  "validation": invalidRequest(400),
  "malformed-policy": invalidRequest(400),
  "payload-too-large": invalidRequest(413, "request_too_large"),
  "unsupported-media-type": invalidRequest(415, "unsupported_media_type"),
  "not-found": invalidRequest(404, "model_not_found"),
  "unknown-operation": invalidRequest(404, "unknown_url"),
  "conflict": invalidRequest(409, "conflict"),
  "already-exists": invalidRequest(409, "conflict"),
  "in-use": invalidRequest(409, "conflict"),
  "request-timeout": invalidRequest(408, "request_timeout"),
  "access-denied": { status: 403, type: "permission_error", code: "access_denied" },
  "unrecognized-client": auth("invalid_api_key"),
  "missing-authentication": auth("missing_api_key"),
  "expired-token": auth("expired_api_key"),
  "invalid-signature": auth("invalid_signature"),
  "signature-expired": auth("signature_expired"),
  "incomplete-signature": auth("invalid_authorization"),
  "throttling": { status: 429, type: "rate_limit_error", code: "rate_limit_exceeded" },
  "model-not-ready": { status: 429, type: "rate_limit_error", code: "model_not_ready" },
  "service-quota-exceeded": { status: 429, type: "rate_limit_error", code: "quota_exceeded" },
  "model-timeout": { status: 408, type: "timeout_error", code: "model_timeout" },
  "model-error": { status: 424, type: "model_error", code: "model_error" },
  "model-stream-error": { status: 424, type: "model_error", code: "model_error" },
  "service-unavailable": { status: 503, type: "server_error", code: "service_unavailable" },
  "internal": { status: 500, type: "server_error", code: "internal_error" },
};

/**
 * The request member a fault is about, as OpenAI names it. The use cases name Converse's
 * `modelId`; this surface's members are what its codec named already.
 */
function paramOf(f: Fault): string | null {
  const field = f.detail.field;
  if (field === undefined) return null;
  return field === "modelId" ? "model" : field;
}

/** OpenAI's clients show `x-request-id` as the request id a report should quote (the SDK's `_request_id`). */
export const requestIdHeader = (requestId: string): Record<string, string> => ({ "x-request-id": requestId });

export function openAiErrorBody(f: Fault): { error: { message: string; type: string; code: string | null; param: string | null } } {
  const wire = table[f.kind];
  const code = f.kind === "not-found" && paramOf(f) !== "model" ? "not_found" : wire.code;
  return { error: { message: f.message, type: wire.type, code, param: paramOf(f) } };
}

export const openAiProtocol: Protocol = {
  name: "openai",
  pathPrefix: "/openai/",
  error(f: Fault, requestId: string): ErrorReply {
    const wire = table[f.kind];
    return {
      status: wire.status, code: wire.code ?? wire.type,
      headers: { "content-type": "application/json", ...requestIdHeader(requestId), ...retryAfter(wire.status, f) },
      body: JSON.stringify(openAiErrorBody(f)),
    };
  },
};
