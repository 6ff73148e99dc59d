/**
 * When a cancellation signal will abort on its own at the latest: a deadline registers its
 * signal here, so that a layer below which would set a timer of its own for the same wait can
 * see that the caller's timer already comes first and leave it to that one (one timer per call
 * instead of two). Times are performance.now() milliseconds; a deadline that moves updates its
 * entry, one that ends removes it.
 */
export interface SignalBound {
  /** performance.now() by which the signal aborts if nothing else ends the call first. */
  at: number;
}

const bounds = new WeakMap<AbortSignal, SignalBound>();

export function boundSignal(signal: AbortSignal, bound: SignalBound): void {
  bounds.set(signal, bound);
}

export function unboundSignal(signal: AbortSignal): void {
  bounds.delete(signal);
}

/** The time by which `signal` aborts at the latest, if a deadline registered it. */
export function abortsBy(signal: AbortSignal): number | undefined {
  return bounds.get(signal)?.at;
}
