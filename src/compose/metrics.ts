import { AggregatorRegistry, Registry } from "prom-client";
import { BoundedLabels, MetricsObserver, createInstruments, startExposition } from "../http/metrics/index.js";
import { DECLARED_OPERATIONS } from "../http/surface.js";
import type { ModelCatalogue } from "../service/catalogue.js";
import type { Capability, Foundation } from "./capability.js";

export type Metrics = Capability & (
  /** Where Prometheus scrapes: `http://host:port/metrics`. */
  | { readonly url: string }
  /** In a `--workers` worker: where the primary is to listen, scraping every worker's registry. */
  | { readonly primaryListens: { readonly host: string; readonly port: number } }
);

/**
 * Prometheus metrics, when the configuration asks for them: an observer of every exchange and
 * the exposition's own listener. The registry is this capability's (not prom-client's global
 * one), and the label sets are fixed here, at start: the declared operations, the catalogue's
 * model ids, and a cap on accounts.
 *
 * In a worker of `plinth start --workers N` the worker does not listen: a listener opened in a
 * worker is shared by all of them, so each scrape would reach one worker at random and see its
 * counts alone. The primary listens instead and asks every worker for its registry over the
 * cluster channel (prom-client's AggregatorRegistry), which this registry is given to answer.
 */
export async function metricsCapability({ config, logger, peers }: Foundation, catalogue: ModelCatalogue): Promise<Metrics | undefined> {
  const settings = config.metrics;
  if (settings === undefined) return undefined;
  const registry = new Registry();
  const instruments = createInstruments(registry);
  const labels = new BoundedLabels({
    operations: Object.values(DECLARED_OPERATIONS).flat(),
    models: catalogue.list().map((m) => m.modelId),
    maxAccounts: settings.maxAccountLabels,
  });
  const observers = [new MetricsObserver(instruments, labels)];
  if (peers !== undefined) {
    AggregatorRegistry.setRegistries([registry]);
    return {
      name: "metrics", operations: [], observers,
      primaryListens: { host: settings.host, port: settings.port },
      close: async () => registry.clear(),
    };
  }
  const exposition = await startExposition(registry, settings.host, settings.port);
  logger.info({ url: exposition.url }, "metrics listening");
  return {
    name: "metrics",
    url: exposition.url,
    operations: [],
    observers,
    close: async () => {
      await exposition.close();
      registry.clear();
    },
  };
}
