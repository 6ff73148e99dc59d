import type { QuotaReason, QuotaStore } from "../quotas/index.js";
import type { CapacityPlan, CapacityShare } from "./capacity-plan.js";
import type { CapacitySlots, SlotHold } from "./slots.js";

/** The capacity a call draws on: a provisioned throughput's own, or the provider's on-demand remainder. */
export interface CapacityTarget {
  readonly providerId: string;
  readonly provisioned?: { readonly id: string; readonly modelUnits: number };
}

/** What an admitted call holds until it is over: a place among the calls at once, and its estimated tokens. */
export interface CapacityLease {
  readonly pool: string;
  readonly slot?: SlotHold;
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
 * quotas are); calls at once are places in CapacitySlots (this process's share, or a count every
 * node shares), given back when the call ends. Both are kept where the service quotas are, so
 * they hold for whatever those hold for: a process, a node, or every node sharing Redis.
 */
export class CapacityGate {
  constructor(
    private readonly plan: CapacityPlan,
    private readonly reservedUnits: (providerId: string) => Promise<number>,
    private readonly buckets: QuotaStore,
    private readonly slots: CapacitySlots,
  ) {}

  async admit(target: CapacityTarget, estimatedTokens: number): Promise<CapacityDecision> {
    const { pool, share } = await this.#shareOf(target);
    if (share === undefined) return { ok: true };
    let slot: SlotHold | undefined;
    if (share.concurrency !== undefined) {
      slot = await this.slots.acquire(pool, share.concurrency, target.provisioned !== undefined);
      if (slot === undefined) return { ok: false, reason: "rpm" };
    }
    const held = slot === undefined ? { pool } : { pool, slot };
    if (share.tokensPerMinute === undefined) return { ok: true, lease: held };
    const perMinute = share.tokensPerMinute;
    if (perMinute === 0) return this.#refuse(slot);
    const key = `capacity\u0000${pool}`;
    const charged = Math.min(Math.max(0, Math.ceil(estimatedTokens)), perMinute);
    try {
      if (!(await this.buckets.take(key, perMinute, charged)).ok) return await this.#refuse(slot);
    } catch (error) {
      await this.#free(slot);
      throw error;
    }
    return { ok: true, lease: { ...held, tokens: { key, perMinute, charged } } };
  }

  /** When the call is over, whatever its outcome: frees its place and settles its tokens (0 when it used none). */
  async release(lease: CapacityLease, usedTokens: number): Promise<void> {
    await this.#free(lease.slot);
    // A NaN would make the bucket's level NaN, refusing every later call for good: the estimate stands.
    if (!lease.tokens || !Number.isFinite(usedTokens)) return;
    const delta = Math.max(0, usedTokens) - lease.tokens.charged;
    if (delta !== 0) await this.buckets.adjust(lease.tokens.key, lease.tokens.perMinute, delta);
  }

  /**
   * A pool's name, also its key in the shared stores: a fixed word, NUL, then a provisioned
   * throughput's id (12 of [a-z0-9]) or a provider's id, so no two pools share one.
   */
  async #shareOf(target: CapacityTarget): Promise<{ pool: string; share: CapacityShare | undefined }> {
    if (target.provisioned) {
      return { pool: `provisioned\u0000${target.provisioned.id}`, share: this.plan.provisioned(target.providerId, target.provisioned.modelUnits) };
    }
    if (!this.plan.provisionable(target.providerId)) return { pool: "", share: undefined };
    return { pool: `on-demand\u0000${target.providerId}`, share: this.plan.onDemand(target.providerId, await this.reservedUnits(target.providerId)) };
  }

  async #refuse(slot: SlotHold | undefined): Promise<CapacityDecision> {
    await this.#free(slot);
    return { ok: false, reason: "tpm" };
  }

  async #free(slot: SlotHold | undefined): Promise<void> {
    if (slot !== undefined) await this.slots.release(slot);
  }
}
