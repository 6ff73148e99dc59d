import canonicalize from "canonicalize";
import type { AuditEvent } from "./event.js";

/**
 * The leaf form of an audit event: its RFC 8785 canonical JSON, UTF-8 encoded. Canonical JSON is
 * what makes the leaf reproducible: a verifier that reads an event back from any store (which may
 * reorder keys or drop absent ones) recomputes exactly the bytes that were hashed.
 */
export function leafBytes(event: AuditEvent): Uint8Array {
  const text = canonicalize(event);
  // canonicalize answers undefined only for a value JSON cannot hold; an event is always an object.
  if (text === undefined) throw new TypeError("an audit event has no JSON form");
  return new Uint8Array(Buffer.from(text, "utf8"));
}
