import { ALGORITHM as ALGORITHM_IDENTIFIER } from "./names.js";
import { fault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";
import { headerValues } from "./wire.js";
import type { HeaderIndex } from "./wire.js";

/** The signing inputs as a request carries them, before their shapes are checked. */
export interface RawSignedFields {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  sessionToken?: string;
  /** Presigned URLs only: the X-Amz-Expires value, as sent. */
  expires?: string;
}

export function incomplete(message: string): Fault {
  return fault("incomplete-signature", message);
}

/** Quotes a value in a message only when it is a plain token: never echo arbitrary input. */
export function quoteToken(value: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(value) ? ` '${value}'` : "";
}

const REQUIRED = ["Credential", "SignedHeaders", "Signature"] as const;

/** Reads `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` and X-Amz-Date. */
export function fromAuthorizationHeader(values: readonly string[], headers: HeaderIndex): RawSignedFields {
  if (values.length > 1) throw incomplete("The Authorization header must appear only once.");
  const value = (values[0] ?? "").trim();
  const space = value.indexOf(" ");
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw incomplete(`Unsupported Authorization type${quoteToken(algorithm)}: only ${ALGORITHM_IDENTIFIER} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const item of space < 0 ? [] : value.slice(space + 1).split(",")) {
    const part = item.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw incomplete("Authorization header is malformed: expected Name=value components separated by commas.");
    const name = part.slice(0, eq).trim();
    if (fields.has(name)) throw incomplete(`Authorization header repeats the${quoteToken(name)} component.`);
    fields.set(name, part.slice(eq + 1).trim());
  }
  const missing = REQUIRED.filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw incomplete(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "));
  }
  const dates = headerValues(headers, "x-amz-date");
  if (dates.length === 0) throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
  if (dates.length > 1) throw incomplete("The X-Amz-Date header must appear only once.");
  const tokens = headerValues(headers, "x-amz-security-token");
  if (tokens.length > 1) throw incomplete("The X-Amz-Security-Token header must appear only once.");
  return {
    credential: fields.get("Credential")!,
    signedHeaders: fields.get("SignedHeaders")!,
    signature: fields.get("Signature")!,
    amzDate: dates[0]!.trim(),
    ...(tokens[0] !== undefined ? { sessionToken: tokens[0].trim() } : {}),
  };
}
