import { Fault, invalid } from "../../kernel/index.js";
import { own } from "../organizations/members.js";
import type { Obj } from "../organizations/members.js";

export { own, readBody } from "../organizations/members.js";
export type { Obj } from "../organizations/members.js";

/**
 * Reading KMS request members (botocore kms 2014-11-01 shapes): each refusal is a
 * ValidationException naming the member and the constraint, never quoting a blob.
 */
export function optString(o: Obj, key: string, min: number, max: number): string | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalid(key, "Member must be a string");
  const length = [...v].length;
  if (length < min) throw invalid(key, `Member must have length greater than or equal to ${min}`);
  if (length > max) throw invalid(key, `Member must have length less than or equal to ${max}`);
  return v;
}

export function string(o: Obj, key: string, min: number, max: number): string {
  const v = optString(o, key, min, max);
  if (v === undefined) throw invalid(key, "Member must not be null");
  return v;
}

export function optInt(o: Obj, key: string, min: number, max: number): number | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw invalid(key, "Member must be an integer");
  if (v < min) throw invalid(key, `Member must have value greater than or equal to ${min}`);
  if (v > max) throw invalid(key, `Member must have value less than or equal to ${max}`);
  return v;
}

export function optBool(o: Obj, key: string): boolean | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw invalid(key, "Member must be a boolean");
  return v;
}

export function optEnum<T extends string>(o: Obj, key: string, values: readonly T[]): T | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) throw invalid(key, `Member must satisfy enum value set: [${values.join(", ")}]`);
  return v as T;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member: base64 text in JSON, `min`..`max` bytes once decoded. */
export function optBlob(o: Obj, key: string, min: number, max: number): Uint8Array | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  // Longer text than the largest blob could encode is refused before it is decoded.
  if (typeof v !== "string" || v.length > Math.ceil(max / 3) * 4 || !BASE64.test(v)) throw invalid(key, "Member must be base64-encoded binary data");
  const bytes = Buffer.from(v, "base64");
  if (bytes.length < min) throw invalid(key, `Member must have length greater than or equal to ${min}`);
  if (bytes.length > max) throw invalid(key, `Member must have length less than or equal to ${max}`);
  return bytes;
}

export function blob(o: Obj, key: string, min: number, max: number): Uint8Array {
  const v = optBlob(o, key, min, max);
  if (v === undefined) throw invalid(key, "Member must not be null");
  return v;
}

/** KMS bounds no context in its model; plinth takes up to 64 pairs and 8 KiB in all, which every AWS integration stays far below. */
export const MAX_CONTEXT_PAIRS = 64;
export const MAX_CONTEXT_BYTES = 8192;

export function context(o: Obj, key: string): Readonly<Record<string, string>> {
  const v = own(o, key);
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw invalid(key, "Member must be a map of strings");
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let size = 0;
  const entries = Object.entries(v as Obj);
  if (entries.length > MAX_CONTEXT_PAIRS) throw invalid(key, `Member must have at most ${MAX_CONTEXT_PAIRS} entries`);
  const folded = new Set<string>();
  for (const [k, value] of entries) {
    if (typeof value !== "string") throw invalid(key, "Member must be a map of strings");
    if (k.length === 0) throw invalid(key, "Member keys must not be empty");
    // Policies read kms:EncryptionContext:<key> without case (KMS's own advice: no pairs that
    // differ only by case); with two such pairs the caller would pick which value a policy sees.
    if (folded.has(k.toLowerCase())) throw invalid(key, "Member keys must differ by more than case");
    folded.add(k.toLowerCase());
    size += Buffer.byteLength(k) + Buffer.byteLength(value);
    out[k] = value;
  }
  if (size > MAX_CONTEXT_BYTES) throw invalid(key, `Member must be at most ${MAX_CONTEXT_BYTES} bytes in all`);
  return { ...out };
}

/** plinth has no grants: a grant token cannot be valid here, so one is refused rather than ignored. */
export function noGrantTokens(o: Obj): void {
  const v = own(o, "GrantTokens");
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length > 10) throw invalid("GrantTokens", "Member must be a list of at most 10 tokens");
  if (v.length > 0) throw new Fault("validation", "Grants are not supported here: GrantTokens must be empty", { field: "GrantTokens", reason: "invalid-grant-token" });
}

/** Only SYMMETRIC_DEFAULT: the other algorithms are for asymmetric keys, which plinth does not make. */
export function symmetricAlgorithm(o: Obj, key: string): void {
  const v = optEnum(o, key, ["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"] as const);
  if (v !== undefined && v !== "SYMMETRIC_DEFAULT") {
    throw new Fault("validation", `${key} ${v} is not supported: plinth's KMS keys are SYMMETRIC_DEFAULT`, { field: key, reason: "unsupported-operation" });
  }
}

/** Members for a feature plinth lacks (Recipient attestation): refused, naming the member. */
export function refuse(o: Obj, key: string, why: string): void {
  if (own(o, key) !== undefined) throw new Fault("validation", `${key} is not supported: ${why}`, { field: key, reason: "unsupported-operation" });
}

export function tags(o: Obj, key: string): { key: string; value: string }[] {
  const v = own(o, key);
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(key, "Member must be a list of tags");
  return v.map((t, i) => {
    if (typeof t !== "object" || t === null) throw invalid(`${key}.${i + 1}`, "Member must be a tag");
    return { key: string(t as Obj, "TagKey", 1, 128), value: string(t as Obj, "TagValue", 0, 256) };
  });
}

export function stringList(o: Obj, key: string, max: number): string[] {
  const v = own(o, key);
  if (v === undefined) throw invalid(key, "Member must not be null");
  if (!Array.isArray(v) || v.length > max || v.some((s) => typeof s !== "string")) throw invalid(key, `Member must be a list of at most ${max} strings`);
  return v as string[];
}
