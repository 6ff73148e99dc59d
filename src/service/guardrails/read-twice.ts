type Assessment = Readonly<Record<string, unknown>>;

/**
 * One guardrail's input assessment when it read the input twice (an enforced guardrail reads what
 * the caller sent, and again what the provider will be sent when the request's guardrail masked
 * some of it: chainSessions), as the one assessment per guardrail the trace has room for: the
 * first read's findings, then what the second read acted on (BLOCKED, ANONYMIZED). The second
 * read reads the same text again, so what it only detected the first read reported already, and
 * listing it again would count one finding twice. Usage and latency add up (both reads were
 * made); the coverage is the first read's, of the input as sent.
 */
export function withSecondRead(first: Assessment, second: Assessment): Assessment {
  const out: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (key === "invocationMetrics") out[key] = summedMetrics(first[key], value);
    else if (isRecord(value)) {
      const acted = Object.entries(value).flatMap(([name, list]) => (Array.isArray(list) ? [[name, list.filter(acts)] as const] : []));
      if (!acted.some(([, list]) => list.length > 0)) continue;
      const policy: Record<string, unknown> = isRecord(first[key]) ? { ...first[key] } : {};
      for (const [name, list] of acted) policy[name] = [...(Array.isArray(policy[name]) ? policy[name] : []), ...list];
      out[key] = policy;
    }
  }
  return out;
}

const acts = (entry: unknown): boolean => isRecord(entry) && (entry["action"] === "BLOCKED" || entry["action"] === "ANONYMIZED");

function summedMetrics(first: unknown, second: unknown): unknown {
  if (!isRecord(first) || !isRecord(second)) return first ?? second;
  const usage: Record<string, unknown> = isRecord(first["usage"]) ? { ...first["usage"] } : {};
  if (isRecord(second["usage"])) {
    for (const [unit, n] of Object.entries(second["usage"])) usage[unit] = (typeof usage[unit] === "number" ? usage[unit] : 0) + (typeof n === "number" ? n : 0);
  }
  const latency = (m: Readonly<Record<string, unknown>>) => (typeof m["guardrailProcessingLatency"] === "number" ? m["guardrailProcessingLatency"] : 0);
  return { ...first, guardrailProcessingLatency: latency(first) + latency(second), usage };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
