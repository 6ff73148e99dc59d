import { invalid } from "../../../kernel/index.js";
import type { CacheTtl } from "../../../kernel/index.js";

/**
 * Bedrock's per-request limits that span the whole body (documents across messages and tool
 * results, cache points across tools, system and messages), counted while the parts are decoded
 * and checked once they all are. Each refusal names the member that broke the limit.
 */
export const MAX_DOCUMENTS = 5;
/** 4.5 MB per document, counted in decoded bytes (UTF-8 bytes for a text source). */
export const MAX_DOCUMENT_BYTES = 4.5 * 1024 * 1024;
export const MAX_CACHE_POINTS = 4;

/** Where a cache point sits; Bedrock reads a prompt as tools, then system, then messages. */
export type CacheSection = "tools" | "system" | "messages";
const ORDER: readonly CacheSection[] = ["tools", "system", "messages"];

interface SeenCachePoint { readonly field: string; readonly ttl: CacheTtl; readonly section: CacheSection }

export class RequestTally {
  #documents = 0;
  readonly #cachePoints: SeenCachePoint[] = [];

  document(field: string, bytes: number, sourceField: string): void {
    if (bytes > MAX_DOCUMENT_BYTES) throw invalid(sourceField, `Member must be no larger than ${MAX_DOCUMENT_BYTES} bytes (4.5 MB)`);
    this.#documents += 1;
    if (this.#documents > MAX_DOCUMENTS) throw invalid(field, `Member exceeds the limit of ${MAX_DOCUMENTS} documents per request`);
  }

  /** `ttl` absent means Bedrock's default, five minutes. */
  cachePoint(field: string, ttl: CacheTtl | undefined, section: CacheSection): void {
    this.#cachePoints.push({ field, ttl: ttl ?? "5m", section });
  }

  /**
   * A longer-lived cache entry after a shorter-lived one would expire from the middle of the
   * prompt outwards, so providers require TTLs not to increase along the prompt.
   */
  check(): void {
    const ordered = ORDER.flatMap((s) => this.#cachePoints.filter((c) => c.section === s));
    let shortSeen = false;
    ordered.forEach((c, i) => {
      if (i >= MAX_CACHE_POINTS) throw invalid(c.field, `Member exceeds the limit of ${MAX_CACHE_POINTS} cache points per request`);
      if (c.ttl === "1h" && shortSeen) {
        throw invalid(at(c.field, "ttl"), "Member must not be 1h after a cache point with a 5m ttl: ttls must not increase across toolConfig.tools, system and messages");
      }
      if (c.ttl === "5m") shortSeen = true;
    });
  }
}

const at = (field: string, key: string): string => `${field}.${key}`;
