/**
 * Where quota buckets live: the port. One node keeps them in memory (MemoryQuotaStore); nodes
 * sharing quotas need a store they all reach (Redis), which must apply the same arithmetic
 * (token-bucket.ts) atomically per key. Async, since a shared store is across a network.
 */
export interface QuotaStore {
  /**
   * Takes `cost` units from the bucket `key` whose capacity (and refill per minute) is
   * `perMinute`; refuses without taking anything when they are not there.
   */
  take(key: string, perMinute: number, cost: number): Promise<QuotaTake>;
  /** Charges `delta` more units (refunds when negative), never refusing: reconciliation after a call. */
  adjust(key: string, perMinute: number, delta: number): Promise<void>;
}

export type QuotaTake = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };
