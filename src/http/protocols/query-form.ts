import { invalid } from "../../kernel/index.js";

/**
 * awsQuery request members, from `application/x-www-form-urlencoded` pairs into a nested object:
 * `Tags.member.1.Key=a&Tags.member.1.Value=b` -> `{ Tags: [{ Key: "a", Value: "b" }] }`, and
 * `Attributes.entry.1.key/value` -> a map. List indexes are 1-based and must be dense.
 */
export type QueryValue = string | QueryObject | QueryValue[];
export interface QueryObject { [member: string]: QueryValue }

const MAX_MEMBERS = 2000;
const SEGMENT = /^[A-Za-z0-9_]{1,128}$/;

export function decodeQueryForm(text: string): QueryObject {
  const pairs = [...new URLSearchParams(text)];
  if (pairs.length > MAX_MEMBERS) throw invalid("body", `at most ${MAX_MEMBERS} members are accepted`);
  const root: QueryObject = {};
  for (const [name, value] of pairs) {
    const segments = name.split(".");
    if (!segments.every((s) => SEGMENT.test(s))) throw invalid("body", "a member name is not well formed");
    place(root, segments, value, name);
  }
  return densify(root) as QueryObject;
}

function place(root: QueryObject, segments: string[], value: string, name: string): void {
  let node: QueryObject = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    const next = node[key];
    if (next === undefined) node = (node[key] = {});
    else if (typeof next === "object" && !Array.isArray(next)) node = next;
    else throw invalid(name, "a member is given both as a value and as a structure");
  }
  const last = segments.at(-1)!;
  if (node[last] !== undefined) throw invalid(name, "a member is given more than once");
  node[last] = value;
}

/** `X.member.N` and `X.entry.N.key/value` nodes become lists and maps. */
function densify(value: QueryValue): QueryValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === "member" || keys[0] === "entry")) {
    const items = value[keys[0]!] as QueryObject;
    const indexes = Object.keys(items).map(Number).sort((a, b) => a - b);
    if (!indexes.every((n, i) => n === i + 1)) throw invalid(keys[0]!, "list members must be numbered 1, 2, 3, ...");
    const list = indexes.map((n) => densify(items[String(n)]!));
    if (keys[0] === "member") return list;
    const map: QueryObject = {};
    for (const entry of list) {
      if (typeof entry !== "object" || Array.isArray(entry) || typeof entry["key"] !== "string") throw invalid("entry", "map entries need a key and a value");
      map[entry["key"]] = entry["value"] ?? "";
    }
    return map;
  }
  const out: QueryObject = {};
  for (const key of keys) out[key] = densify(value[key]!);
  return out;
}
