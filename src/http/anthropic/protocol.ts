import type { Fault, FaultKind } from "../../kernel/index.js";
import type { ErrorReply, Protocol } from "../protocols/protocol.js";
import { retryAfter } from "../retry-after.js";
import { sseEvent } from "../sse.js";

/**
 * Errors as Anthropic's Messages API writes them, so its SDKs raise the right class
 * (AuthenticationError, PermissionDeniedError, NotFoundError, RateLimitError, ...):
 * `{"type": "error", "error": {"type", "message"}, "request_id"}` with Anthropic's statuses, and
 * a `request-id` header the SDKs expose as `_request_id`, and on a 429 the `retry-after` the SDKs
 * wait by. Mid-stream, the same object travels
 * as an `error` server-sent event (anthropicStreamFault, the stream reply's `fault`).
 *
 * Choices where plinth's faults are finer or coarser than Anthropic's types: every refusal of
 * credentials is 401 authentication_error (Anthropic has no signature errors); a quota is a
 * rate limit; a model's own failure is api_error 500 (Bedrock's 424 means nothing to these
 * clients, and they retry a 500 as they would Anthropic's); the service unable to answer (the
 * audit trail unavailable, say) is 529 overloaded_error, the status Anthropic's clients back
 * off from.
 */
interface AnthropicError { readonly type: string; readonly status: number }

const table: Record<FaultKind, AnthropicError> = {
  "validation": { type: "invalid_request_error", status: 400 },
  "malformed-policy": { type: "invalid_request_error", status: 400 },
  "conflict": { type: "invalid_request_error", status: 400 },
  "already-exists": { type: "invalid_request_error", status: 400 },
  "in-use": { type: "invalid_request_error", status: 400 },
  "unsupported-media-type": { type: "invalid_request_error", status: 415 },
  "not-found": { type: "not_found_error", status: 404 },
  "unknown-operation": { type: "not_found_error", status: 404 },
  "access-denied": { type: "permission_error", status: 403 },
  "unrecognized-client": { type: "authentication_error", status: 401 },
  "invalid-signature": { type: "authentication_error", status: 401 },
  "signature-expired": { type: "authentication_error", status: 401 },
  "incomplete-signature": { type: "authentication_error", status: 401 },
  "missing-authentication": { type: "authentication_error", status: 401 },
  "expired-token": { type: "authentication_error", status: 401 },
  "payload-too-large": { type: "request_too_large", status: 413 },
  "throttling": { type: "rate_limit_error", status: 429 },
  "service-quota-exceeded": { type: "rate_limit_error", status: 429 },
  "model-not-ready": { type: "rate_limit_error", status: 429 },
  "request-timeout": { type: "timeout_error", status: 408 },
  "model-timeout": { type: "timeout_error", status: 504 },
  "model-error": { type: "api_error", status: 500 },
  "model-stream-error": { type: "api_error", status: 500 },
  "internal": { type: "api_error", status: 500 },
  "service-unavailable": { type: "overloaded_error", status: 529 },
};

export function anthropicError(kind: FaultKind): AnthropicError {
  return table[kind];
}

/** The error object, in a reply body or an `error` event. The Fault's message holds no content (kernel/fault.ts). */
export function anthropicErrorBody(f: Fault, requestId: string): Record<string, unknown> {
  return { type: "error", error: { type: table[f.kind].type, message: f.message }, request_id: requestId };
}

export const ANTHROPIC_PATH_PREFIX = "/anthropic/";

export const anthropicProtocol: Protocol = {
  name: "anthropic",
  pathPrefix: ANTHROPIC_PATH_PREFIX,
  error(f: Fault, requestId: string): ErrorReply {
    const wire = table[f.kind];
    return {
      status: wire.status, code: wire.type,
      headers: { "content-type": "application/json", "request-id": requestId, ...retryAfter(wire.status, f) },
      body: JSON.stringify(anthropicErrorBody(f, requestId)),
    };
  },
};

/** How a fault is framed once a stream's head is out: an `error` event, as Anthropic's API sends it. */
export const anthropicStreamFault = (requestId: string) => (f: Fault): Uint8Array => sseEvent("error", anthropicErrorBody(f, requestId));
