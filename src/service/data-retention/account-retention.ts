import { withinAge } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { DataRetentionStore } from "../../store/index.js";
import { DEPLOYMENT_MODE, isDataRetentionMode, postureOf } from "./modes.js";
import type { DataRetentionMode, RetentionPosture } from "./modes.js";

/** An account's mode as Get/PutAccountDataRetention show it; `updatedAt` absent when it never chose. */
export interface StatedRetention {
  readonly mode: DataRetentionMode;
  readonly updatedAt?: Date;
}

/**
 * How long this node trusts what it read. A Put on this node forgets at once; one on another
 * node (several plinth nodes over one database) takes effect here within this time.
 */
const CACHE_MS = 5_000;

/**
 * The accounts' data-retention modes in this deployment's region: read on every inference call
 * (so cached), written by PutAccountDataRetention (which forgets the cached value).
 */
export class AccountRetention {
  readonly #cache = new Map<string, { readonly stated: StatedRetention; readonly at: number }>();

  constructor(private readonly store: DataRetentionStore, private readonly region: string, private readonly clock: Clock) {}

  async stated(accountId: string): Promise<StatedRetention> {
    const now = this.clock.now().getTime();
    const hit = this.#cache.get(accountId);
    if (hit && withinAge(hit.at, now, CACHE_MS)) return hit.stated;
    const record = await this.store.get(accountId, this.region);
    // A value this version does not know (written by a newer one) is read as the strictest.
    const stated: StatedRetention = record && isDataRetentionMode(record.mode)
      ? { mode: record.mode, updatedAt: record.updatedAt }
      : { mode: DEPLOYMENT_MODE, ...(record ? { updatedAt: record.updatedAt } : {}) };
    this.#cache.set(accountId, { stated, at: now });
    return stated;
  }

  async posture(accountId: string): Promise<RetentionPosture> {
    return postureOf((await this.stated(accountId)).mode);
  }

  async put(accountId: string, mode: DataRetentionMode): Promise<StatedRetention> {
    const updatedAt = this.clock.now();
    this.#cache.delete(accountId);
    await this.store.put({ accountId, region: this.region, mode, updatedAt });
    // Again: a request that read the old row while the write was under way may have cached it.
    this.#cache.delete(accountId);
    return { mode, updatedAt };
  }

  /** Drops what this process read of the account's mode: another worker of this node changed it. */
  forget(accountId: string): void {
    this.#cache.delete(accountId);
  }
}
