/**
 * The form of a Bedrock long-term API key, as AWS issues it in CreateServiceSpecificCredential's
 * ServiceCredentialSecret: `ABSK` followed by the base64 of `<alias>:<secret>`. Secret scanners
 * (and people) recognise keys by that prefix and shape, so plinth's keys keep it exactly.
 */
export const LONG_TERM_KEY_PREFIX = "ABSK";

/** Longer than any key plinth issues (an alias of at most 200 characters and a 64-character secret). */
const MAX_KEY_CHARS = 512;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ALIAS = /^[\w+=,.@-]{1,200}$/;
const SECRET = /^[A-Za-z0-9+/=]{16,256}$/;

export interface LongTermKeyParts {
  readonly alias: string;
  readonly secret: string;
}

export function formatLongTermKey(alias: string, secret: string): string {
  return LONG_TERM_KEY_PREFIX + Buffer.from(`${alias}:${secret}`, "utf8").toString("base64");
}

/**
 * The alias and secret a key carries, or undefined when it is not a well-formed long-term key.
 * The base64 must be canonical (it re-encodes to itself), so one key has one spelling.
 */
export function parseLongTermKey(key: string): LongTermKeyParts | undefined {
  if (!key.startsWith(LONG_TERM_KEY_PREFIX) || key.length > MAX_KEY_CHARS) return undefined;
  const encoded = key.slice(LONG_TERM_KEY_PREFIX.length);
  if (!BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64");
  if (decoded.toString("base64") !== encoded) return undefined;
  const text = decoded.toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  const alias = text.slice(0, colon);
  const secret = text.slice(colon + 1);
  return ALIAS.test(alias) && SECRET.test(secret) ? { alias, secret } : undefined;
}
