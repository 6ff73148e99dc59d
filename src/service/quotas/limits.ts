/** Requests and tokens per minute; an absent field is not limited. */
export interface QuotaLimits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

/**
 * The operator's quotas, each applying per account: the defaults for every model, and overrides
 * for a model or an inference profile (by its id). An override's absent field falls back to the
 * default, as an AWS quota increase changes one quota and leaves the others.
 */
export interface QuotaRules extends QuotaLimits {
  readonly models: readonly ({ readonly model: string } & QuotaLimits)[];
}

/** The limits of each quota target, looked up once per request from a map built at start. */
export class QuotaTable {
  readonly #overrides: ReadonlyMap<string, QuotaLimits>;
  readonly #defaults: QuotaLimits;

  constructor(rules: QuotaRules) {
    this.#defaults = pick(rules.requestsPerMinute, rules.tokensPerMinute);
    this.#overrides = new Map(rules.models.map((m) => [m.model, pick(m.requestsPerMinute ?? rules.requestsPerMinute, m.tokensPerMinute ?? rules.tokensPerMinute)]));
  }

  /**
   * Which of a call's names its quotas are kept against, most specific first (an inference profile,
   * then the model that serves it): the first the operator gave limits of its own, else the model.
   * So a profile has quotas apart only when configured to; otherwise a call through `eu.<model>`
   * shares the model's bucket and limits, and neither an override nor the allowance itself is
   * multiplied by naming the model another way.
   */
  targetOf(candidates: readonly string[]): string {
    return candidates.find((c) => this.#overrides.has(c)) ?? candidates[candidates.length - 1]!;
  }

  limitsFor(target: string): QuotaLimits {
    return this.#overrides.get(target) ?? this.#defaults;
  }

  /** Whether any quota applies at all: without one, nothing needs to be counted. */
  get empty(): boolean {
    const none = (l: QuotaLimits) => l.requestsPerMinute === undefined && l.tokensPerMinute === undefined;
    return none(this.#defaults) && [...this.#overrides.values()].every(none);
  }
}

function pick(requestsPerMinute: number | undefined, tokensPerMinute: number | undefined): QuotaLimits {
  return {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
  };
}
