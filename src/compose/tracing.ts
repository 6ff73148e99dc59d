import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } from "@opentelemetry/sdk-trace-base";
import { isPlainHttpToAnotherHost } from "../config/index.js";
import { ReportingExporter, TracingObserver } from "../http/tracing/index.js";
import type { Capability, Foundation } from "./capability.js";

/**
 * How long one export may take, retries included (the exporter retries a refused connection
 * and 429/502/503/504 with backoff), and how long closing waits for the last spans.
 */
const EXPORT_TIMEOUT_MS = 5_000;
const CLOSE_WAIT_MS = 5_000;
const BATCH_DELAY_MS = 2_000;
const BATCH_SIZE = 512;

/**
 * OpenTelemetry traces, when the configuration asks for them: an observer that turns each
 * exchange's content-free record into a server span, and the SDK's batch processor and OTLP/HTTP
 * exporter (JSON) behind it. The tracer provider is this capability's and is never registered as
 * OpenTelemetry's global one, so nothing else in the process (a provider's SDK) starts writing
 * spans into it. Every setting is given explicitly, so no OTEL_* variable of the environment
 * changes the queue bound or the sampler.
 */
export function tracingCapability({ config, logger }: Foundation): Capability | undefined {
  const settings = config.tracing;
  if (settings === undefined) return undefined;
  // The origin only: a URL's userinfo or query could hold a credential.
  const collector = new URL(settings.otlpEndpoint).origin;
  if (isPlainHttpToAnotherHost(settings.otlpEndpoint)) {
    logger.warn({ collector }, "traces are exported over plain http to another host: account and model ids (and any tracing headers) cross the network unencrypted");
  }
  const exporter = new OTLPTraceExporter({
    url: settings.otlpEndpoint,
    headers: Object.fromEntries(settings.headers.map((h) => [h.name, h.value.reveal()])),
    timeoutMillis: EXPORT_TIMEOUT_MS,
  });
  const reporting = new ReportingExporter(exporter, {
    failing: (spans, reason) => logger.warn({ spans, reason }, "traces could not be exported to the collector; spans are dropped while it is unreachable"),
    recovered: () => logger.info("traces are being exported again"),
  });
  const processor = new BatchSpanProcessor(reporting, {
    maxQueueSize: settings.queueSize,
    maxExportBatchSize: Math.min(BATCH_SIZE, settings.queueSize),
    scheduledDelayMillis: BATCH_DELAY_MS,
    exportTimeoutMillis: EXPORT_TIMEOUT_MS,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": settings.serviceName, "cloud.region": config.region, "service.instance.id": config.audit.node }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [processor],
  });
  logger.info({ collector }, "traces are exported over OTLP/HTTP");
  return {
    name: "tracing",
    operations: [],
    observers: [new TracingObserver(provider.getTracer("plinth"))],
    // The spans still queued go out now, but a collector that does not answer cannot hold the shutdown.
    close: async () => {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_WAIT_MS); });
      await Promise.race([provider.shutdown().catch(() => undefined), waited]);
      clearTimeout(timer);
    },
  };
}
