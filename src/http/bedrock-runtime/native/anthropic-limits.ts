import { invalid } from "../../../kernel/index.js";
import type { CacheMark } from "../../../kernel/index.js";
import { at, closed, need, obj, oneOf, own } from "../validate.js";
import type { Obj } from "../validate.js";

/**
 * What one Anthropic request may hold in all, counted as its blocks are decoded: Bedrock's limit
 * of 20 images for Claude, and Anthropic's of 4 cache breakpoints (a fifth is refused there too,
 * so refusing it here names the block instead of passing on a provider error).
 */
export const MAX_IMAGES = 20;
export const MAX_CACHE_MARKS = 4;

export interface RequestBudget {
  images: number;
  cacheMarks: number;
}

export const newBudget = (): RequestBudget => ({ images: 0, cacheMarks: 0 });

/** `cache_control: {type: "ephemeral", ttl?: "5m" | "1h"}` on a block or tool: a kernel cache mark. */
export function cacheMark(o: Obj, field: string, budget: RequestBudget): CacheMark | undefined {
  const value = own(o, "cache_control");
  if (value === undefined) return undefined;
  const f = at(field, "cache_control");
  const c = obj(value, f);
  closed(c, f, ["type", "ttl"]);
  oneOf(need(c, "type", f), at(f, "type"), ["ephemeral"]);
  if (++budget.cacheMarks > MAX_CACHE_MARKS) throw invalid(f, `Member exceeds the limit of ${MAX_CACHE_MARKS} cache_control breakpoints per request`);
  const ttl = own(c, "ttl");
  return ttl === undefined ? {} : { ttl: oneOf(ttl, at(f, "ttl"), ["5m", "1h"] as const) };
}

/** The block with its mark, when it has one (kernel blocks carry no `cache` member otherwise). */
export const marked = <T extends object>(block: T, cache: CacheMark | undefined): T => (cache ? { ...block, cache } : block);
