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
  /**
   * Takes from several buckets at once, all or nothing: when any refuses, none is charged and
   * `index` says which (the first in order). One call, so a shared store answers a request's
   * requests-and-tokens check in one round trip.
   */
  takeAll(takes: readonly BucketTake[]): Promise<QuotaTakeAll>;
  /** Charges `delta` more units (refunds when negative), never refusing: reconciliation after a call. */
  adjust(key: string, perMinute: number, delta: number): Promise<void>;
}

export interface BucketTake {
  readonly key: string;
  readonly perMinute: number;
  readonly cost: number;
}

export type QuotaTakeAll = { readonly ok: true } | { readonly ok: false; readonly index: number; readonly retryAfterMs: number };

export type QuotaTake = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };
