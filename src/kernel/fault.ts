/**
 * Errors are values with a stable kind. The wire name (ValidationException, ...) and the HTTP
 * status for each kind live in `http/`, the only place that knows a protocol. A Fault message
 * is shown to the caller: it must never contain customer content or a secret, only field names,
 * identifiers and limits.
 */
export type FaultKind =
  | "validation"
  | "not-found"
  | "access-denied"
  | "unrecognized-client"
  | "invalid-signature"
  | "signature-expired"
  | "incomplete-signature"
  | "missing-authentication"
  | "throttling"
  | "service-quota-exceeded"
  | "conflict"
  | "already-exists"
  | "in-use"
  | "malformed-policy"
  | "expired-token"
  | "payload-too-large"
  /** The client stopped sending its request (the body stalled, or took longer than allowed). */
  | "request-timeout"
  | "unsupported-media-type"
  | "unknown-operation"
  | "model-timeout"
  | "model-error"
  | "model-stream-error"
  | "model-not-ready"
  | "service-unavailable"
  | "internal";

export interface FaultDetail {
  /** The request field the fault is about, as the wire names it (e.g. `inferenceConfig.maxTokens`). */
  readonly field?: string;
  /** For model errors: the status code the upstream answered with. */
  readonly originalStatusCode?: number;
  /** For model errors: the resource (model id) concerned. */
  readonly resourceName?: string;
  /**
   * A finer domain reason where the kind alone does not say enough (`account-not-found`,
   * `policy-not-attached`, `invalid-authentication-code`, ...). Services raise reasons, never wire
   * names: each surface in `http/` maps the reasons its service defines to its own error codes
   * (Organizations has a not-found exception per entity), and ignores the rest.
   */
  readonly reason?: string;
  /** For throttling: how long until the call would be admitted, as the quota knows it (ms). */
  readonly retryAfterMs?: number;
}

export class Fault extends Error {
  readonly kind: FaultKind;
  readonly detail: FaultDetail;

  /** For "internal" faults: the unexpected error behind it, for the operator's log (never the caller). */
  override readonly cause?: unknown;

  constructor(kind: FaultKind, message: string, detail: FaultDetail = {}, cause?: unknown) {
    super(message);
    if (cause !== undefined) this.cause = cause;
    this.name = "Fault";
    this.kind = kind;
    this.detail = detail;
  }
}

export function fault(kind: FaultKind, message: string, detail?: FaultDetail): Fault {
  return new Fault(kind, message, detail);
}

/** A ValidationException naming the field: the common case, so it gets its own helper. */
export function invalid(field: string, problem: string): Fault {
  return new Fault("validation", `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`, { field });
}

export function isFault(value: unknown): value is Fault {
  return value instanceof Fault;
}
