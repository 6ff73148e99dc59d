import { isIP } from "node:net";
import { invalid } from "../../kernel/index.js";

/** A subjectAltName entry of the generated server certificate. */
export interface SanEntry {
  readonly type: "dns" | "ip";
  readonly value: string;
}

/** Always in the generated certificate: how a local client reaches the server. */
export const LOCAL_NAMES: readonly string[] = ["localhost", "127.0.0.1", "::1"];

const DNS_NAME = /^(\*\.)?((?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * One spelling per name, so that the names asked for and those read back from a certificate
 * compare equal: DNS names in lowercase, IPv6 addresses compressed (`::1`, not `0:0:...:1`).
 */
export function sanEntry(name: string, field = "serverNames"): SanEntry {
  const family = isIP(name);
  if (family === 4) return { type: "ip", value: name };
  if (family === 6) return { type: "ip", value: new URL(`http://[${name}]/`).hostname.slice(1, -1) };
  const lower = name.toLowerCase();
  if (lower.length > 253 || !DNS_NAME.test(lower)) throw invalid(field, "must be a DNS name or an IP address");
  return { type: "dns", value: lower };
}

/** The local names plus `extra`, each once, in a stable order (local names first). */
export function serverSanEntries(extra: readonly string[]): SanEntry[] {
  const seen = new Set<string>();
  const entries: SanEntry[] = [];
  [...LOCAL_NAMES, ...extra].forEach((name, i) => {
    const entry = sanEntry(name, i < LOCAL_NAMES.length ? "localNames" : `serverNames[${i - LOCAL_NAMES.length}]`);
    const key = `${entry.type}:${entry.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(entry);
  });
  return entries;
}

export function sameEntries(a: readonly SanEntry[], b: readonly SanEntry[]): boolean {
  const key = (e: SanEntry) => `${e.type}:${e.value}`;
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
