/**
 * Token-bucket arithmetic, pure so it can be tested against a fake clock and shared by every
 * QuotaStore (the in-memory one here, a Redis script later must compute the same thing).
 *
 * A bucket holds at most `perMinute` units and refills continuously at `perMinute / 60 000` per
 * millisecond, so a client is never made to wait for a window boundary and never gets a double
 * allowance across one. A level may go below zero when a call turns out to have cost more than
 * was estimated (a request stating no maxTokens is estimated at a fixed output, and a model may
 * write far more): the debt is paid back by refill before the next call is admitted. It is
 * charged in full, since a debt bounded by one minute's quota let one such call a minute use any
 * number of tokens; only past a day's quota is it bounded (DEBT_MINUTES), so that an absurd count
 * from a provider cannot lock an account out for good.
 */
export interface BucketState {
  /** Units available at `at` (may be negative: a debt from reconciliation). */
  readonly level: number;
  /** Milliseconds (the store's clock) when `level` was computed. */
  readonly at: number;
}

export type TakeResult =
  | { readonly ok: true; readonly state: BucketState }
  | { readonly ok: false; readonly state: BucketState; /** How long until `cost` would fit. */ readonly retryAfterMs: number };

const MS_PER_MINUTE = 60_000;
/** The deepest debt, in minutes of quota: far beyond what any one real answer costs. The Redis script (src/redis/) uses the same. */
export const DEBT_MINUTES = 1_440;

/** A new bucket is full: a quota allows its whole minute's worth at once. */
export function fullBucket(perMinute: number, now: number): BucketState {
  return { level: perMinute, at: now };
}

/** The level at `now`: what refill added since `at`, capped at the capacity. A clock going back adds nothing. */
export function refill(state: BucketState, perMinute: number, now: number): BucketState {
  const elapsed = Math.max(0, now - state.at);
  return { level: Math.min(perMinute, state.level + (elapsed * perMinute) / MS_PER_MINUTE), at: Math.max(now, state.at) };
}

/**
 * Takes `cost` units, or refuses and leaves the bucket as it was. The cost is bounded by the
 * capacity, so a single call larger than a whole minute's quota is still admitted on a full
 * bucket (and its reconciliation then bounds the debt), rather than being refused forever.
 */
export function take(state: BucketState, perMinute: number, cost: number, now: number): TakeResult {
  const current = refill(state, perMinute, now);
  const charge = Math.min(Math.max(0, cost), perMinute);
  if (current.level >= charge) return { ok: true, state: { level: current.level - charge, at: current.at } };
  const retryAfterMs = Math.ceil(((charge - current.level) * MS_PER_MINUTE) / perMinute);
  return { ok: false, state: current, retryAfterMs };
}

/**
 * Charges `delta` more units (a refund when negative) without refusing: what reconciliation does
 * once the provider has said what a call really cost. The level stays within
 * [-DEBT_MINUTES × perMinute, perMinute]: a refund never lifts a bucket above its limit.
 */
export function adjust(state: BucketState, perMinute: number, delta: number, now: number): BucketState {
  const current = refill(state, perMinute, now);
  return { level: Math.max(-DEBT_MINUTES * perMinute, Math.min(perMinute, current.level - delta)), at: current.at };
}
