import canonicalize from "canonicalize";
import { sortStrings } from "../kernel/index.js";
import type { AuditEvent } from "./event.js";

/**
 * The leaf form of an audit event: its RFC 8785 canonical JSON, UTF-8 encoded. Canonical JSON is
 * what makes the leaf reproducible: a verifier that reads an event back from any store (which may
 * reorder keys or drop absent ones) recomputes exactly the bytes that were hashed.
 *
 * Every API call makes one, so the common case takes a faster road to the same bytes: a copy of
 * the event with its keys in sorted order, serialised by the engine's JSON.stringify (RFC 8785
 * serialises strings and numbers exactly as ECMAScript's JSON.stringify does; what it adds is the
 * key order). That road holds only for plain data with well-formed strings, finite numbers, and
 * no array-index-like keys (which engines enumerate first, whatever order they were set in) and
 * no "__proto__" key (which an assignment would not copy);
 * anything else is handed to `canonicalize`, the reference, which also refuses what JCS refuses.
 */
export function leafBytes(event: AuditEvent): Uint8Array {
  const sorted = sortedCopy(event);
  const text = sorted === UNSUITED ? canonicalize(event) : JSON.stringify(sorted);
  // canonicalize answers undefined only for a value JSON cannot hold; an event is always an object.
  if (text === undefined) throw new TypeError("an audit event has no JSON form");
  // One copy, straight from the string: callers hash it and the store copies it into its batch.
  return Buffer.from(text, "utf8");
}

const UNSUITED = Symbol("unsuited");
/** Keys an engine enumerates before the others, in numeric order: "0", "1", "42", never "01". */
const INDEX_LIKE = /^(0|[1-9]\d*)$/;

/** Nearly no key starts with a digit: the regex runs only for those that do (every key of every event is checked). */
function startsWithDigit(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case "string":
      return value.isWellFormed() ? value : UNSUITED;
    case "number":
      return Number.isFinite(value) ? value : UNSUITED;
    case "boolean":
      return value;
    case "undefined":
      return undefined;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = sortedCopy(value[i]);
          if (item === UNSUITED) return UNSUITED;
          out[i] = item;
        }
        return out;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype || typeof (value as { toJSON?: unknown }).toJSON === "function") return UNSUITED;
      // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 requires.
      const keys = sortStrings(Object.keys(value));
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        if (startsWithDigit(key) && INDEX_LIKE.test(key)) return UNSUITED;
        if (key === "__proto__" || !key.isWellFormed()) return UNSUITED;
        const item = sortedCopy((value as Record<string, unknown>)[key]);
        if (item === UNSUITED) return UNSUITED;
        if (item !== undefined) out[key] = item;
      }
      return out;
    }
    default:
      // functions, symbols, bigints: the reference decides (drops, or refuses).
      return UNSUITED;
  }
}
