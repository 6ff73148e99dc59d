import { quotaHooks } from "../http/quota-admission.js";
import { MemoryQuotaStore, NodeQuotaStore, ServiceQuotas } from "../service/quotas/index.js";
import type { QuotaStore, QuotaTransport } from "../service/quotas/index.js";
import { redisQuotaStore } from "../redis/quota-transport.js";
import type { Capability, Foundation } from "./capability.js";

/** A `--workers` node's quotas: the way to the primary's buckets, and how many workers share them. */
export interface NodeQuotas {
  readonly transport: QuotaTransport;
  readonly workers: number;
}

/**
 * Bedrock's service quotas (requests and tokens per minute per account and model), when the
 * configuration sets any: an admission that refuses with ThrottlingException and an observer that
 * settles each call's tokens. Kept in this process's memory (MemoryQuotaStore), or, with several
 * worker processes, in the primary's (NodeQuotaStore), so the limits are the node's; with Redis
 * configured, in Redis, so they are the deployment's, the node's own buckets standing in (at the
 * full limit: each node cut off from Redis enforces it alone) while Redis does not answer within
 * 100 ms. Without quotas nothing is added, so the pipeline does exactly what it did before.
 */
export function quotasCapability({ config, logger, nodeQuotas, redis }: Foundation): Capability | undefined {
  if (config.quotas === undefined) return undefined;
  const own: QuotaStore = nodeQuotas === undefined ? new MemoryQuotaStore() : new NodeQuotaStore(nodeQuotas.transport, {
    workers: nodeQuotas.workers,
    onFallback: (reason) => logger.warn({ reason, workers: nodeQuotas.workers }, "quotas counted by this worker alone, at limit/workers, until the primary answers again"),
  });
  const store: QuotaStore = redis === undefined ? own : redisQuotaStore(redis.commands, redis.prefix, own,
    (reason) => logger.warn({ reason }, "quotas counted by this node alone, at the full limit, until Redis answers again"));
  const quotas = new ServiceQuotas(store, config.quotas);
  if (quotas.unlimited) return undefined;
  if (redis === undefined && config.server.databaseUrl !== undefined) {
    // A shared database means several nodes, and without Redis each counts alone: N nodes admit N × the limit.
    logger.warn("quotas are counted per node: with several nodes on one PostgreSQL, configure redis so they hold across the deployment");
  }
  const hooks = quotaHooks(quotas, (error) => logger.warn({ err: error instanceof Error ? error.name : typeof error }, "a quota settlement failed"));
  return { name: "service-quotas", operations: [], hooks: { admission: [hooks.admission] }, observers: [hooks.observer] };
}
