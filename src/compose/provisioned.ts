import { capacityHooks } from "../http/capacity-admission.js";
import { redisQuotaStore } from "../redis/quota-transport.js";
import { redisCapacitySlots } from "../redis/slot-transport.js";
import { CapacityGate, LocalSlots } from "../service/provisioned/index.js";
import type { CapacitySlots } from "../service/provisioned/index.js";
import { MemoryQuotaStore, NodeQuotaStore } from "../service/quotas/index.js";
import type { QuotaStore } from "../service/quotas/index.js";
import type { Capability, Foundation } from "./capability.js";
import type { Models } from "./models.js";

/**
 * Provisioned capacity at admission, when some provider's capacity is configured: calls through a
 * provisioned model draw on what its units reserve, on-demand calls on what no unit reserves.
 * Kept where service quotas keep theirs. With `redis` configured, in Redis, so a provider's
 * capacity and a provisioned model's reservation hold across every node: token buckets by the
 * quotas' script, calls at once by a semaphore of expiring leases (src/redis/slot-transport.ts).
 * While Redis does not answer within 100 ms, tokens are counted in the node's own buckets (at the
 * full limit, as the quotas) and calls at once by this process at its share; never unlimited.
 * Without Redis, token buckets are this process's or the `--workers` primary's, and calls at once
 * are counted per process, each taking its share (LocalSlots). Without configured capacity
 * nothing is added.
 */
export function provisionedCapacityCapability({ config, logger, nodeQuotas, redis }: Foundation, models: Models): Capability | undefined {
  if (!config.providers.some((p) => p.capacity !== undefined)) return undefined;
  const own: QuotaStore = nodeQuotas === undefined ? new MemoryQuotaStore() : new NodeQuotaStore(nodeQuotas.transport, {
    workers: nodeQuotas.workers,
    onFallback: (reason) => logger.warn({ reason, workers: nodeQuotas.workers }, "provisioned capacity counted by this worker alone, at its share, until the primary answers again"),
  });
  const local = new LocalSlots(nodeQuotas?.workers ?? 1);
  const buckets: QuotaStore = redis === undefined ? own : redisQuotaStore(redis.commands, redis.prefix, own,
    (reason) => logger.warn({ reason }, "provisioned capacity tokens counted by this node alone, at the full limit, until Redis answers again"));
  const slots: CapacitySlots = redis === undefined ? local : redisCapacitySlots(redis.commands, redis.prefix, local,
    (reason) => logger.warn({ reason }, "provisioned capacity calls at once counted by this process alone, at its share, until Redis answers again"));
  if (redis === undefined && config.server.databaseUrl !== undefined) {
    // A shared database means several nodes, and without Redis each counts alone: N nodes admit N × the capacity.
    logger.warn("provisioned capacity is counted per node: with several nodes on one PostgreSQL, configure redis so it holds across the deployment");
  }
  const gate = new CapacityGate(models.capacity, (providerId) => models.throughputs.reservedUnits(providerId), buckets, slots);
  const hooks = capacityHooks(gate, (error) => logger.warn({ err: error instanceof Error ? error.name : typeof error }, "a capacity settlement failed"));
  return { name: "provisioned-capacity", operations: [], hooks: { admission: [hooks.admission] }, observers: [hooks.observer] };
}
