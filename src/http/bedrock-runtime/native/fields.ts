import { invalid } from "../../../kernel/index.js";

/**
 * Checks for native bodies. Every failure is a validation Fault naming the JSON path inside the
 * body (`messages.0.content.1.source.media_type`); the problem text states the constraint only,
 * never the value, so no family can leak a prompt into an error message.
 *
 * Unknown members are refused everywhere: Bedrock validates each native body against the
 * model's schema and answers "extraneous key [...] is not permitted", and a member we dropped
 * silently could be a setting the caller relies on. An explicit JSON null counts as absent.
 */
export type Obj = Readonly<Record<string, unknown>>;

export const at = (parent: string, key: string | number): string => (parent === "" ? String(key) : `${parent}.${key}`);

/** The root of a body has no path of its own. */
const named = (field: string): string => (field === "" ? "body" : field);

export function obj(value: unknown, field: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid(named(field), "Member must be a JSON object");
  return value as Obj;
}

/** Own, non-null members only: inherited names (`__proto__`, `constructor`) never count. */
export function own(o: Obj, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  const value = o[key];
  return value === null ? undefined : value;
}

/** A key is echoed only when it looks like a member name: anything else might be content. */
const MEMBER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function closed(o: Obj, field: string, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (known.includes(key) || own(o, key) === undefined) continue;
    if (MEMBER_NAME.test(key)) throw invalid(at(field, key), "extraneous key is not permitted");
    throw invalid(named(field), "Member contains an extraneous key that is not permitted");
  }
}

export function need(o: Obj, key: string, field: string): unknown {
  const value = own(o, key);
  if (value === undefined) throw invalid(at(field, key), "Member must not be null");
  return value;
}

export interface Limits {
  readonly min?: number;
  readonly max?: number;
}

export function str(value: unknown, field: string, limits: Limits = {}): string {
  if (typeof value !== "string") throw invalid(field, "Member must be a string");
  length(value.length, field, limits);
  return value;
}

export function list(value: unknown, field: string, limits: Limits = {}): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, "Member must be a list");
  length(value.length, field, limits);
  return value;
}

function length(n: number, field: string, { min, max }: Limits): void {
  if (min !== undefined && n < min) throw invalid(field, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined && n > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
}

export function strings(value: unknown, field: string, items: Limits = {}, each: Limits = {}): string[] {
  return list(value, field, items).map((s, i) => str(s, at(field, i), each));
}

export function num(value: unknown, field: string, min: number, max: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(field, "Member must be a number");
  if (integer && !Number.isInteger(value)) throw invalid(field, "Member must be an integer");
  if (value < min) throw invalid(field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalid(field, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional number member: undefined when absent. */
export function optNum(o: Obj, key: string, field: string, min: number, max: number, integer = false): number | undefined {
  const value = own(o, key);
  return value === undefined ? undefined : num(value, at(field, key), min, max, integer);
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw invalid(field, "Member must be a boolean");
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
    throw invalid(field, `Member must satisfy enum value set: [${values.join(", ")}]`);
  }
  return value as T;
}

/** Drops undefined members so commands compare and serialise cleanly. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
