/** Time is a port so that signature windows, expiry and audit timestamps can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

/**
 * Whether what was read at `at` (ms) may still be used at `now` (ms), `maxAgeMs` later at most.
 * A read from "the future" may not: the wall clock stepped back since (NTP, a resumed VM), and
 * trusting it until the clock caught up would stretch a cache time of seconds to the size of the
 * step, and with it how long a change made elsewhere (a key revoked) goes unseen here.
 */
export function withinAge(at: number, now: number, maxAgeMs: number): boolean {
  const age = now - at;
  return age >= 0 && age < maxAgeMs;
}
