import { tagLabels } from "../../guardrails/pii/index.js";
import type { Label } from "../../guardrails/pii/index.js";
import type { Tag } from "../../store/index.js";

/**
 * An operation's `labels`: its free-text names and descriptions by wire field name (absent ones
 * skipped), then each tag key and value as `tags.N.key` / `tags.N.value`.
 */
export function resourceLabels(fields: Readonly<Record<string, string | undefined>>, tags: readonly Tag[] = []): Label[] {
  const named = Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [{ field, value }]));
  return [...named, ...tagLabels(tags)];
}
