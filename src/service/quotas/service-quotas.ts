import { Fault } from "../../kernel/index.js";
import { QuotaTable } from "./limits.js";
import type { QuotaRules } from "./limits.js";
import type { QuotaStore } from "./store.js";

/** Which quota refused a call: requests or tokens per minute. */
export type QuotaReason = "rpm" | "tpm";

/** The tokens charged up front for an admitted call, settled once its real usage is known. */
export interface Reservation {
  readonly key: string;
  readonly perMinute: number;
  readonly charged: number;
}

export type QuotaDecision =
  | { readonly ok: true; readonly reservation?: Reservation }
  | { readonly ok: false; readonly reason: QuotaReason; readonly retryAfterMs: number };

/** Bedrock's own messages, which SDKs and the tools built on them show (and some match on). */
const MESSAGES: Readonly<Record<QuotaReason, string>> = {
  rpm: "Too many requests, please wait before trying again.",
  tpm: "Too many tokens, please wait before trying again.",
};

/** The refusal a quota makes: ThrottlingException (429) on the Bedrock surfaces, each surface's own 429 elsewhere. */
export function quotaFault(reason: QuotaReason, retryAfterMs?: number): Fault {
  return new Fault("throttling", MESSAGES[reason], {
    reason: reason === "rpm" ? "requests-per-minute" : "tokens-per-minute",
    ...(retryAfterMs === undefined || !Number.isFinite(retryAfterMs) ? {} : { retryAfterMs }),
  });
}

/**
 * Bedrock's service quotas: requests and tokens per minute, per account and model (or inference
 * profile). A call takes one request and an estimate of its tokens when admitted; the estimate
 * is settled against the provider's count when the call is over, so tokens per minute counts
 * what was used, while admission never waits on a provider.
 */
export class ServiceQuotas {
  readonly #table: QuotaTable;

  constructor(private readonly store: QuotaStore, rules: QuotaRules) {
    this.#table = new QuotaTable(rules);
  }

  /** Whether no quota is configured (then nothing is counted). */
  get unlimited(): boolean {
    return this.#table.empty;
  }

  /**
   * Admits a call of `accountId` on `named` (a model id; or the names a call goes by, most specific
   * first, of which QuotaTable.targetOf picks one) that is estimated to use `estimatedTokens`. A request refused by tokens gives its request back,
   * so the two quotas count the same calls.
   */
  async admit(accountId: string, named: string | readonly string[], estimatedTokens: number): Promise<QuotaDecision> {
    const target = typeof named === "string" ? named : this.#table.targetOf(named);
    const { requestsPerMinute: rpm, tokensPerMinute: tpm } = this.#table.limitsFor(target);
    const base = `${accountId}\u0000${target}`;
    const requests = rpm === undefined ? undefined : { key: `${base}\u0000rpm`, perMinute: rpm, cost: 1 };
    const tokens = tpm === undefined ? undefined : { key: `${base}\u0000tpm`, perMinute: tpm, cost: Math.min(Math.max(0, Math.ceil(estimatedTokens)), tpm) };
    const takes = [requests, tokens].filter((t) => t !== undefined);
    if (takes.length === 0) return { ok: true };
    // Both at once, all or nothing: a call refused by tokens uses no request, and a shared
    // store (Redis) answers in one round trip.
    const took = await this.store.takeAll(takes);
    if (!took.ok) return { ok: false, reason: takes[took.index] === requests ? "rpm" : "tpm", retryAfterMs: took.retryAfterMs };
    if (tokens === undefined) return { ok: true };
    return { ok: true, reservation: { key: tokens.key, perMinute: tokens.perMinute, charged: tokens.cost } };
  }

  /** Settles an admitted call's tokens: `usedTokens` as counted (tokensToSettle says what that is without a real count). */
  async settle(reservation: Reservation, usedTokens: number): Promise<void> {
    // A NaN would make the bucket's level NaN, refusing every later call for good: the estimate stands.
    if (!Number.isFinite(usedTokens)) return;
    const delta = Math.max(0, usedTokens) - reservation.charged;
    if (delta !== 0) await this.store.adjust(reservation.key, reservation.perMinute, delta);
  }
}
