import { invalid } from "../../kernel/index.js";
import { at, own } from "./validate-members.js";
import type { Obj } from "./validate-members.js";

/**
 * Scalars, lists and blobs, with the wording of AWS's Smithy validation ("Member must ...").
 * Messages quote the constraint (limits, patterns, enum values), never the customer's value.
 */
export interface Limits {
  readonly min?: number;
  readonly max?: number;
}

export interface StringRule extends Limits {
  readonly pattern?: RegExp;
  /** The pattern as the model writes it, for the message. */
  readonly patternText?: string;
}

/** A length (characters, items or bytes) within limits. */
function length(n: number, field: string, { min, max }: Limits): void {
  if (min !== undefined && n < min) throw invalid(field, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined && n > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
}

export function str(value: unknown, field: string, rule: StringRule = {}): string {
  if (typeof value !== "string") throw invalid(field, "Member must be a string");
  length(value.length, field, rule);
  if (rule.pattern && !rule.pattern.test(value)) throw invalid(field, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  return value;
}

export function list(value: unknown, field: string, limits: Limits = {}): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, "Member must be a list");
  length(value.length, field, limits);
  return value;
}

/** A list of strings: `items` bounds the list, `each` every string. */
export function strings(value: unknown, field: string, items: Limits = {}, each: StringRule = {}): string[] {
  return list(value, field, items).map((s, i) => str(s, at(field, i), each));
}

export function oneOf<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
    throw invalid(field, `Member must satisfy enum value set: [${values.join(", ")}]`);
  }
  return value as T;
}

/** A JSON number in range. restJson1's "NaN"/"Infinity" strings are refused: no knob needs them. */
export function num(value: unknown, field: string, min: number, max: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(field, "Member must be a number");
  if (integer && !Number.isInteger(value)) throw invalid(field, "Member must be an integer");
  if (value < min) throw invalid(field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalid(field, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional number member of `o`: undefined when absent. */
export function optNum(o: Obj, key: string, field: string, min: number, max: number, integer = false): number | undefined {
  const value = own(o, key);
  return value === undefined ? undefined : num(value, at(field, key), min, max, integer);
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw invalid(field, "Member must be a boolean");
  return value;
}

/**
 * Alphabet then at most two pads, in whole quads. A flat character class, not a repeated group:
 * V8 backtracks a repeated group on its stack and overflows on a 25 MB body.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Binary data in JSON (a Smithy blob, a native body's image): standard, padded base64, as every
 * AWS SDK sends it; Node's decoder alone would skip garbage. Limits count decoded bytes.
 */
export function blob(value: unknown, field: string, limits: Limits = {}): Uint8Array {
  if (typeof value !== "string" || value.length % 4 !== 0 || !BASE64.test(value)) throw invalid(field, "Member must be base64-encoded binary data");
  const bytes = new Uint8Array(Buffer.from(value, "base64"));
  length(bytes.length, field, limits);
  return bytes;
}

/** Drops undefined members so commands compare and serialise cleanly. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
