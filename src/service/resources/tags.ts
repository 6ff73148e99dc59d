import { invalid } from "../../kernel/index.js";

export interface ResourceTagPair { readonly key: string; readonly value: string }

/**
 * A resource's tags after TagResource: added keys replace the same key, the rest stay. Policies
 * read `aws:ResourceTag/<key>` case-insensitively, so two keys differing only in case would let
 * whoever tags a resource choose which value a Deny sees; such a key is refused, as is going
 * over the limit, whole.
 */
export function mergeTags(current: readonly ResourceTagPair[], added: readonly ResourceTagPair[], max: number): ResourceTagPair[] {
  const merged = new Map(current.map((t) => [t.key, t.value]));
  for (const t of added) merged.set(t.key, t.value);
  refuseCaseTwins([...merged.keys()], "tags");
  if (merged.size > max) throw invalid("tags", `a resource can have at most ${max} tags`);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/** Keys that differ only in case are one key to a policy: refused rather than left to chance. */
export function refuseCaseTwins(keys: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    const folded = key.toLowerCase();
    if (seen.has(folded)) throw invalid(field, `tag keys must differ by more than case (${key})`);
    seen.add(folded);
  }
}
