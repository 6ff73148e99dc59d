import fc from "fast-check";

/**
 * Mutations of valid request members for the fuzz test: drop, duplicate (on the wire: the same
 * member twice), retype and add members; huge and over-precise numbers, deep nesting, odd
 * Unicode (lone surrogates included), long strings. They work on a JSON value, which the
 * surfaces then write as a JSON body, an awsQuery form or a URL query.
 */
export type Json = null | boolean | number | string | Json[] | { [member: string]: Json };

/** Numbers JSON.stringify cannot write (1e999, 30 digits) travel as marked strings, put back raw in jsonText. */
const RAW = "\u0001raw:";
/** A member name with this suffix is written as its plain name, a second time in the same object. */
const DUPLICATE = "\u0001dup";

export function jsonText(value: Json): string {
  return JSON.stringify(value).replace(/"\\u0001raw:([^"]*)"/g, "$1").replace(/\\u0001dup"/g, '"');
}

/** A member value as text where the wire has no types (awsQuery forms, URL queries). */
export function scalarText(value: Json): string {
  if (typeof value === "string") return value.startsWith(RAW) ? value.slice(RAW.length) : value;
  return value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

export const plainName = (member: string): string => (member.endsWith(DUPLICATE) ? member.slice(0, -DUPLICATE.length) : member);

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.tuple(fc.string({ maxLength: 4 }), lone, fc.string({ maxLength: 4 })).map(([a, l, b]) => a + l + b),
  fc.constantFrom(
    "", " ", "\u0000", "\u202e", "\ufeff", "\uffff", "\ufffe", "\u{10ffff}", "a\r\nb", "%ED%A0%80", "%", "../..", "<x/>&amp;", "'\"",
    "${x}", "\u{1F600}", "\ud83d\ude00", "\udc00\ud800", "user", "assistant", "true", "1", "-1", "*", "/", "a:b",
    "arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0", "AKIAIOSFODNN7EXAMPLE", "SERVICE_CONTROL_POLICY",
  ),
);

const hugeNumber = fc.constantFrom("1e999", "-1e999", "123456789012345678901234567890", "1.00000000000000000000000000001", "-0", "0e0", "1E+2", "1e-400", "9007199254740993")
  .map((t) => RAW + t);

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 5e-324),
  fc.integer(),
  fc.double(), // NaN and the infinities are written as null
  hugeNumber,
);

export const memberName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("unknownMember", "Unknown", "__proto__", "constructor", "toString", "", "$schema", "a.b", "member", "entry", "x".repeat(200)),
  fc.string({ maxLength: 8 }),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/),
);

/** Arrays or objects `depth` deep: past the service's limit (64) they must be refused, not overflow anything. */
const nested = fc.tuple(fc.integer({ min: 1, max: 120 }), fc.boolean()).map(([depth, arrays]) => {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

function object(entries: ReadonlyArray<readonly [string, Json]>): Json {
  const o: { [member: string]: Json } = {};
  // defineProperty: `__proto__` is an ordinary member name on the wire, not a prototype.
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

export const oddValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.array(fc.oneof(oddString, scalar), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(memberName, fc.oneof(oddString, scalar)), { maxLength: 3 }).map(object) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 200_000 }).map((n) => "L".repeat(n)) },
);

type Mutation =
  | { readonly op: "drop"; readonly at: number }
  | { readonly op: "duplicate"; readonly at: number }
  | { readonly op: "replace"; readonly at: number; readonly value: Json }
  | { readonly op: "add"; readonly at: number; readonly key: string; readonly value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("drop" as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: oddValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("add" as const), at: fc.nat(), key: memberName, value: oddValue }) },
);

/** `seed` with up to three mutations (none about a quarter of the time: valid requests matter too). */
export function mutated(seed: Json): fc.Arbitrary<Json> {
  return fc.array(mutation, { maxLength: 3 }).map((ms) => ms.reduce(apply, seed));
}

type Step = string | number;
const isObject = (v: Json): v is { [member: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** Where a mutation may apply: the root and every member and element (the first few hundred). */
function locations(root: Json): Step[][] {
  const out: Step[][] = [[]];
  const stack: Array<[Json, Step[]]> = [[root, []]];
  while (stack.length > 0 && out.length < 400) {
    const [value, path] = stack.pop()!;
    const steps: Step[] = Array.isArray(value) ? value.map((_, i) => i) : isObject(value) ? Object.keys(value) : [];
    for (const step of steps) {
      const child = (value as Record<string, Json>)[step]!;
      out.push([...path, step]);
      stack.push([child, [...path, step]]);
    }
  }
  return out;
}

function apply(root: Json, m: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(root)) as Json; // JSON.parse keeps `__proto__` an own member
  const all = locations(copy);
  const path = all[m.at % all.length]!;
  if (path.length === 0) {
    if (m.op === "replace") return m.value;
    if (m.op === "add" && isObject(copy)) return object([...Object.entries(copy), [m.key, m.value]]);
    return m.op === "drop" ? {} : copy;
  }
  let parent: Json = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string, Json>)[step]!;
  const last = path.at(-1)!;
  const child = (parent as Record<string, Json>)[last]!;
  if (Array.isArray(parent)) {
    const i = last as number;
    if (m.op === "drop") parent.splice(i, 1);
    else if (m.op === "duplicate") parent.splice(i, 0, child);
    else if (m.op === "replace") parent[i] = m.value;
    else if (isObject(child)) parent[i] = object([...Object.entries(child), [m.key, m.value]]);
    return copy;
  }
  const o = parent as Record<string, Json>;
  const key = last as string;
  if (m.op === "drop") delete o[key];
  else if (m.op === "duplicate") Object.defineProperty(o, `${plainName(key)}${DUPLICATE}`, { value: m.at % 2 === 0 ? child : null, enumerable: true, writable: true, configurable: true });
  else if (m.op === "replace") Object.defineProperty(o, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (isObject(child)) Object.defineProperty(o, key, { value: object([...Object.entries(child), [m.key, m.value]]), enumerable: true, writable: true, configurable: true });
  else Object.defineProperty(o, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Percent-encoding as a client in another language might do it: a lone surrogate becomes its three bytes (%ED%A0%80). */
export function percentEncode(text: string): string {
  let out = "";
  for (const ch of text) {
    if (/^[A-Za-z0-9_.~-]$/.test(ch)) { out += ch; continue; }
    const cp = ch.codePointAt(0)!;
    const bytes = cp < 0x80 ? [cp] : cp < 0x800 ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
      : cp < 0x10000 ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
      : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  }
  return out;
}

/** awsQuery members as form pairs: structures as `A.B`, lists as `A.member.N`, an empty list as `A=`. */
export function formPairs(value: Json, prefix = ""): Array<[string, string]> {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, ""]];
    return value.flatMap((item, i) => formPairs(item, `${prefix}.member.${i + 1}`));
  }
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => formPairs(v, prefix === "" ? plainName(k) : `${prefix}.${plainName(k)}`));
  return [[prefix, scalarText(value)]];
}

export const formText = (pairs: ReadonlyArray<readonly [string, string]>): string =>
  pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
