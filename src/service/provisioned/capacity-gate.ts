import type { QuotaReason, QuotaStore } from "../quotas/index.js";
import type { CapacityPlan, CapacityShare } from "./capacity-plan.js";

/** The capacity a call draws on: a provisioned throughput's own, or the provider's on-demand remainder. */
export interface CapacityTarget {
  readonly providerId: string;
  readonly provisioned?: { readonly id: string; readonly modelUnits: number };
}

/** What an admitted call holds until it is over: a place among the calls at once, and its estimated tokens. */
export interface CapacityLease {
  readonly pool: string;
  readonly slot: boolean;
  readonly tokens?: { readonly key: string; readonly perMinute: number; readonly charged: number };
}

export type CapacityDecision =
  | { readonly ok: true; readonly lease?: CapacityLease }
  | { readonly ok: false; readonly reason: QuotaReason };

/**
 * Provisioned capacity at admission. A provisioned throughput's calls draw on the share its units
 * reserve; on-demand calls to a provider draw together on what no unit reserves, so when the units
 * take all of it on-demand callers are throttled while provisioned ones are served. Tokens per
 * minute are token buckets in the QuotaStore (settled against the provider's usage, as service
 * quotas are); calls at once are counted here, in this process (its part of the pool when several
 * processes serve the node), and given back when the call ends.
 */
export class CapacityGate {
  readonly #inFlight = new Map<string, number>();

  constructor(
    private readonly plan: CapacityPlan,
    private readonly reservedUnits: (providerId: string) => Promise<number>,
    private readonly buckets: QuotaStore,
    /** Processes serving the node, each counting its own calls at once: each takes 1/processes of a pool's. */
    private readonly processes = 1,
  ) {}

  async admit(target: CapacityTarget, estimatedTokens: number): Promise<CapacityDecision> {
    const { pool, share } = await this.#shareOf(target);
    if (share === undefined) return { ok: true };
    let slot = false;
    if (share.concurrency !== undefined) {
      const held = this.#inFlight.get(pool) ?? 0;
      if (held >= this.#perProcess(share.concurrency, target.provisioned !== undefined)) return { ok: false, reason: "rpm" };
      this.#inFlight.set(pool, held + 1);
      slot = true;
    }
    if (share.tokensPerMinute === undefined) return { ok: true, lease: { pool, slot } };
    const perMinute = share.tokensPerMinute;
    if (perMinute === 0) return this.#refuse(pool, slot);
    const key = `capacity\u0000${pool}`;
    const charged = Math.min(Math.max(0, Math.ceil(estimatedTokens)), perMinute);
    try {
      if (!(await this.buckets.take(key, perMinute, charged)).ok) return this.#refuse(pool, slot);
    } catch (error) {
      this.#free(pool, slot);
      throw error;
    }
    return { ok: true, lease: { pool, slot, tokens: { key, perMinute, charged } } };
  }

  /** When the call is over, whatever its outcome: frees its place and settles its tokens (0 when it used none). */
  async release(lease: CapacityLease, usedTokens: number): Promise<void> {
    this.#free(lease.pool, lease.slot);
    // A NaN would make the bucket's level NaN, refusing every later call for good: the estimate stands.
    if (!lease.tokens || !Number.isFinite(usedTokens)) return;
    const delta = Math.max(0, usedTokens) - lease.tokens.charged;
    if (delta !== 0) await this.buckets.adjust(lease.tokens.key, lease.tokens.perMinute, delta);
  }

  /** Calls in flight in a pool (for tests). */
  inFlight(pool: string): number {
    return this.#inFlight.get(pool) ?? 0;
  }

  /**
   * This process's part of a pool's calls at once: on-demand rounds down, so the processes together
   * never take reserved capacity; a provisioned pool keeps at least one, so its holder is always servable.
   */
  #perProcess(concurrency: number, provisioned: boolean): number {
    const part = Math.floor(concurrency / Math.max(1, this.processes));
    return provisioned ? Math.max(Math.min(1, concurrency), part) : part;
  }

  async #shareOf(target: CapacityTarget): Promise<{ pool: string; share: CapacityShare | undefined }> {
    if (target.provisioned) {
      return { pool: `provisioned/${target.provisioned.id}`, share: this.plan.provisioned(target.providerId, target.provisioned.modelUnits) };
    }
    if (!this.plan.provisionable(target.providerId)) return { pool: "", share: undefined };
    return { pool: `on-demand/${target.providerId}`, share: this.plan.onDemand(target.providerId, await this.reservedUnits(target.providerId)) };
  }

  #refuse(pool: string, slot: boolean): CapacityDecision {
    this.#free(pool, slot);
    return { ok: false, reason: "tpm" };
  }

  #free(pool: string, slot: boolean): void {
    if (!slot) return;
    const held = (this.#inFlight.get(pool) ?? 1) - 1;
    if (held <= 0) this.#inFlight.delete(pool);
    else this.#inFlight.set(pool, held);
  }
}
