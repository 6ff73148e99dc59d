export { MemoryQuotaStore } from "./memory-store.js";
export { QuotaTable } from "./limits.js";
export type { QuotaLimits, QuotaRules } from "./limits.js";
export { ServiceQuotas, quotaFault } from "./service-quotas.js";
export type { QuotaDecision, QuotaReason, Reservation } from "./service-quotas.js";
export type { QuotaStore, QuotaTake } from "./store.js";
export { adjust, fullBucket, refill, take } from "./token-bucket.js";
export type { BucketState, TakeResult } from "./token-bucket.js";
