import type { ConditionValue, RequestContextValues } from "../../policy/index.js";
import { invalidInput } from "./errors.js";
import { checkEnum } from "./validate.js";

/**
 * The simulator's request context: only what the caller supplies in ContextEntries, typed as it
 * says (as AWS's simulator does: it derives nothing), and the condition keys the simulated
 * policies use that were not supplied (MissingContextValues).
 */
export interface ContextEntryInput {
  readonly contextKeyName?: string;
  readonly contextKeyValues?: readonly string[];
  readonly contextKeyType?: string;
}

const TYPES = ["string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"] as const;

function typed(field: string, type: (typeof TYPES)[number], raw: string): ConditionValue {
  switch (type.replace(/List$/, "")) {
    case "numeric": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw invalidInput(field, `Context value for ${field} is not a number.`);
      return n;
    }
    case "boolean": {
      if (!/^(true|false)$/i.test(raw)) throw invalidInput(field, `Context value for ${field} is not a boolean.`);
      return raw.toLowerCase() === "true";
    }
    default:
      return raw;
  }
}

export function contextValues(entries: readonly ContextEntryInput[]): RequestContextValues {
  const values = new Map<string, ConditionValue | readonly ConditionValue[]>();
  entries.forEach((entry, i) => {
    const field = `contextEntries.${i + 1}.member`;
    const key = entry.contextKeyName;
    if (key === undefined || key.length < 5 || key.length > 256) throw invalidInput(`${field}.contextKeyName`, "Each context entry needs a ContextKeyName of 5 to 256 characters.");
    const type = checkEnum(`${field}.contextKeyType`, entry.contextKeyType ?? "string", TYPES);
    const raw = entry.contextKeyValues ?? [];
    const list = raw.map((v) => typed(key, type, v));
    if (type.endsWith("List")) values.set(key.toLowerCase(), list);
    else if (list.length === 1) values.set(key.toLowerCase(), list[0]!);
    else throw invalidInput(`${field}.contextKeyValues`, `Context key ${key} of type ${type} takes exactly one value.`);
  });
  return values;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function wildcard(pattern: string, action: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

/** Condition keys of the statements that concern `action`, as written (first spelling kept). */
export function conditionKeysFor(document: string, action: string): string[] {
  let parsed: unknown;
  try { parsed = JSON.parse(document); } catch { return []; }
  const keys = new Map<string, string>();
  const statements = list((parsed as { Statement?: unknown } | null)?.Statement);
  for (const s of statements) {
    if (typeof s !== "object" || s === null) continue;
    const st = s as Record<string, unknown>;
    const concerns = st["Action"] !== undefined
      ? list(st["Action"]).some((p) => typeof p === "string" && wildcard(p, action))
      : !list(st["NotAction"]).some((p) => typeof p === "string" && wildcard(p, action));
    if (!concerns || typeof st["Condition"] !== "object" || st["Condition"] === null) continue;
    for (const block of Object.values(st["Condition"] as Record<string, unknown>)) {
      if (typeof block !== "object" || block === null) continue;
      for (const key of Object.keys(block)) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
    }
  }
  return [...keys.values()];
}
