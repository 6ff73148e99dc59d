/** A provider's token counts, as the request's notes keep them. */
export interface ReportedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input written to the prompt cache, which Anthropic counts apart from input_tokens. */
  readonly cacheWriteInputTokens?: number;
}

/**
 * The tokens a finished call is charged, for quotas and provisioned capacity alike: the
 * provider's count when it is one (whole, finite, not negative, not all zero: every real call
 * reads at least one token). Without such a count the estimate charged at admission stands,
 * unless the call was answered with an error, when nothing was delivered and nothing is owed.
 * As Bedrock counts its quotas, input written to the prompt cache counts (it was processed like
 * any input; left out, a cache point on every prompt would make input free) and input read from
 * the cache does not.
 * Refunding on a missing count would let a caller read a stream and hang up before its last
 * event (where the usage comes), or use a provider that reports nothing, and never be charged.
 */
export function tokensToSettle(usage: ReportedUsage | undefined, charged: number, answeredWithError: boolean): number {
  if (answeredWithError && usage === undefined) return 0;
  const written = usage?.cacheWriteInputTokens ?? 0;
  if (usage === undefined || !isCount(usage.inputTokens) || !isCount(usage.outputTokens) || !isCount(written)) return charged;
  const used = usage.inputTokens + written + usage.outputTokens;
  return used > 0 ? used : answeredWithError ? 0 : charged;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
