import type { CredentialScope } from "./types.js";

/** The scope terminator: the last element of every SigV4 credential. */
export const SCOPE_TERMINATOR = "aws4_request";

/**
 * Strict shapes for what the credential names. The values route the request, pick the key and
 * may appear in messages and audit records, so anything outside these shapes is malformed.
 */
const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;
const SCOPE_DATE = /^\d{8}$/;
const SCOPE_NAME = /^[a-z0-9-]{1,64}$/;

export interface Credential {
  accessKeyId: string;
  scope: CredentialScope;
}

/** Parses `AKID/YYYYMMDD/region/service/aws4_request`; undefined when it has another shape. */
export function parseCredential(value: string): Credential | undefined {
  const parts = value.split("/");
  if (parts.length !== 5) return undefined;
  const [accessKeyId = "", date = "", region = "", service = "", terminator] = parts;
  if (!ACCESS_KEY_ID.test(accessKeyId) || !SCOPE_DATE.test(date)) return undefined;
  if (!SCOPE_NAME.test(region) || !SCOPE_NAME.test(service) || terminator !== SCOPE_TERMINATOR) return undefined;
  return { accessKeyId, scope: { date, region, service } };
}

export const CREDENTIAL_FORMAT = `"<access-key-id>/YYYYMMDD/<region>/<service>/${SCOPE_TERMINATOR}"`;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Parses an ISO 8601 basic timestamp (20150830T123600Z). Out-of-range fields (month 13,
 * second 61) are rejected.
 */
export function parseAmzDate(value: string): Date | undefined {
  // Requests signed within the same second carry the same X-Amz-Date: the last one read is kept
  // (as a number: each caller gets a Date of its own, which it may change).
  if (value === last.text) return new Date(last.ms);
  const date = readAmzDate(value);
  if (date !== undefined) last = { text: value, ms: date.getTime() };
  return date;
}

let last = { text: "", ms: 0 };

function readAmzDate(value: string): Date | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Date.UTC carries overflow into the next field (and maps years 0-99 to 1900-1999): the
  // fields read back differ exactly when the text was out of range.
  const same = date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d &&
    date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same ? date : undefined;
}

/** Formats a time the way X-Amz-Date carries it, dropping milliseconds. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}
