/**
 * Condition operator names: a base operator, optionally `...IfExists`, optionally qualified by a
 * set operator (`ForAnyValue:` / `ForAllValues:`). IAM's examples always write them in this case;
 * they are read here without regard to case (accepting rather than refusing when unsure).
 */

export type Family = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "Ip" | "Arn" | "Null";
export type Comparison = "eq" | "eqi" | "like" | "lt" | "lte" | "gt" | "gte";

export interface Operator {
  /** The canonical base name, e.g. `StringNotLike` (no qualifier, no IfExists). */
  readonly base: string;
  readonly family: Family;
  readonly cmp: Comparison;
  /** Negated operators match when no policy value matches (a NOR of the values). */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: "any" | "all" | undefined;
}

const BASES: ReadonlyArray<readonly [string, Family, Comparison, boolean]> = [
  ["StringEquals", "String", "eq", false],
  ["StringNotEquals", "String", "eq", true],
  ["StringEqualsIgnoreCase", "String", "eqi", false],
  ["StringNotEqualsIgnoreCase", "String", "eqi", true],
  ["StringLike", "String", "like", false],
  ["StringNotLike", "String", "like", true],
  ["NumericEquals", "Numeric", "eq", false],
  ["NumericNotEquals", "Numeric", "eq", true],
  ["NumericLessThan", "Numeric", "lt", false],
  ["NumericLessThanEquals", "Numeric", "lte", false],
  ["NumericGreaterThan", "Numeric", "gt", false],
  ["NumericGreaterThanEquals", "Numeric", "gte", false],
  ["DateEquals", "Date", "eq", false],
  ["DateNotEquals", "Date", "eq", true],
  ["DateLessThan", "Date", "lt", false],
  ["DateLessThanEquals", "Date", "lte", false],
  ["DateGreaterThan", "Date", "gt", false],
  ["DateGreaterThanEquals", "Date", "gte", false],
  ["Bool", "Bool", "eq", false],
  ["BinaryEquals", "Binary", "eq", false],
  ["IpAddress", "Ip", "eq", false],
  ["NotIpAddress", "Ip", "eq", true],
  ["ArnEquals", "Arn", "like", false],
  ["ArnLike", "Arn", "like", false],
  ["ArnNotEquals", "Arn", "like", true],
  ["ArnNotLike", "Arn", "like", true],
  ["Null", "Null", "eq", false],
];

const BY_NAME = new Map(BASES.map((b) => [b[0].toLowerCase(), b] as const));

export type OperatorResult = { ok: true; operator: Operator } | { ok: false; message: string };

export function parseOperator(name: string): OperatorResult {
  let rest = name;
  let set: Operator["set"];
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === "foranyvalue") set = "any";
    else if (qualifier === "forallvalues") set = "all";
    else return { ok: false, message: "unknown set operator; use ForAnyValue or ForAllValues" };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let base = BY_NAME.get(rest.toLowerCase());
  if (!base && rest.toLowerCase().endsWith("ifexists")) {
    base = BY_NAME.get(rest.slice(0, -"ifexists".length).toLowerCase());
    ifExists = base !== undefined;
  }
  if (!base) return { ok: false, message: "unknown condition operator" };
  if (ifExists && base[1] === "Null") return { ok: false, message: "the Null operator cannot take IfExists" };
  return { ok: true, operator: { base: base[0], family: base[1], cmp: base[2], negated: base[3], ifExists, set } };
}

/** Policy variables work with the string-like operators only (IAM: String, ARN; Bool per its operator page). */
export function acceptsVariables(family: Family): boolean {
  return family === "String" || family === "Arn" || family === "Bool";
}

/** Which operator families suit a key of the documented type; others draw a warning, as in AWS. */
export function familiesFor(type: string): readonly Family[] | undefined {
  const base = type.startsWith("ArrayOf") ? type.slice("ArrayOf".length) : type;
  switch (base) {
    case "String": return ["String"];
    case "ARN": case "Arn": return ["Arn", "String"];
    case "Bool": case "Boolean": return ["Bool"];
    case "Date": return ["Date"];
    case "Numeric": case "Long": case "Integer": return ["Numeric"];
    case "IPAddress": return ["Ip"];
    case "Binary": return ["Binary"];
    default: return undefined;
  }
}
