import type { FaultKind } from "../../kernel/index.js";
import type { ExchangeRecord } from "../observe.js";

/**
 * How a metric counts an exchange's end, decided per Fault kind rather than per HTTP status: a
 * mid-stream failure keeps its 200, and some upstream failures wear a 4xx (ModelErrorException
 * is a 424) though nothing the caller did caused them. Throttles are their own outcome, as in
 * Bedrock's InvocationThrottles, and are not also counted as client errors.
 */
export type Outcome = "success" | "client_error" | "server_error" | "throttle";

/** Exhaustive: a new Fault kind does not compile until someone decides how it is counted. */
const OUTCOMES: Record<FaultKind, Exclude<Outcome, "success">> = {
  "validation": "client_error",
  "not-found": "client_error",
  "access-denied": "client_error",
  "unrecognized-client": "client_error",
  "invalid-signature": "client_error",
  "signature-expired": "client_error",
  "incomplete-signature": "client_error",
  "missing-authentication": "client_error",
  "throttling": "throttle",
  "service-quota-exceeded": "client_error",
  "conflict": "client_error",
  "already-exists": "client_error",
  "in-use": "client_error",
  "malformed-policy": "client_error",
  "expired-token": "client_error",
  "payload-too-large": "client_error",
  "request-timeout": "client_error",
  "unsupported-media-type": "client_error",
  "unknown-operation": "client_error",
  "model-timeout": "server_error",
  "model-error": "server_error",
  "model-stream-error": "server_error",
  "model-not-ready": "server_error",
  "service-unavailable": "server_error",
  "internal": "server_error",
};

/** The kinds, as the bounded set an `error` label may take. */
export const FAULT_KINDS: ReadonlySet<string> = new Set(Object.keys(OUTCOMES));

export function outcomeOf(record: Pick<ExchangeRecord, "errorKind" | "status">): Outcome {
  if (record.errorKind !== undefined) return OUTCOMES[record.errorKind] ?? "server_error";
  // No Fault but not a success (none today): counted by status, never lost.
  if (record.status >= 500) return "server_error";
  if (record.status === 429) return "throttle";
  return record.status >= 400 ? "client_error" : "success";
}
