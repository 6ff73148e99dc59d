import { DEFAULTS } from "./defaults.js";
import type { ConfigProblem } from "./problems.js";
import type { RawServer } from "./raw.js";

/**
 * Limits that only make sense in order: one body must fit a connection's share of the body
 * budget and that share the whole budget (else such requests are refused for ever, as a
 * retryable 429), and node refuses a head timeout longer than the request timeout. Said at
 * start-up rather than clamped.
 */
export function checkLimitRules(server: RawServer | undefined): ConfigProblem[] {
  const s = server ?? {};
  const body = s.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const perConnection = s.maxUnauthenticatedBodyBytesPerConnection ?? body;
  const total = s.maxUnauthenticatedBodyBytes ?? DEFAULTS.maxUnauthenticatedBodyBytes;
  const problems: ConfigProblem[] = [];
  const atLeast = (field: string, value: number, floor: number, floorName: string): void => {
    if (value < floor) problems.push({ path: `server.${field}`, message: `must be at least ${floorName} (${floor}); it is ${value}` });
  };
  if (s.maxUnauthenticatedBodyBytesPerConnection !== undefined) {
    atLeast("maxUnauthenticatedBodyBytesPerConnection", perConnection, body, "server.maxBodyBytes");
  }
  atLeast("maxUnauthenticatedBodyBytes", total, perConnection,
    s.maxUnauthenticatedBodyBytesPerConnection === undefined ? "server.maxBodyBytes" : "server.maxUnauthenticatedBodyBytesPerConnection");
  atLeast("requestTimeoutMs", s.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs, s.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs, "server.headersTimeoutMs");
  return problems;
}
