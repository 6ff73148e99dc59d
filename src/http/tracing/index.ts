// OpenTelemetry traces of the pipeline: the caller's trace context, the span a record becomes,
// and the observer that writes it.
export { parseTraceParent } from "./trace-context.js";
export type { TraceParent } from "./trace-context.js";
export { spanShape } from "./attributes.js";
export type { SpanShape } from "./attributes.js";
export { TracingObserver } from "./observer.js";
export { ReportingExporter } from "./reporting-exporter.js";
export type { ExportReport } from "./reporting-exporter.js";
