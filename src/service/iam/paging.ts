import { invalidInput } from "./errors.js";
import { checkMarker, checkMaxItems } from "./validate.js";

/**
 * IAM's Marker/MaxItems pagination over a list read whole (an account's IAM lists are small).
 * The marker is the sort key of the last item returned, encoded so it is opaque and fits the
 * model's character set; the next page starts after it, so deleting items between calls skips
 * nothing that remains.
 */
export interface PageRequest {
  readonly marker?: string;
  readonly maxItems?: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  /** Present only when truncated: what to pass as Marker for the next page. */
  readonly marker?: string;
}

export const DEFAULT_MAX_ITEMS = 100;

export function checkPageRequest(request: PageRequest): void {
  if (request.marker !== undefined) checkMarker(request.marker);
  if (request.maxItems !== undefined) checkMaxItems(request.maxItems);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, "base64url").toString("utf8");
  if (!/^[A-Za-z0-9_-]+$/.test(marker) || Buffer.from(key, "utf8").toString("base64url") !== marker) {
    throw invalidInput("marker", "Invalid Marker.");
  }
  return key;
}

/** `keyOf` must be unique per item; items are ordered by it. */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  checkPageRequest(request);
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const after = request.marker === undefined ? undefined : decodeMarker(request.marker);
  const start = after === undefined ? 0 : sorted.findIndex((item) => compare(keyOf(item), after) > 0);
  const from = start < 0 ? sorted.length : start;
  const max = request.maxItems ?? DEFAULT_MAX_ITEMS;
  const pageItems = sorted.slice(from, from + max);
  const isTruncated = from + max < sorted.length;
  return isTruncated
    ? { items: pageItems, isTruncated, marker: Buffer.from(keyOf(pageItems.at(-1)!), "utf8").toString("base64url") }
    : { items: pageItems, isTruncated };
}

/** A sort key that keeps numeric order for positions (simulation results, versions). */
export const ordinal = (n: number): string => String(n).padStart(10, "0");
