/**
 * `retry-after` on a 429, for the surfaces whose SDKs back off by it (OpenAI's and Anthropic's
 * read it before their own exponential schedule). plinth's quotas refill every second, so one
 * second is the honest wait; the header is absent on every other status.
 */
export const RETRY_AFTER_SECONDS = 1;

export function retryAfter(status: number): Record<string, string> {
  return status === 429 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {};
}
