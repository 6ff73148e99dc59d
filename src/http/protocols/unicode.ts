import { invalid } from "../../kernel/index.js";
import type { Fault } from "../../kernel/index.js";

/**
 * Text enters from the wire in four forms: JSON strings, form-encoded awsQuery members, URL
 * query parameters and path labels. Each codec passes it through here, so that ill-formed
 * Unicode is refused in one way, when it enters, with a validation fault naming the member.
 *
 * Why refuse rather than repair: a lone surrogate (JSON `"\ud800"`, or its bytes `%ED%A0%80`)
 * has no UTF-8 form, so the store writes something else than was accepted and reads back a
 * different string: a name that no longer matches itself, a description altered without a
 * word. Invalid UTF-8 (`%C0%80`, `%FF`) would be turned into U+FFFD by a lenient decoder, the
 * same silent change. A request is either taken as sent or refused.
 */

declare global {
  // ES2024, in node since 20; the project's lib stays at ES2023 so nothing newer than node 20 type-checks.
  interface String { isWellFormed(): boolean }
}

const BAD_ESCAPE = "Member must be validly percent-encoded";
const NOT_ASCII = "Member must be percent-encoded: only printable ASCII may appear in a URL";

/** The refusal of ill-formed text (an unpaired surrogate, bytes that are not UTF-8) in `field`; never quotes it. */
export function illFormed(field: string): Fault {
  return invalid(field, "Member must be well-formed Unicode: no unpaired surrogate, no invalid UTF-8");
}

/**
 * ignoreBOM: a leading U+FEFF is part of the value, not a marker to drop silently. One decoder
 * serves every call (each decode without `stream` starts afresh); making one per label cost more
 * than the decoding. After a refusal it is replaced, so no state of a bad input can outlive it.
 */
const newDecoder = () => new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
let decoder = newDecoder();

/**
 * RFC 3986 percent-decoding, strictly: a `%` must start two hex digits, and the bytes must be
 * UTF-8. `plusIsSpace` for form encoding (awsQuery bodies, URL queries), not for path labels.
 */
export function percentDecode(raw: Uint8Array, field: string, plusIsSpace: boolean): string {
  if (plainAscii(raw, plusIsSpace)) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
  const bytes = new Uint8Array(raw.length);
  let n = 0;
  let high = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25) {
      const hi = hexDigit(raw[i + 1]);
      const lo = hexDigit(raw[i + 2]);
      if (hi < 0 || lo < 0) throw invalid(field, BAD_ESCAPE);
      bytes[n++] = hi * 16 + lo;
      if (hi >= 8) high = true;
      i += 2;
    } else {
      if (b >= 0x80) high = true;
      bytes[n++] = plusIsSpace && b === 0x2b ? 0x20 : b;
    }
  }
  // Only ASCII bytes (a model id's `%3A`): always well-formed UTF-8, and latin1 reads them as the
  // same characters, without the strict decoder.
  if (!high) return Buffer.from(bytes.buffer, 0, n).toString("latin1");
  try {
    return decoder.decode(bytes.subarray(0, n));
  } catch {
    decoder = newDecoder();
    throw illFormed(field);
  }
}

/**
 * Most labels and members are plain ASCII with nothing escaped: they decode to themselves (an
 * ASCII byte is its own UTF-8 and its own code unit), with nothing to copy or validate.
 */
function plainAscii(raw: Uint8Array, plusIsSpace: boolean): boolean {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b >= 0x80 || b === 0x25 || (plusIsSpace && b === 0x2b)) return false;
  }
  return true;
}

function hexDigit(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** A member name is echoed in a fault only when it looks like one; anything else may be caller text. */
const MEMBER_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * The name/value pairs of an `application/x-www-form-urlencoded` text, in order (as
 * URLSearchParams reads them, but strictly: see percentDecode). `where` names the whole text
 * (`body`, `query`) when a member name cannot be shown.
 */
export function formPairs(form: Uint8Array, where: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let start = 0; start < form.length;) {
    const amp = form.indexOf(0x26, start);
    const end = amp < 0 ? form.length : amp;
    if (end > start) {
      const part = form.subarray(start, end);
      const eq = part.indexOf(0x3d);
      const name = percentDecode(eq < 0 ? part : part.subarray(0, eq), where, true);
      const value = eq < 0 ? "" : percentDecode(part.subarray(eq + 1), MEMBER_NAME.test(name) ? name : where, true);
      pairs.push([name, value]);
    }
    start = end + 1;
  }
  return pairs;
}

/**
 * The raw (still-encoded) text of a URL part as bytes. HTTP/1.1 refuses other characters in the
 * request target before we see it; HTTP/2 hands `:path` over byte for byte, so the same rule is
 * applied here.
 */
export function urlBytes(raw: string, field: string): Uint8Array {
  if (/[^\x21-\x7e]/.test(raw)) throw invalid(field, NOT_ASCII);
  return Buffer.from(raw, "latin1");
}

/** The parameters of a URL query (`a=1&b=x%20y`), strictly decoded. */
export function queryPairs(rawQuery: string): Array<[string, string]> {
  return formPairs(urlBytes(rawQuery, "query"), "query");
}

/** One path label, strictly decoded (`+` is a plus sign in a path). */
export function decodePathLabel(raw: string, label: string): string {
  return percentDecode(urlBytes(raw, label), label, false);
}
