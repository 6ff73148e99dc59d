import { estimateTokens } from "../../loopback/sse.js";

/**
 * Anthropic's prompt-cache accounting, for the assistant loopback: the prompt (tools, then
 * system, then messages) up to the last block marked `cache_control` is the cached prefix; the
 * first request with a given prefix writes it (cache_creation_input_tokens), later ones read it
 * (cache_read_input_tokens), and input_tokens counts only what follows. (The real API also skips
 * prefixes under a model's minimum length; the loopback caches any, so short test prompts do.)
 */
type Json = Record<string, any>;

export interface CacheSplit {
  /** The cached prefix, as a key; undefined when nothing is marked. */
  readonly prefix: string | undefined;
  readonly cachedTokens: number;
  readonly inputTokens: number;
}

export function cacheSplit(b: Json): CacheSplit {
  const items: unknown[] = [
    ...((b.tools ?? []) as unknown[]),
    ...(Array.isArray(b.system) ? b.system : b.system === undefined ? [] : [b.system]),
    ...(b.messages as Json[]).flatMap((m): unknown[] => (typeof m.content === "string" ? [m.content] : (m.content as unknown[]).map((c) => ({ role: m.role, c })))),
  ];
  const marked = (x: unknown): boolean => JSON.stringify(x).includes('"cache_control"');
  let last = -1;
  items.forEach((x, i) => { if (marked(x)) last = i; });
  const total = estimateTokens([b.system, b.messages, b.tools]);
  if (last < 0) return { prefix: undefined, cachedTokens: 0, inputTokens: total };
  const prefix = JSON.stringify(items.slice(0, last + 1));
  const cachedTokens = Math.min(total - 1, estimateTokens(prefix));
  return { prefix, cachedTokens, inputTokens: total - cachedTokens };
}

/** The usage members of one answer; remembers the prefixes written so far in `cache`. */
export function cacheUsage(b: Json, cache: Set<string>): { input_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number } {
  const split = cacheSplit(b);
  const read = split.prefix !== undefined && cache.has(split.prefix);
  if (split.prefix !== undefined) cache.add(split.prefix);
  return {
    input_tokens: split.inputTokens,
    cache_creation_input_tokens: read ? 0 : split.cachedTokens,
    cache_read_input_tokens: read ? split.cachedTokens : 0,
  };
}
