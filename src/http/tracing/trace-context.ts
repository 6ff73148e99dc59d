/**
 * The caller's place in a distributed trace, from a W3C Trace Context `traceparent` header
 * (https://www.w3.org/TR/trace-context/#traceparent-header): hex identifiers and a flag, nothing
 * else. Read strictly: only version 00, exactly its 55 characters in lowercase hex, neither id all
 * zeros. Anything else (another version, a repeated header joined with a comma, upper case,
 * trailing data) is ignored, and the exchange starts a trace of its own, as the specification
 * lets a receiver do. `tracestate` is not read: it is vendor text the spans need not carry.
 */
export interface TraceParent {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits: the caller's span, the parent of ours. */
  readonly spanId: string;
  /** The caller's sampled flag (bit 0 of trace-flags). */
  readonly sampled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

export function parseTraceParent(header: string | undefined): TraceParent | undefined {
  if (header === undefined || header.length !== 55) return undefined;
  const m = TRACEPARENT.exec(header);
  if (!m) return undefined;
  const [, traceId, spanId, flags] = m as unknown as [string, string, string, string];
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}
