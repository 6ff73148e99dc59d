import { invalid } from "../../kernel/index.js";
import { formPairs } from "./unicode.js";

/**
 * awsQuery request members, from `application/x-www-form-urlencoded` pairs into a nested object:
 * `Tags.member.1.Key=a&Tags.member.1.Value=b` -> `{ Tags: [{ Key: "a", Value: "b" }] }`, and
 * `Attributes.entry.1.key/value` -> a map. List indexes are 1-based and must be dense. The
 * bytes are decoded strictly (formPairs): ill-formed text is refused naming its member.
 */
export type QueryValue = string | QueryObject | QueryValue[];
export interface QueryObject { [member: string]: QueryValue }

const MAX_MEMBERS = 2000;
const SEGMENT = /^[A-Za-z0-9_]{1,128}$/;
/** List indexes as the SDKs write them: 1, 2, ... (no sign, no leading zero). */
const INDEX = /^[1-9][0-9]{0,5}$/;
/**
 * Member names that would reach Object.prototype through a plain object (`__proto__.x=1` would
 * otherwise set `x` on every object in the process). With these refused, and members looked up
 * as own properties only, no name can reach or shadow what objects inherit.
 */
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

const node = (): QueryObject => ({});
const own = (object: QueryObject, key: string): QueryValue | undefined => (Object.hasOwn(object, key) ? object[key] : undefined);

export function decodeQueryForm(form: Uint8Array): QueryObject {
  const pairs = formPairs(form, "body");
  if (pairs.length > MAX_MEMBERS) throw invalid("body", `at most ${MAX_MEMBERS} members are accepted`);
  const root = node();
  for (const [name, value] of pairs) {
    const segments = name.split(".");
    if (!segments.every((s) => SEGMENT.test(s) && !RESERVED.has(s))) throw invalid("body", "a member name is not well formed");
    place(root, segments, value, name);
  }
  return densify(root) as QueryObject;
}

function place(root: QueryObject, segments: string[], value: string, name: string): void {
  let at: QueryObject = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    const next = own(at, key);
    if (next === undefined) at = (at[key] = node());
    else if (typeof next === "object" && !Array.isArray(next)) at = next;
    else throw invalid(name, "a member is given both as a value and as a structure");
  }
  const last = segments.at(-1)!;
  if (own(at, last) !== undefined) throw invalid(name, "a member is given more than once");
  at[last] = value;
}

/** `X.member.N` and `X.entry.N.key/value` nodes become lists and maps. */
function densify(value: QueryValue): QueryValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === "member" || keys[0] === "entry")) {
    const items = value[keys[0]!];
    if (typeof items !== "object" || Array.isArray(items)) throw invalid(keys[0]!, "list members must be numbered 1, 2, 3, ...");
    const names = Object.keys(items);
    if (!names.every((n) => INDEX.test(n))) throw invalid(keys[0]!, "list members must be numbered 1, 2, 3, ...");
    const indexes = names.map(Number).sort((a, b) => a - b);
    if (!indexes.every((n, i) => n === i + 1)) throw invalid(keys[0]!, "list members must be numbered 1, 2, 3, ...");
    const list = indexes.map((n) => densify(items[String(n)]!));
    if (keys[0] === "member") return list;
    const map = node();
    for (const entry of list) {
      const key = typeof entry === "object" && !Array.isArray(entry) ? own(entry, "key") : undefined;
      if (typeof key !== "string" || key === "__proto__") throw invalid("entry", "map entries need a key and a value");
      if (own(map, key) !== undefined) throw invalid("entry", "a map key is given more than once");
      map[key] = own(entry as QueryObject, "value") ?? "";
    }
    return map;
  }
  const out = node();
  for (const key of keys) out[key] = densify(value[key]!);
  return out;
}
