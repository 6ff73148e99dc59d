import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

type ResultCallback = Parameters<SpanExporter["export"]>[1];

/** What the operator is told: transitions only, so a collector that is down for an hour is one line, not thousands. */
export interface ExportReport {
  failing(spans: number, reason: string): void;
  recovered(): void;
}

/**
 * Wraps the OTLP exporter to notice when exports start and stop failing. The SDK reports a
 * failed export only to OpenTelemetry's process-wide diagnostic logger, which plinth does not
 * install (global state); this says it once per outage instead, with the error's name only (a
 * collector's answer is not ours to repeat).
 */
export class ReportingExporter implements SpanExporter {
  #failing = false;

  constructor(private readonly inner: SpanExporter, private readonly report: ExportReport) {}

  export(spans: ReadableSpan[], done: ResultCallback): void {
    this.inner.export(spans, (result) => {
      const failed = result.code !== 0;
      if (failed && !this.#failing) this.report.failing(spans.length, reasonOf(result.error));
      if (!failed && this.#failing) this.report.recovered();
      this.#failing = failed;
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** An error's name and, when it is a short token (ECONNREFUSED, an HTTP status), its code: never its message. */
function reasonOf(error: Error | undefined): string {
  if (error === undefined) return "unknown";
  const code = (error as { code?: unknown }).code;
  const token = typeof code === "number" || (typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code)) ? String(code) : undefined;
  return token === undefined ? error.name : `${error.name} ${token}`;
}
