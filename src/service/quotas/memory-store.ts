import { adjust, fullBucket, take } from "./token-bucket.js";
import type { BucketState } from "./token-bucket.js";
import type { BucketTake, QuotaStore, QuotaTake, QuotaTakeAll } from "./store.js";

/** How many buckets may be kept before the full ones (which hold no information) are dropped. */
const SWEEP_ABOVE = 10_000;

/**
 * Quota buckets in this process's memory: one node's quotas. A bucket that has refilled to
 * capacity is the same as no bucket, so the map is swept of those when it grows, and its size
 * stays bounded by the account/model pairs active in the last minute.
 */
export class MemoryQuotaStore implements QuotaStore {
  readonly #buckets = new Map<string, { state: BucketState; perMinute: number }>();

  /** `now`: milliseconds on a clock that does not jump (injectable so tests need not wait). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  take(key: string, perMinute: number, cost: number): Promise<QuotaTake> {
    return Promise.resolve(this.takeNow(key, perMinute, cost));
  }

  takeAll(takes: readonly BucketTake[]): Promise<QuotaTakeAll> {
    return Promise.resolve(this.takeAllNow(takes));
  }

  adjust(key: string, perMinute: number, delta: number): Promise<void> {
    this.adjustNow(key, perMinute, delta);
    return Promise.resolve();
  }

  /** The synchronous core (what `take` resolves to): for callers and tests in this process. */
  takeNow(key: string, perMinute: number, cost: number): QuotaTake {
    const now = this.now();
    const held = this.#buckets.get(key);
    const result = take(held?.state ?? fullBucket(perMinute, now), perMinute, cost, now);
    this.#keep(key, result.state, perMinute);
    return result.ok ? { ok: true } : { ok: false, retryAfterMs: result.retryAfterMs };
  }

  /** Each take is computed on the current state first; only when all fit are they kept. */
  takeAllNow(takes: readonly BucketTake[]): QuotaTakeAll {
    const now = this.now();
    const results = takes.map(({ key, perMinute, cost }) => take(this.#buckets.get(key)?.state ?? fullBucket(perMinute, now), perMinute, cost, now));
    const refused = results.findIndex((r) => !r.ok);
    if (refused >= 0) {
      const result = results[refused]!;
      return { ok: false, index: refused, retryAfterMs: result.ok ? 0 : result.retryAfterMs };
    }
    results.forEach((result, i) => this.#keep(takes[i]!.key, result.state, takes[i]!.perMinute));
    return { ok: true };
  }

  adjustNow(key: string, perMinute: number, delta: number): void {
    const now = this.now();
    const held = this.#buckets.get(key);
    this.#keep(key, adjust(held?.state ?? fullBucket(perMinute, now), perMinute, delta, now), perMinute);
  }

  /** Buckets held (for tests of the sweep). */
  get size(): number {
    return this.#buckets.size;
  }

  #keep(key: string, state: BucketState, perMinute: number): void {
    this.#buckets.set(key, { state, perMinute });
    if (this.#buckets.size > SWEEP_ABOVE) this.#sweep();
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, { state, perMinute }] of this.#buckets) {
      if (state.level + ((now - state.at) * perMinute) / 60_000 >= perMinute) this.#buckets.delete(key);
    }
  }
}
