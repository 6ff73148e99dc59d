import { rootVersionOf } from "../../crypto/index.js";
import type { RootSealedKind } from "./ports.js";

/**
 * Reseals every value of `kinds` still sealed directly under the root key (any version), which
 * for account-bound records means under the account's default KMS key. Run at start: a data
 * directory from an older release is migrated once, and later starts find nothing to do (the
 * pass reads only headers). Returns how many were resealed, by kind. Safe to run in several
 * processes at once: a row is replaced only if unchanged, so the loser of a race changes nothing.
 */
export async function resealOffRoot(kinds: readonly RootSealedKind[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const kind of kinds) {
    let n = 0;
    for await (const value of kind.values()) {
      if (rootVersionOf(value.sealed) !== undefined && await value.reseal()) n++;
    }
    out[kind.kind] = n;
  }
  return out;
}
