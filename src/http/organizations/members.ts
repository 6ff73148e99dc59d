import { Fault } from "../../kernel/index.js";
import { OrganizationsFault, invalidInput } from "../../service/organizations/index.js";
import { parseJsonBody } from "../bedrock-runtime/json-body.js";

/**
 * Reading awsJson1.1 request members as the Organizations model defines them. Each refusal is
 * an InvalidInputException whose `Reason` is the model's (INPUT_REQUIRED, INVALID_PATTERN,
 * MAX_LENGTH_EXCEEDED, ...) and whose message names the member, never its value.
 */
export type Obj = Readonly<Record<string, unknown>>;

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** What the pattern means, for the message (the model's regular expression). */
  readonly described?: string;
  /** The model's reason for a pattern mismatch where it has a specific one. */
  readonly patternReason?: string;
}

/** The JSON object of the request; awsJson sends `{}` when an operation has no members. */
export function readBody(body: Buffer, contentType: string | undefined, known: readonly string[], shape: string): Obj {
  if (contentType !== undefined && !/^application\/x-amz-json-1\.[01]\s*(;|$)/i.test(contentType)) {
    throw new Fault("unsupported-media-type", "The request body must be sent as application/x-amz-json-1.1");
  }
  const value = parseJsonBody(body, {});
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw typeError("body", "a JSON object");
  const o = value as Obj;
  for (const key of Object.keys(o)) {
    if (own(o, key) === undefined || known.includes(key)) continue;
    const named = /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(key) ? `'${key}' is not a recognized member of ${shape}` : `${shape} contains an unrecognized member`;
    throw new OrganizationsFault("validation", "invalid-input", named, { field: "body" });
  }
  return o;
}

/** An explicit null is an absent member; inherited names (`__proto__`) are never members. */
export function own(o: Obj, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  const value = o[key];
  return value === null ? undefined : value;
}

export function optString(o: Obj, key: string, rule: StringRule = {}, field = key): string | undefined {
  const value = own(o, key);
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw typeError(field, "a string");
  const length = [...value].length;
  if (rule.min !== undefined && length < rule.min) throw invalidInput("MIN_LENGTH_EXCEEDED", field, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && length > rule.max) throw invalidInput("MAX_LENGTH_EXCEEDED", field, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) {
    throw invalidInput(rule.patternReason ?? "INVALID_PATTERN", field, `Member must satisfy regular expression pattern: ${rule.described ?? rule.pattern.source}`);
  }
  return value;
}

export function string(o: Obj, key: string, rule: StringRule = {}, field = key): string {
  const value = optString(o, key, rule, field);
  if (value === undefined) throw invalidInput("INPUT_REQUIRED", field, "Member must not be null");
  return value;
}

export function optEnum<T extends string>(o: Obj, key: string, values: readonly T[], reason = "INVALID_ENUM", field = key): T | undefined {
  const value = own(o, key);
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
    throw invalidInput(reason, field, `Member must satisfy enum value set: [${values.join(", ")}]`);
  }
  return value as T;
}

export function enumOf<T extends string>(o: Obj, key: string, values: readonly T[], reason = "INVALID_ENUM"): T {
  const value = optEnum(o, key, values, reason);
  if (value === undefined) throw invalidInput("INPUT_REQUIRED", key, "Member must not be null");
  return value;
}

export function optInt(o: Obj, key: string, min: number, max: number): number | undefined {
  const value = own(o, key);
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(key, "an integer");
  if (value < min) throw invalidInput("MIN_VALUE_EXCEEDED", key, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalidInput("MAX_VALUE_EXCEEDED", key, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optList(o: Obj, key: string): readonly unknown[] | undefined {
  const value = own(o, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw typeError(key, "a list");
  return value;
}

export function object(value: unknown, field: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw typeError(field, "a structure");
  return value as Obj;
}

function typeError(field: string, expected: string): OrganizationsFault {
  return new OrganizationsFault("validation", "invalid-input",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be ${expected}`, { field });
}
