import { invalid } from "../../../kernel/index.js";
import type { CacheMark } from "../../../kernel/index.js";
import { at, closed, need, obj, oneOf, own } from "../validate.js";
import type { CacheSection, RequestTally } from "./request-limits.js";

/**
 * cachePoint (BC `CachePointBlock`) in messages, system and toolConfig.tools. Bedrock writes a
 * cache point as an item after the one it marks; the kernel keeps it as a CacheMark on that
 * item, which is how providers (Anthropic's `cache_control`) take it. A cache point with nothing
 * before it in its list marks nothing, so it is refused rather than dropped.
 */
export function decodeCachePoint(value: unknown, field: string): CacheMark {
  const o = obj(value, field);
  closed(o, field, ["type", "ttl"], { shape: "CachePointBlock" });
  oneOf(need(o, "type", field), at(field, "type"), ["default"]);
  const ttl = own(o, "ttl");
  return ttl === undefined ? {} : { ttl: oneOf(ttl, at(field, "ttl"), ["5m", "1h"] as const) };
}

/**
 * Puts the cache point at `field` on the last item of `items` (in place). `canMark` says whether
 * that item may carry one (reasoning blocks cannot: providers cache the prompt around them).
 */
export function markPrevious<T extends object>(
  items: T[], value: unknown, field: string, section: CacheSection, tally: RequestTally, canMark: (item: T) => boolean = () => true,
): void {
  const mark = decodeCachePoint(value, field);
  const last = items[items.length - 1];
  if (last === undefined) throw invalid(field, "Member must follow a block in its list: a cachePoint marks the block before it");
  if ("cache" in last && last.cache !== undefined) throw invalid(field, "Member must not follow another cachePoint");
  if (!canMark(last)) throw invalid(field, "Member must follow a block that can be cached (text, image, document, toolUse or toolResult)");
  tally.cachePoint(field, mark.ttl, section);
  items[items.length - 1] = { ...last, cache: mark };
}
