import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import type { Context, Tracer } from "@opentelemetry/api";
import type { ExchangeObserver, ExchangeRecord } from "../observe.js";
import { spanShape } from "./attributes.js";

/**
 * One server span per API call, written once the exchange is over from its content-free record:
 * it starts when the request arrived and ends when its answer did. With a valid `traceparent`
 * from the caller the span joins the caller's trace (and follows its sampled flag); without one
 * it starts a trace. Ending a span only queues it for the batch exporter, so a slow or absent
 * collector never touches the request.
 */
export class TracingObserver implements ExchangeObserver {
  readonly name = "tracing";

  constructor(private readonly tracer: Tracer) {}

  observe(record: ExchangeRecord): void {
    // A load balancer's probe is not an API call.
    if (record.operation === "Health") return;
    const { name, attributes, error } = spanShape(record);
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: record.receivedAt, attributes }, parentOf(record));
    if (error) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(record.receivedAt.getTime() + Math.max(0, record.latencyMs));
  }
}

function parentOf(record: ExchangeRecord): Context {
  const parent = record.traceParent;
  if (parent === undefined) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId, spanId: parent.spanId, isRemote: true,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
  });
}
