import { invalid } from "../kernel/index.js";

/**
 * Shapes the store relies on. They are checked again here, not only at the API edge, because
 * the schema depends on them: user names must be ASCII for case-insensitive uniqueness to mean
 * the same on SQLite and PostgreSQL, and timestamps must fit the fixed-width ISO text form.
 */
export const ACCOUNT_ID = /^\d{12}$/;
export const USER_ID = /^AIDA[A-Z0-9]{16}$/;
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
export const USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const USER_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;

export function requireShape(field: string, value: string, shape: RegExp, described: string): void {
  if (!shape.test(value)) throw invalid(field, described);
}

/** The stored form of a time: ISO-8601 UTC with milliseconds, 24 characters. */
export function isoTime(field: string, at: Date): string {
  const year = at.getUTCFullYear();
  if (!Number.isFinite(at.getTime()) || year < 0 || year > 9999) throw invalid(field, "must be a valid time between years 0000 and 9999");
  return at.toISOString();
}

/** Views the bytes as a Buffer without copying: both drivers bind Buffers as blob/bytea. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array copy, so callers never hold a driver's Buffer. */
export function asBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}
