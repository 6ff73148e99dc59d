import type { Tag } from "../../store/index.js";
import { invalidTag } from "./faults.js";

/** KMS's tag rules: at most 50 per key, keys 1 to 128 characters, values up to 256, no `aws:` prefix. */
export const MAX_KEY_TAGS = 50;

/**
 * Tag keys are compared without case: aws:ResourceTag/<key> and aws:RequestTag/<key> are read
 * without case, so two keys that differ only by case would let the caller pick which value a
 * policy sees. A tag replaces an existing one only under exactly its key.
 */
export function checkTags(tags: readonly Tag[], existing: readonly string[] = []): void {
  const keys = new Set(existing.map((k) => k.toLowerCase()));
  const exact = new Set(existing);
  const seen = new Set<string>();
  for (const t of tags) {
    const length = [...t.key].length;
    if (length < 1 || length > 128) throw invalidTag("A tag key must be 1 to 128 characters");
    if ([...t.value].length > 256) throw invalidTag("A tag value must be at most 256 characters");
    if (/^aws:/i.test(t.key)) throw invalidTag("Tag keys beginning with aws: are reserved");
    const folded = t.key.toLowerCase();
    if (seen.has(folded)) throw invalidTag("A tag key appears more than once (tag keys are compared without case)");
    if (keys.has(folded) && !exact.has(t.key)) throw invalidTag("The key already has a tag whose key differs from this one only by case");
    seen.add(folded);
    keys.add(folded);
  }
  if (keys.size > MAX_KEY_TAGS) throw invalidTag(`A key can have at most ${MAX_KEY_TAGS} tags`);
}
