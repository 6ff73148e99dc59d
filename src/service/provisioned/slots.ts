/**
 * Where a pool's calls at once are counted: the port. One process counts its own (LocalSlots);
 * nodes sharing a provider's capacity need a count they all reach (Redis, SharedSlots), which
 * must admit atomically, so two nodes can never both take the last place.
 */
export interface CapacitySlots {
  /**
   * Takes a place among `limit` calls at once in `pool`, or refuses (undefined). `provisioned`:
   * the pool is a provisioned throughput's, whose holder must stay servable however its places
   * are divided between processes.
   */
  acquire(pool: string, limit: number, provisioned: boolean): Promise<SlotHold | undefined>;
  /** Gives the place back; a second release of one hold does nothing. */
  release(hold: SlotHold): Promise<void>;
}

/** A place held: opaque to the gate, given back to the store that made it. */
export interface SlotHold {
  readonly pool: string;
}

/**
 * Calls at once counted in this process. With several processes counting apart (`--workers`
 * without Redis, or Redis out of reach) each takes 1/processes of a pool: on-demand rounds down,
 * so the processes together never take reserved capacity; a provisioned pool keeps at least one,
 * so its holder is always servable.
 */
export class LocalSlots implements CapacitySlots {
  readonly #held = new Map<string, number>();
  readonly #processes: number;

  constructor(processes = 1) {
    this.#processes = Math.max(1, Math.floor(processes));
  }

  acquire(pool: string, limit: number, provisioned: boolean): Promise<SlotHold | undefined> {
    return Promise.resolve(this.acquireNow(pool, limit, provisioned));
  }

  release(hold: SlotHold): Promise<void> {
    this.releaseNow(hold);
    return Promise.resolve();
  }

  /** The synchronous core, for SharedSlots counting here while its holder does not answer. */
  acquireNow(pool: string, limit: number, provisioned: boolean): SlotHold | undefined {
    const held = this.#held.get(pool) ?? 0;
    if (held >= this.share(limit, provisioned)) return undefined;
    this.#held.set(pool, held + 1);
    return new LocalHold(pool);
  }

  releaseNow(hold: SlotHold): void {
    if (!(hold instanceof LocalHold) || hold.released) return;
    hold.released = true;
    const held = (this.#held.get(hold.pool) ?? 1) - 1;
    if (held <= 0) this.#held.delete(hold.pool);
    else this.#held.set(hold.pool, held);
  }

  /** This process's part of `limit`. */
  share(limit: number, provisioned: boolean): number {
    const part = Math.floor(limit / this.#processes);
    return provisioned ? Math.max(Math.min(1, limit), part) : part;
  }

  /** Places held in a pool (for tests). */
  held(pool: string): number {
    return this.#held.get(pool) ?? 0;
  }
}

class LocalHold implements SlotHold {
  released = false;
  constructor(readonly pool: string) {}
}
