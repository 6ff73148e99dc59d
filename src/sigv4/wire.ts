import { fault } from "../kernel/index.js";

/** A header list as received: names as sent, duplicates as separate entries. */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** A query parameter after percent-decoding; order and duplicates kept. */
export type QueryParam = readonly [name: string, value: string];

/** Splits a raw request target into the still-encoded path and the raw query string. */
export function splitTarget(rawTarget: string): { path: string; rawQuery: string } {
  const mark = rawTarget.indexOf("?");
  const path = mark < 0 ? rawTarget : rawTarget.slice(0, mark);
  // Only origin-form targets ("/..."): an absolute-form or "*" target has no path to sign.
  if (!path.startsWith("/")) {
    throw fault("incomplete-signature", "The request target must be an absolute path ('/...').");
  }
  return { path, rawQuery: mark < 0 ? "" : rawTarget.slice(mark + 1) };
}

/**
 * Decodes a query string into (name, value) pairs. SigV4 signs the decoded values re-encoded
 * with RFC 3986 rules, so the wire spelling (%7E vs ~) does not matter but the decoded bytes do.
 * '+' is a literal plus, not a space: SigV4 clients never use form encoding for the query.
 * A name without '=' has the empty value, which is signed as "name=".
 */
export function decodeQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? "" : piece.slice(eq + 1);
    params.push([percentDecode(name), percentDecode(value)]);
  }
  return params;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw fault("incomplete-signature", "The query string is not valid percent-encoded UTF-8.");
  }
}

/** Every value of a query parameter, by exact (case-sensitive) name, as AWS matches them. */
export function queryValues(params: readonly QueryParam[], name: string): string[] {
  return params.filter(([n]) => n === name).map(([, v]) => v);
}

/** Header values by lower-cased name, in arrival order; a name that was not sent is absent. */
export type HeaderIndex = ReadonlyMap<string, readonly string[]>;

/**
 * Indexes the raw list once, so that the dozen lookups of a verification do not each scan it.
 * Names match case-insensitively; pseudo-headers (already lower case) match only themselves.
 */
export function indexHeaders(headers: HeaderList): HeaderIndex {
  const index = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const values = index.get(lower);
    if (values) values.push(value);
    else index.set(lower, [value]);
  }
  return index;
}

const NONE: readonly string[] = Object.freeze([]);

/** Every value of a header, by lower-case name. */
export function headerValues(headers: HeaderIndex, lowerName: string): readonly string[] {
  return headers.get(lowerName) ?? NONE;
}
