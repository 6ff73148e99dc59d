import type { Fault } from "../kernel/index.js";

/**
 * `retry-after` on a 429, for the surfaces whose SDKs back off by it (OpenAI's and Anthropic's
 * read it before their own exponential schedule). A quota that knows when the call would fit
 * says so (its bucket's refill: a tokens-per-minute debt may take minutes to pay back, and a
 * client told "1" would only be refused again every second); otherwise one second, as the
 * buckets refill continuously. Whole seconds, at least one, at most a minute (a client asked to
 * wait longer does better to retry then and be told again). Absent on every other status.
 */
export const RETRY_AFTER_SECONDS = 1;
const MAX_RETRY_AFTER_SECONDS = 60;

export function retryAfter(status: number, fault?: Fault): Record<string, string> {
  if (status !== 429) return {};
  const ms = fault?.detail.retryAfterMs;
  const seconds = ms === undefined ? RETRY_AFTER_SECONDS : Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(RETRY_AFTER_SECONDS, Math.ceil(ms / 1000)));
  return { "retry-after": String(seconds) };
}
