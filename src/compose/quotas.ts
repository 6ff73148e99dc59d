import { quotaHooks } from "../http/quota-admission.js";
import { MemoryQuotaStore, ServiceQuotas } from "../service/quotas/index.js";
import type { Capability, Foundation } from "./capability.js";

/**
 * Bedrock's service quotas (requests and tokens per minute per account and model), when the
 * configuration sets any: an admission that refuses with ThrottlingException and an observer that
 * settles each call's tokens. Kept in this process's memory (MemoryQuotaStore); the QuotaStore
 * port is where a store shared by several nodes plugs in. Without quotas nothing is added, so
 * the pipeline does exactly what it did before.
 */
export function quotasCapability({ config, logger }: Foundation): Capability | undefined {
  if (config.quotas === undefined) return undefined;
  const quotas = new ServiceQuotas(new MemoryQuotaStore(), config.quotas);
  if (quotas.unlimited) return undefined;
  const hooks = quotaHooks(quotas, (error) => logger.warn({ err: error instanceof Error ? error.name : typeof error }, "a quota settlement failed"));
  return { name: "service-quotas", operations: [], hooks: { admission: [hooks.admission] }, observers: [hooks.observer] };
}
