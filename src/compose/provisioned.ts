import { capacityHooks } from "../http/capacity-admission.js";
import { CapacityGate, LocalSlots } from "../service/provisioned/index.js";
import { MemoryQuotaStore, NodeQuotaStore } from "../service/quotas/index.js";
import type { QuotaStore } from "../service/quotas/index.js";
import type { Capability, Foundation } from "./capability.js";
import type { Models } from "./models.js";

/**
 * Provisioned capacity at admission, when some provider's capacity is configured: calls through a
 * provisioned model draw on what its units reserve, on-demand calls on what no unit reserves.
 * Token buckets live where service quotas keep theirs (this process, or the `--workers` primary);
 * calls at once are counted per process, each taking its share (LocalSlots). Without configured capacity nothing
 * is added.
 */
export function provisionedCapacityCapability({ config, logger, nodeQuotas }: Foundation, models: Models): Capability | undefined {
  if (!config.providers.some((p) => p.capacity !== undefined)) return undefined;
  const buckets: QuotaStore = nodeQuotas === undefined ? new MemoryQuotaStore() : new NodeQuotaStore(nodeQuotas.transport, {
    workers: nodeQuotas.workers,
    onFallback: (reason) => logger.warn({ reason, workers: nodeQuotas.workers }, "provisioned capacity counted by this worker alone, at its share, until the primary answers again"),
  });
  const gate = new CapacityGate(models.capacity, (providerId) => models.throughputs.reservedUnits(providerId), buckets, new LocalSlots(nodeQuotas?.workers ?? 1));
  const hooks = capacityHooks(gate, (error) => logger.warn({ err: error instanceof Error ? error.name : typeof error }, "a capacity settlement failed"));
  return { name: "provisioned-capacity", operations: [], hooks: { admission: [hooks.admission] }, observers: [hooks.observer] };
}
