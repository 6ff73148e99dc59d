import { invalid } from "../../../kernel/index.js";

/**
 * Small checks that decode the Smithy-modelled JSON body and fail the way AWS does: a
 * validation Fault naming the wire path (`messages.0.content.1.image.format`). The problem text
 * quotes only constraints (limits, patterns, enum values, member names we define), never the
 * customer's value, so no decoder here can leak content into an error message.
 */
export type Obj = Readonly<Record<string, unknown>>;

export const at = (parent: string, key: string | number): string => (parent === "" ? String(key) : `${parent}.${key}`);

/** A customer-chosen key is echoed only when it looks like a member name; anything else might be content. */
const SAFE_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;
export const safeName = (key: string): boolean => SAFE_NAME.test(key);

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, field: string): Obj {
  if (!isObj(value)) throw invalid(field, "Member must be a JSON object");
  return value;
}

/**
 * restJson1 treats an explicit null member as an absent one, so decoders never see null.
 * Reading through `own` also keeps inherited properties (`__proto__`, `constructor`) out.
 */
export function own(o: Obj, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  const value = o[key];
  return value === null ? undefined : value;
}

export function need(o: Obj, key: string, field: string): unknown {
  const value = own(o, key);
  if (value === undefined) throw invalid(at(field, key), "Member must not be null");
  return value;
}

/** Members present (non-null) on an object. */
export const present = (o: Obj): string[] => Object.keys(o).filter((k) => own(o, k) !== undefined);

/**
 * Rejects members the shape does not define. `shape` is the Smithy shape name for the message.
 * `refused` maps members the model defines but plinth does not serve to the reason.
 */
export function closed(o: Obj, field: string, shape: string, known: readonly string[], refused: Readonly<Record<string, string>> = {}): void {
  for (const key of present(o)) {
    const reason = Object.prototype.hasOwnProperty.call(refused, key) ? refused[key] : undefined;
    if (reason !== undefined) throw invalid(at(field, key), `Member is not supported: ${reason}`);
    if (known.includes(key)) continue;
    if (safeName(key)) throw invalid(at(field, key), `Member is not a recognized member of ${shape}`);
    throw invalid(field === "" ? "body" : field, `${shape} contains an unrecognized member`);
  }
}

/** A union: exactly one member set. Unknown and refused members fail as in `closed`. */
export function union(o: Obj, field: string, shape: string, known: readonly string[], refused: Readonly<Record<string, string>> = {}): [string, unknown] {
  closed(o, field, shape, known, refused);
  const set = present(o);
  if (set.length !== 1) throw invalid(field, `Member must set exactly one of [${known.join(", ")}]`);
  const key = set[0] as string;
  return [key, o[key]];
}

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** The pattern as the model writes it, for the message. */
  readonly patternText?: string;
}

export function str(value: unknown, field: string, rule: StringRule = {}): string {
  if (typeof value !== "string") throw invalid(field, "Member must be a string");
  if (rule.min !== undefined && value.length < rule.min) throw invalid(field, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max) throw invalid(field, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) throw invalid(field, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, values: readonly T[]): T {
  if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
    throw invalid(field, `Member must satisfy enum value set: [${values.join(", ")}]`);
  }
  return value as T;
}

export function list(value: unknown, field: string, min = 0, max = Infinity): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(field, "Member must be a list");
  if (value.length < min) throw invalid(field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
  return value;
}

/** A JSON number in range. restJson1's "NaN"/"Infinity" strings are refused: no knob needs them. */
export function num(value: unknown, field: string, min: number, max: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(field, "Member must be a number");
  if (integer && !Number.isInteger(value)) throw invalid(field, "Member must be an integer");
  if (value < min) throw invalid(field, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalid(field, `Member must have value less than or equal to ${max}`);
  return value;
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

/** A Smithy blob in JSON: standard, padded base64 (what every AWS SDK sends). Node's decoder alone would skip garbage. */
export function blob(value: unknown, field: string, min = 0, max = Infinity): Uint8Array {
  if (typeof value !== "string" || value.length % 4 !== 0 || !BASE64.test(value)) throw invalid(field, "Member must be base64-encoded binary data");
  const bytes = new Uint8Array(Buffer.from(value, "base64"));
  if (bytes.length < min) throw invalid(field, `Member must have length greater than or equal to ${min}`);
  if (bytes.length > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
  return bytes;
}
