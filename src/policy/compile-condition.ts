/**
 * One condition (operator, key, values) compiled into a function of the request context.
 *
 * The semantics, from IAM's documentation of condition operators and multi-valued keys:
 * - several values for one key are ORed; a negated operator (StringNotEquals, NotIpAddress,
 *   ArnNotLike, ...) holds when the request value matches none of them (NOR);
 * - a key absent from the request makes a positive operator false and a negated one true, except
 *   with `...IfExists` (true) and Null (which tests exactly that);
 * - `ForAllValues:` holds when every request value matches (true for an absent or empty key);
 *   `ForAnyValue:` when at least one does (false for an absent or empty key); with a negated
 *   operator "matches" means "equals none of the policy values", per request value;
 * - without a qualifier, a multi-valued request key is treated as "any value matches" (and its
 *   negation), which is what AWS does for the keys it documents as needing a qualifier.
 */
import { Buffer } from "node:buffer";
import type { ConditionNode, ConditionOperand } from "./ast.js";
import { compileArnTokens, splitArn, type ArnMatcher } from "./arn-match.js";
import { parseDate } from "./dates.js";
import { compileTokens, globTokens, type Matcher } from "./glob.js";
import { inRange, parseIp, type IpRange } from "./ip.js";
import type { Comparison } from "./operators.js";
import type { ConditionValue, RequestContextValues } from "./types.js";
import { constantText, resolveText, resolveTokens, isConstant, type Template } from "./variables.js";

export type ConditionFn = (context: RequestContextValues) => boolean;

/** Whether one request value matches at least one of the policy's values. */
type AnyMatch = (value: ConditionValue, context: RequestContextValues) => boolean;

export function compileCondition(node: ConditionNode): ConditionFn {
  const { operator: op, key } = node;
  if (op.family === "Null") {
    if (op.set) { const always = op.set === "all"; return () => always; }
    const wants = node.operands.map((o) => (o as { absent: boolean }).absent);
    return (ctx) => {
      const v = ctx.get(key);
      const absent = v === undefined || (Array.isArray(v) && v.length === 0);
      return wants.includes(absent);
    };
  }
  const any = matcherFor(op.family, op.cmp, node.operands);
  const { negated, ifExists, set } = op;
  return (ctx) => {
    const raw = ctx.get(key);
    if (raw === undefined) return ifExists || set === "all" ? true : set === "any" ? false : negated;
    if (!Array.isArray(raw)) {
      const hit = any(raw as ConditionValue, ctx);
      return negated ? !hit : hit;
    }
    const values = raw as readonly ConditionValue[];
    if (set === "all") {
      for (const v of values) if (any(v, ctx) === negated) return false;
      return true;
    }
    if (set === "any") {
      for (const v of values) if (any(v, ctx) !== negated) return true;
      return false;
    }
    let hit = false;
    for (const v of values) if (any(v, ctx)) { hit = true; break; }
    return negated ? !hit : hit;
  };
}

function matcherFor(family: ConditionNode["operator"]["family"], cmp: Comparison, operands: readonly ConditionOperand[]): AnyMatch {
  switch (family) {
    case "String": return stringMatcher(cmp, templates(operands));
    case "Arn": return arnMatcher(templates(operands));
    case "Numeric": return ordered(cmp, operands.map((o) => (o as { value: number }).value), toNumber);
    case "Date": return ordered(cmp, operands.map((o) => (o as { ms: number }).ms), toDate);
    case "Bool": return boolMatcher(operands);
    case "Ip": {
      const ranges = operands.map((o) => (o as { range: IpRange }).range);
      return (v) => { const ip = parseIp(String(v)); return ip !== undefined && ranges.some((r) => inRange(r, ip)); };
    }
    case "Binary": {
      const wanted = new Set(operands.map((o) => (o as { base64: string }).base64));
      return (v) => wanted.has(Buffer.from(String(v), "base64").toString("base64"));
    }
    default: return () => false;
  }
}

function templates(operands: readonly ConditionOperand[]): Template[] {
  return operands.map((o) => (o as { template: Template }).template);
}

function stringMatcher(cmp: Comparison, ts: readonly Template[]): AnyMatch {
  const fixed = ts.filter(isConstant).map((t) => constantText(t));
  const dynamic = ts.filter((t) => !isConstant(t));
  if (cmp === "like") {
    const globs: Matcher[] = fixed.map((p) => compileTokens(globTokens(p)));
    return (v, ctx) => {
      const s = String(v);
      for (const g of globs) if (g(s)) return true;
      for (const t of dynamic) { const tokens = resolveTokens(t, ctx); if (tokens && compileTokens(tokens)(s)) return true; }
      return false;
    };
  }
  const fold = cmp === "eqi" ? (s: string) => s.toLowerCase() : (s: string) => s;
  const set = new Set(fixed.map(fold));
  return (v, ctx) => {
    const s = fold(String(v));
    if (set.has(s)) return true;
    for (const t of dynamic) { const r = resolveText(t, ctx); if (r !== undefined && fold(r) === s) return true; }
    return false;
  };
}

function arnMatcher(ts: readonly Template[]): AnyMatch {
  const fixed: ArnMatcher[] = ts.filter(isConstant).map((t) => compileArnTokens(globTokens(constantText(t))));
  const dynamic = ts.filter((t) => !isConstant(t));
  return (v, ctx) => {
    const parts = splitArn(String(v));
    for (const m of fixed) if (m(parts)) return true;
    for (const t of dynamic) { const tokens = resolveTokens(t, ctx); if (tokens && compileArnTokens(tokens)(parts)) return true; }
    return false;
  };
}

function ordered(cmp: Comparison, wanted: readonly number[], read: (v: ConditionValue) => number): AnyMatch {
  const test = COMPARE[cmp];
  return (v) => {
    const n = read(v);
    if (Number.isNaN(n)) return false;
    for (const w of wanted) if (test(n, w)) return true;
    return false;
  };
}

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b, eqi: (a, b) => a === b, like: (a, b) => a === b,
  lt: (a, b) => a < b, lte: (a, b) => a <= b, gt: (a, b) => a > b, gte: (a, b) => a >= b,
};

function toNumber(v: ConditionValue): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string" || v.trim() === "") return NaN;
  return Number(v);
}

function toDate(v: ConditionValue): number {
  return typeof v === "boolean" ? NaN : parseDate(v);
}

function boolMatcher(operands: readonly ConditionOperand[]): AnyMatch {
  const fixed = operands.filter((o) => o.kind === "bool").map((o) => String((o as { value: boolean }).value));
  const dynamic = operands.filter((o) => o.kind === "template").map((o) => (o as { template: Template }).template);
  return (v, ctx) => {
    const s = String(v).toLowerCase();
    if (fixed.includes(s)) return true;
    for (const t of dynamic) if (resolveText(t, ctx)?.toLowerCase() === s) return true;
    return false;
  };
}
