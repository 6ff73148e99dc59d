/**
 * The Condition element: operators, keys (known to AWS, supported by the statement's actions,
 * suited to the operator) and values (well-formed for the operator).
 */
import { Buffer } from "node:buffer";
import type { ConditionNode, ConditionOperand, Findings } from "./ast.js";
import type { IamCatalog } from "./catalog.js";
import type { SuppliedKeys } from "./supplied-keys.js";
import { parseDate } from "./dates.js";
import { globTokens, STAR } from "./glob.js";
import { splitArnTokens } from "./arn-match.js";
import { parseCidr } from "./ip.js";
import { childPath, indexPath } from "./json.js";
import { acceptsVariables, familiesFor, parseOperator, type Operator } from "./operators.js";
import { constantText, literalTemplate, parseTemplate, type Template } from "./variables.js";

export interface ConditionScope {
  readonly catalog: IamCatalog;
  /** Version 2012-10-17: `${...}` is a variable; otherwise it is literal text and refused as a mistake. */
  readonly variables: boolean;
  /** The concrete actions the statement names, for the key-support check; undefined when it cannot be known. */
  readonly actions: readonly (readonly [string, string])[] | undefined;
  /** What plinth supplies, and the served actions the statement names (undefined: no such check). */
  readonly supplied?: SuppliedKeys;
  readonly served: readonly string[] | undefined;
}

type Scalar = string | number | boolean;

export function readConditions(value: unknown, path: string, scope: ConditionScope, f: Findings): ConditionNode[] {
  const out: ConditionNode[] = [];
  if (!isObject(value)) { f.error(path, "Condition must be an object of operators"); return out; }
  if (Object.keys(value).length === 0) f.warn(path, "empty Condition");
  sameIgnoringCase(Object.keys(value), path, "condition operator", f);
  for (const [opName, block] of Object.entries(value)) {
    const opPath = childPath(path, opName);
    const parsed = parseOperator(opName);
    if (!parsed.ok) { f.error(opPath, parsed.message); continue; }
    if (!isObject(block)) { f.error(opPath, "a condition operator takes an object of condition keys"); continue; }
    if (Object.keys(block).length === 0) f.warn(opPath, "no condition keys under this operator");
    sameIgnoringCase(Object.keys(block), opPath, "condition key", f);
    for (const [key, raw] of Object.entries(block)) {
      const node = readKey(parsed.operator, key, raw, childPath(opPath, key), scope, f);
      if (node) out.push(node);
    }
  }
  return out;
}

function readKey(op: Operator, key: string, raw: unknown, path: string, scope: ConditionScope, f: Findings): ConditionNode | undefined {
  const before = f.errors.length;
  checkKey(op, key, path, scope, f);
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) f.warn(path, "empty list of values: a positive operator never matches it");
  if (op.family === "Bool" && list.length > 1) f.warn(path, "Bool takes a single value");
  const operands: ConditionOperand[] = [];
  list.forEach((v, i) => {
    const at = Array.isArray(raw) ? indexPath(path, i) : path;
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      f.error(at, "condition values must be strings, numbers or booleans");
      return;
    }
    const operand = readValue(op, v, at, scope, f);
    if (operand) operands.push(operand);
  });
  return f.errors.length === before ? { operator: op, key: key.toLowerCase(), operands } : undefined;
}

function checkKey(op: Operator, key: string, path: string, scope: ConditionScope, f: Findings): void {
  const colon = key.indexOf(":");
  if (colon <= 0 || colon === key.length - 1 || /\s/.test(key)) {
    f.error(path, "a condition key must be written service:name");
    return;
  }
  const info = scope.catalog.conditionKey(key);
  if (!info) {
    const prefix = key.slice(0, colon).toLowerCase();
    const tagFamily = /^aws:(principaltag|resourcetag|requesttag)\/?$/i.test(key);
    f.error(path, tagFamily ? "the condition key needs a tag key after '/'"
      : prefix === "aws" ? "unknown global condition key"
      : "unknown condition key");
    return;
  }
  if (!scope.catalog.isGlobalKey(key) && scope.actions !== undefined
    && !scope.actions.some(([svc, action]) => scope.catalog.actionSupportsKey(svc, action, key))) {
    f.error(path, "no action in this statement supports this condition key");
  } else if (scope.supplied && scope.served && scope.served.length > 0 && !scope.served.some((action) => scope.supplied!.supplies(action, key))) {
    // Access Analyzer's "missing context key": AWS accepts the policy, but the condition is void
    // (or, negated or with IfExists, always true) on every request these actions make here.
    f.warn(path, "plinth supplies this condition key for none of this statement's actions: the condition always sees it absent");
  }
  if (op.family === "Null") {
    if (op.set) f.warn(path, `${op.set === "all" ? "ForAllValues" : "ForAnyValue"} with Null is always ${op.set === "all"}`);
    return;
  }
  const families = familiesFor(info.type);
  if (families && !families.includes(op.family)) f.warn(path, `${op.base} does not suit ${info.key}, a key of type ${info.type}`);
  const multi = info.type.startsWith("ArrayOf");
  if (multi && !op.set) f.warn(path, `${info.key} is multi-valued: qualify the operator with ForAnyValue: or ForAllValues:`);
  if (!multi && op.set) f.warn(path, `${info.key} is single-valued: a set operator makes the condition ${op.set === "all" ? "true when the key is absent" : "needlessly complex"}`);
}

