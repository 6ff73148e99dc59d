import { invalid } from "../../kernel/index.js";
import type { QueryObject, QueryValue } from "../protocols/query-form.js";

/**
 * Reading awsQuery members against the constraints of the STS model (lengths, patterns,
 * list sizes). A member that breaks one is a validation error naming it as AWS names it
 * (`roleSessionName`, `tags.member.2.key`); the value itself is never quoted back.
 */
export interface StringRule {
  readonly min: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

export function optionalString(form: QueryObject, member: string, field: string, rule: StringRule): string | undefined {
  const value = form[member];
  if (value === undefined) return undefined;
  return checkString(value, field, rule);
}

export function requiredString(form: QueryObject, member: string, field: string, rule: StringRule): string {
  const value = optionalString(form, member, field, rule);
  if (value === undefined) throw invalid(field, "Member must not be null");
  return value;
}

export function checkString(value: QueryValue | undefined, field: string, rule: StringRule): string {
  if (typeof value !== "string") throw invalid(field, "Member must be a string");
  // Lengths count characters as AWS does (code points, not UTF-16 units).
  const length = [...value].length;
  if (length < rule.min) throw invalid(field, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && length > rule.max) throw invalid(field, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) throw invalid(field, `Member must satisfy regular expression pattern: ${rule.pattern.source.slice(1, -1)}`);
  return value;
}

export function optionalInteger(form: QueryObject, member: string, field: string): number | undefined {
  const value = form[member];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^-?\d{1,10}$/.test(value)) throw invalid(field, "Member must be an integer");
  return Number(value);
}

/** An awsQuery list: absent or `Member=` (how the SDK sends an empty list) is empty. */
export function list(form: QueryObject, member: string, field: string, max: number): readonly QueryValue[] {
  const value = form[member];
  if (value === undefined || value === "") return [];
  if (!Array.isArray(value)) throw invalid(field, "Member must be a list");
  if (value.length > max) throw invalid(field, `Member must have length less than or equal to ${max}`);
  return value;
}

export function structure(value: QueryValue, field: string): QueryObject {
  if (typeof value !== "object" || Array.isArray(value)) throw invalid(field, "Member must be a structure");
  return value;
}
