import type { ProviderCapacity } from "../../config/index.js";

/** What a pool of calls may use: calls at once and tokens per minute; an absent limit is not limited. */
export interface CapacityShare {
  readonly concurrency?: number;
  readonly tokensPerMinute?: number;
}

/**
 * The operator's capacity per provider and each model unit's share of it, as arithmetic: what a
 * provisioned throughput of N units may use, what on-demand traffic has left once the units are
 * reserved, and whether more units fit. Pure, so the rules are tested as a table.
 */
export class CapacityPlan {
  readonly #byProvider: ReadonlyMap<string, ProviderCapacity>;

  constructor(providers: readonly { readonly id: string; readonly capacity?: ProviderCapacity }[]) {
    this.#byProvider = new Map(providers.flatMap((p) => (p.capacity ? [[p.id, p.capacity] as const] : [])));
  }

  /** Whether the provider's models can be provisioned (its capacity is configured). */
  provisionable(providerId: string): boolean {
    return this.#byProvider.has(providerId);
  }

  /** How long a new or changed reservation takes to come into service, in milliseconds. */
  activationMs(providerId: string): number {
    return (this.#byProvider.get(providerId)?.activationSeconds ?? 0) * 1000;
  }

  /** The most units the provider's capacity holds, all accounts together. */
  maxUnits(providerId: string): number {
    const c = this.#byProvider.get(providerId);
    if (!c) return 0;
    const byCalls = c.maxConcurrency !== undefined ? Math.floor(c.maxConcurrency / c.modelUnitConcurrency!) : Infinity;
    const byTokens = c.tokensPerMinute !== undefined ? Math.floor(c.tokensPerMinute / c.modelUnitTokensPerMinute!) : Infinity;
    return Math.min(byCalls, byTokens);
  }

  /** Whether `more` units fit beside the `reserved` ones. */
  fits(providerId: string, reserved: number, more: number): boolean {
    return this.provisionable(providerId) && reserved + more <= this.maxUnits(providerId);
  }

  /** What a provisioned throughput of `units` may use: its units' share, however busy on-demand traffic is. */
  provisioned(providerId: string, units: number): CapacityShare {
    const c = this.#byProvider.get(providerId);
    if (!c) return {};
    return {
      ...(c.modelUnitConcurrency !== undefined ? { concurrency: units * c.modelUnitConcurrency } : {}),
      ...(c.modelUnitTokensPerMinute !== undefined ? { tokensPerMinute: units * c.modelUnitTokensPerMinute } : {}),
    };
  }

  /** What on-demand calls to the provider may use together: the capacity no unit reserves (possibly none). */
  onDemand(providerId: string, reserved: number): CapacityShare | undefined {
    const c = this.#byProvider.get(providerId);
    if (!c) return undefined;
    const taken = this.provisioned(providerId, reserved);
    return {
      ...(c.maxConcurrency !== undefined ? { concurrency: Math.max(0, c.maxConcurrency - (taken.concurrency ?? 0)) } : {}),
      ...(c.tokensPerMinute !== undefined ? { tokensPerMinute: Math.max(0, c.tokensPerMinute - (taken.tokensPerMinute ?? 0)) } : {}),
    };
  }
}