function readValue(op: Operator, v: Scalar, path: string, scope: ConditionScope, f: Findings): ConditionOperand | undefined {
  const text = String(v);
  if (text.includes("${")) {
    if (!scope.variables) { f.error(path, "policy variables need \"Version\": \"2012-10-17\""); return undefined; }
    if (!acceptsVariables(op.family)) { f.error(path, `policy variables cannot be used with ${op.base}`); return undefined; }
    const parsed = parseTemplate(text);
    if (!parsed.ok) { f.error(path, parsed.message); return undefined; }
    checkVariables(parsed.template, path, scope, f);
    if (op.family === "Arn") checkArnPattern(parsed.template, path, f);
    return { kind: "template", template: parsed.template };
  }
  switch (op.family) {
    case "String": return { kind: "template", template: literalTemplate(text) };
    case "Arn": {
      const t = literalTemplate(text);
      checkArnPattern(t, path, f);
      return { kind: "template", template: t };
    }
    case "Bool": case "Null": {
      const lower = text.toLowerCase();
      if (lower !== "true" && lower !== "false") { f.error(path, "expected true or false"); return undefined; }
      return op.family === "Bool" ? { kind: "bool", value: lower === "true" } : { kind: "null", absent: lower === "true" };
    }
    case "Numeric": {
      const n = typeof v === "number" ? v : /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(n)) { f.error(path, "expected a number"); return undefined; }
      return { kind: "number", value: n };
    }
    case "Date": {
      const ms = typeof v === "boolean" ? NaN : parseDate(v);
      if (Number.isNaN(ms)) { f.error(path, "expected an ISO 8601 date or epoch seconds"); return undefined; }
      return { kind: "date", ms };
    }
    case "Ip": {
      const range = parseCidr(text);
      if (!range) { f.error(path, "expected an IPv4 or IPv6 address or CIDR range"); return undefined; }
      return { kind: "ip", range };
    }
    case "Binary": {
      if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) { f.error(path, "expected base64-encoded bytes"); return undefined; }
      return { kind: "binary", base64: Buffer.from(text, "base64").toString("base64") };
    }
  }
}

/** Variables must name single-valued keys; an unknown one never resolves, which voids its statement. */
export function checkVariables(t: Template, path: string, scope: ConditionScope, f: Findings): void {
  for (const name of t.names) {
    const info = scope.catalog.conditionKey(name);
    if (!info) f.warn(path, "a policy variable is not a known condition key: without a default it never resolves and matches nothing");
    else if (info.type.startsWith("ArrayOf")) f.error(path, `a policy variable names a multi-valued key (${info.key}), which cannot be a variable`);
  }
}

function checkArnPattern(t: Template, path: string, f: Findings): void {
  if (t.parts.some((p) => p.kind !== "text")) return;
  const tokens = globTokens(constantText(t));
  if (tokens.length === 1 && tokens[0] === STAR) return;
  if (!splitArnTokens(tokens)) f.warn(path, "an arn pattern with fewer than six ':'-separated components never matches");
}

/** Keys equal but for case name the same thing twice, which AWS refuses (Access Analyzer: duplicate keys with different case). */
function sameIgnoringCase(keys: readonly string[], path: string, what: string, f: Findings): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.toLowerCase())) f.error(childPath(path, k), `${what} repeats another but for case`);
    else seen.add(k.toLowerCase());
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
