import type { Tag } from "../../store/index.js";
import { invalidTag } from "./faults.js";

/** KMS's tag rules: at most 50 per key, keys 1 to 128 characters, values up to 256, no `aws:` prefix. */
export const MAX_KEY_TAGS = 50;

export function checkTags(tags: readonly Tag[], existing: readonly string[] = []): void {
  const keys = new Set(existing);
  const seen = new Set<string>();
  for (const t of tags) {
    const length = [...t.key].length;
    if (length < 1 || length > 128) throw invalidTag("A tag key must be 1 to 128 characters");
    if ([...t.value].length > 256) throw invalidTag("A tag value must be at most 256 characters");
    if (/^aws:/i.test(t.key)) throw invalidTag("Tag keys beginning with aws: are reserved");
    if (seen.has(t.key)) throw invalidTag("A tag key appears more than once");
    seen.add(t.key);
    keys.add(t.key);
  }
  if (keys.size > MAX_KEY_TAGS) throw invalidTag(`A key can have at most ${MAX_KEY_TAGS} tags`);
}
