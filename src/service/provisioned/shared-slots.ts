import { randomUUID } from "node:crypto";
import { Holder } from "../quotas/holder.js";
import { LocalSlots } from "./slots.js";
import type { CapacitySlots, SlotHold } from "./slots.js";

/**
 * The way to a count of calls at once that every node reaches (Redis: src/redis/slot-transport.ts):
 * a counting semaphore per pool whose places are leases with an expiry. Each method rejects, or
 * never settles, when the holder is gone (SharedSlots bounds the wait), and rejects on an answer
 * of another shape.
 */
export interface SlotTransport {
  /** Adds lease `id` to `pool` when fewer than `limit` live leases are there (true), else false. */
  acquire(pool: string, limit: number, id: string, leaseMs: number): Promise<boolean>;
  /** Pushes a live lease's expiry to `leaseMs` from now (true); false when it is no longer held. */
  renew(pool: string, id: string, leaseMs: number): Promise<boolean>;
  /** Removes the lease; removing one not held does nothing. */
  release(pool: string, id: string): Promise<void>;
}

export interface SharedSlotsOptions {
  /** Where places are counted while the holder does not answer: this process's share (never unlimited). */
  readonly fallback: LocalSlots;
  /** Told once each time the store starts counting alone (the operator's warning). */
  readonly onFallback?: (reason: string) => void;
  /** Names the holder in the reasons given to `onFallback`. */
  readonly holder?: string;
  /** How long a lease lives unless renewed; it is renewed every third of that while its call runs. */
  readonly leaseMs?: number;
  readonly timeoutMs?: number;
  readonly retryAfterMs?: number;
  readonly now?: () => number;
}

/**
 * A lease outlives a missed renewal or two (a Redis blip of up to 20 s loses no place), and a
 * node that dies gives its places back within this long.
 *
 * Renewed, rather than bounded by the longest a call may take: a provider's timeoutMs bounds each
 * wait for it (it is re-armed at every event), not a call, so a stream can run for minutes; a
 * bound that long would keep a dead node's places for as long, and a shorter one would let a
 * live long stream's place be taken by another call.
 */
const LEASE_MS = 30_000;

/**
 * Calls at once counted where every node sees them, so a provider's maxConcurrency (and a
 * provisioned throughput's share) holds across the deployment: each acquire and release is one
 * atomic request to the holder, and a lease is renewed while its call runs. When the holder does
 * not answer within `timeoutMs`, or answers something that is not a decision, places are counted
 * in this process at its share (LocalSlots: never unlimited) and `onFallback` is told once; the
 * holder is asked again after `retryAfterMs`.
 */
export class SharedSlots implements CapacitySlots {
  readonly #fallback: LocalSlots;
  readonly #leaseMs: number;
  // The same bounds and fallback as the quotas' (NodeQuotaStore): the worst a call pays for an absent holder.
  readonly #holder: Holder;

  constructor(private readonly transport: SlotTransport, options: SharedSlotsOptions) {
    this.#fallback = options.fallback;
    this.#leaseMs = options.leaseMs ?? LEASE_MS;
    this.#holder = new Holder({ ...options, holder: options.holder ?? "the capacity holder" });
  }

  async acquire(pool: string, limit: number, provisioned: boolean): Promise<SlotHold | undefined> {
    if (!this.alone) {
      if (limit < 1) return undefined;
      const id = randomUUID();
      const answer = await this.#holder.ask(() => this.transport.acquire(pool, limit, id, this.#leaseMs).then(decision));
      if (answer === true) return this.#hold(pool, id);
      if (answer === false) return undefined;
      // Unanswered in time, the script may yet have added the lease: take it back if it did (it would expire anyway).
      this.transport.release(pool, id).catch(() => undefined);
    }
    return this.#fallback.acquireNow(pool, limit, provisioned);
  }

  async release(hold: SlotHold): Promise<void> {
    if (!(hold instanceof SharedHold)) return this.#fallback.release(hold);
    if (hold.released) return;
    hold.released = true;
    clearInterval(hold.renewal);
    // Given back where it was taken, even while counting alone: if Redis does not hear of it, the lease expires.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, this.#holder.timeoutMs); });
    try {
      await Promise.race([this.transport.release(hold.pool, hold.id).catch(() => undefined), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether places are counted here alone (the holder did not answer lately). */
  get alone(): boolean {
    return this.#holder.alone;
  }

  #hold(pool: string, id: string): SlotHold {
    const hold = new SharedHold(pool, id);
    // A lease found gone (Redis lost it, or it expired through a long outage) is not taken again:
    // its call ends uncounted rather than pushing the pool over its limit.
    hold.renewal = setInterval(() => {
      this.transport.renew(pool, id, this.#leaseMs).then((held) => { if (!held) clearInterval(hold.renewal); }, () => undefined);
    }, Math.max(1, Math.floor(this.#leaseMs / 3)));
    hold.renewal.unref();
    return hold;
  }
}

/** Only a boolean is a decision: anything else is never read as "taken" (the holder counts it as a failure). */
function decision(answer: unknown): boolean {
  if (typeof answer !== "boolean") throw new Error("it answered something that is not a capacity decision");
  return answer;
}

class SharedHold implements SlotHold {
  released = false;
  renewal: NodeJS.Timeout | undefined;
  constructor(readonly pool: string, readonly id: string) {}
}
