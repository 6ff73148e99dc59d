import { Fault, parseArn } from "../../kernel/index.js";
import { KMS_REASONS } from "./faults.js";

export const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** KMS's AliasName pattern, with the `alias/` prefix it requires. */
export const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
/** Names KMS keeps for AWS managed keys. */
const RESERVED_ALIAS = /^alias\/aws\//i;

export const keyArn = (region: string, accountId: string, keyId: string): string => `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArn = (region: string, accountId: string, aliasName: string): string => `arn:aws:kms:${region}:${accountId}:${aliasName}`;

/** What a KeyId member names, before any lookup: KMS takes four spellings. */
export type KeyName =
  | { readonly kind: "id"; readonly keyId: string }
  | { readonly kind: "key-arn"; readonly region: string; readonly accountId: string; readonly keyId: string }
  | { readonly kind: "alias"; readonly aliasName: string }
  | { readonly kind: "alias-arn"; readonly region: string; readonly accountId: string; readonly aliasName: string };

/** undefined when the text is none of the four (the caller answers NotFound, as KMS does). */
export function parseKeyName(text: string): KeyName | undefined {
  if (KEY_ID.test(text)) return { kind: "id", keyId: text };
  if (text.startsWith("alias/")) return ALIAS_NAME.test(text) ? { kind: "alias", aliasName: text } : undefined;
  if (!text.startsWith("arn:")) return undefined;
  const arn = parseArn(text);
  if (!arn || arn.partition !== "aws" || arn.service !== "kms" || !/^\d{12}$/.test(arn.account)) return undefined;
  if (arn.resource.startsWith("key/")) {
    const keyId = arn.resource.slice(4);
    return KEY_ID.test(keyId) ? { kind: "key-arn", region: arn.region, accountId: arn.account, keyId } : undefined;
  }
  return ALIAS_NAME.test(arn.resource) ? { kind: "alias-arn", region: arn.region, accountId: arn.account, aliasName: arn.resource } : undefined;
}

/** An alias name a caller may create: `alias/` and KMS's characters, not AWS's reserved `alias/aws/`. */
export function requireAliasName(name: string, field = "AliasName"): string {
  if (!ALIAS_NAME.test(name)) {
    throw new Fault("validation", `${field} must begin with alias/ followed by letters, digits, /, _ or -, at most 256 characters`, { field, reason: KMS_REASONS.invalidAliasName });
  }
  if (RESERVED_ALIAS.test(name)) throw new Fault("validation", `${field} must not begin with alias/aws/: that prefix is reserved for AWS managed keys`, { field, reason: KMS_REASONS.invalidAliasName });
  return name;
}

/** Short identifier-like text may be quoted in a message; anything else is described. */
export function quoted(text: string): string {
  return /^[A-Za-z0-9:/_-]{1,300}$/.test(text) ? text : "(the KeyId given)";
}

/** Whether an ARN names a KMS key (whose resource policy is a key policy). */
export function isKeyArn(arn: string): boolean {
  return /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//.test(arn);
}
