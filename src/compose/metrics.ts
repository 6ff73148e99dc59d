import { Registry } from "prom-client";
import { BoundedLabels, MetricsObserver, createInstruments, startExposition } from "../http/metrics/index.js";
import { DECLARED_OPERATIONS } from "../http/surface.js";
import type { ModelCatalogue } from "../service/catalogue.js";
import type { Capability, Foundation } from "./capability.js";

export interface Metrics extends Capability {
  /** Where Prometheus scrapes: `http://host:port/metrics`. */
  readonly url: string;
}

/**
 * Prometheus metrics, when the configuration asks for them: an observer of every exchange and
 * the exposition's own listener. The registry is this capability's (not prom-client's global
 * one), and the label sets are fixed here, at start: the declared operations, the catalogue's
 * model ids, and a cap on accounts.
 */
export async function metricsCapability({ config, logger }: Foundation, catalogue: ModelCatalogue): Promise<Metrics | undefined> {
  const settings = config.metrics;
  if (settings === undefined) return undefined;
  const registry = new Registry();
  const instruments = createInstruments(registry);
  const labels = new BoundedLabels({
    operations: Object.values(DECLARED_OPERATIONS).flat(),
    models: catalogue.list().map((m) => m.modelId),
    maxAccounts: settings.maxAccountLabels,
  });
  const exposition = await startExposition(registry, settings.host, settings.port);
  logger.info({ url: exposition.url }, "metrics listening");
  return {
    name: "metrics",
    url: exposition.url,
    operations: [],
    observers: [new MetricsObserver(instruments, labels)],
    close: async () => {
      await exposition.close();
      registry.clear();
    },
  };
}
