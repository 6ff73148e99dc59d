import { AggregatorRegistry } from "prom-client";
import { startExposition } from "../http/metrics/index.js";
import type { Exposition } from "../http/metrics/index.js";

/**
 * In a worker, before plinth starts: answer the primary's requests for this process's metrics
 * (prom-client's cluster protocol). Installed first so a worker still starting, or restarted,
 * answers at once (with nothing yet) instead of leaving the node's scrape to time out.
 */
export function answerMetricsRequests(): void {
  new AggregatorRegistry();
}

/**
 * In the primary: the node's metrics listener. Each scrape asks every connected worker for its
 * registry and serves the sum (counters and histograms added; process gauges by prom-client's
 * aggregator for each), so the counts are the node's, whichever worker served a call.
 */
export async function startNodeExposition(host: string, port: number): Promise<Exposition> {
  const aggregator = new AggregatorRegistry();
  return startExposition({ contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() }, host, port);
}
