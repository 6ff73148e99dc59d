import type { EncryptionContext } from "./secret-box.js";

/**
 * How an envelope names the customer key that wraps its data key. The Encryption SDK writes one
 * encrypted data key per wrapping key, each with a provider id and provider info; plinth's KMS
 * keys use the raw AES keyring's layout under their own provider id, with the key name
 * `<key ARN>#<material version>`, so a reader knows which key and which of its material versions
 * to ask for before anything is decrypted. Records sealed under the root key carry the root
 * keyring's provider id instead (keyrings.ts) and open as before.
 */
export const KMS_KEY_PROVIDER_ID = "plinth-kms";

/** The raw AES keyring's provider info after the key name: tag length and IV length (32-bit each), then the IV. */
const RAW_AES_INFO_TAIL = 4 + 4 + 12;

/** A customer key as a SecretBox caller names it: its canonical KMS key ARN, resolved once. */
export interface SealingKey {
  readonly arn: string;
}

/** A key and material version, as written in an envelope. */
export interface KeyInfo {
  readonly arn: string;
  readonly version: number;
}

/** The key name an envelope records for a key and material version. */
export function keyInfoName(key: KeyInfo): string {
  if (!Number.isSafeInteger(key.version) || key.version < 1) throw new RangeError("a material version is a positive integer");
  return `${key.arn}#${key.version}`;
}

/** The key and version a key name records, or undefined for any other shape. */
export function parseKeyInfoName(name: string): KeyInfo | undefined {
  const hash = name.lastIndexOf("#");
  if (hash < 1) return undefined;
  const arn = name.slice(0, hash);
  const digits = name.slice(hash + 1);
  if (!/^[1-9][0-9]{0,8}$/.test(digits) || !/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(arn)) return undefined;
  return { arn, version: Number(digits) };
}

/** An encrypted data key's provider id and info, as read from a message header. */
export interface DataKeyLabel {
  readonly providerId: string;
  readonly providerInfo: Uint8Array;
}

/**
 * The encryption context a version-2 message carries in its header (authenticated, not secret),
 * read without any key: after version, suite and message id, a 16-bit length and the context as
 * a 16-bit count of length-prefixed key and value pairs. undefined for anything else. A reader
 * that learns a binding from here must check it against what it then decrypts.
 */
export function envelopeContext(message: Uint8Array): Record<string, string> | undefined {
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (view.length < 37 || view[0] !== 0x02) return undefined;
  let at = 35;
  const u16 = (): number | undefined => {
    if (at + 2 > view.length) return undefined;
    const n = view.readUInt16BE(at);
    at += 2;
    return n;
  };
  const text = (): string | undefined => {
    const n = u16();
    if (n === undefined || at + n > view.length) return undefined;
    const out = view.subarray(at, at + n).toString("utf8");
    at += n;
    return out;
  };
  const length = u16();
  if (length === undefined || at + length > view.length) return undefined;
  const out: Record<string, string> = {};
  if (length === 0) return out;
  const count = u16();
  if (count === undefined) return undefined;
  for (let i = 0; i < count; i++) {
    const key = text();
    const value = text();
    if (key === undefined || value === undefined || Object.hasOwn(out, key)) return undefined;
    out[key] = value;
  }
  return out;
}

/**
 * The encrypted data keys' labels of a version-2 (key-committing) message, read without any key:
 * version (1), suite (2), message id (32), context length (2) and context, the data key count
 * (2), then per data key three length-prefixed (16-bit) fields. undefined for anything else,
 * including more data keys than `max` (refused before any unwrapping, as the SDK does).
 */
export function dataKeyLabels(message: Uint8Array, max: number): DataKeyLabel[] | undefined {
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  let at = 0;
  const u16 = (): number | undefined => {
    if (at + 2 > view.length) return undefined;
    const n = view.readUInt16BE(at);
    at += 2;
    return n;
  };
  const bytes = (): Uint8Array | undefined => {
    const n = u16();
    if (n === undefined || at + n > view.length) return undefined;
    const out = view.subarray(at, at + n);
    at += n;
    return out;
  };
  if (view[0] !== 0x02) return undefined;
  at = 1 + 2 + 32;
  if (bytes() === undefined) return undefined;
  const count = u16();
  if (count === undefined || count < 1 || count > max) return undefined;
  const labels: DataKeyLabel[] = [];
  for (let i = 0; i < count; i++) {
    const id = bytes();
    const info = bytes();
    if (id === undefined || info === undefined || bytes() === undefined) return undefined;
    labels.push({ providerId: Buffer.from(id).toString("utf8"), providerInfo: new Uint8Array(info) });
  }
  return labels;
}

/** The customer key an envelope's data key is wrapped by, or undefined when it names none (the root key). */
export function envelopeKey(labels: readonly DataKeyLabel[]): KeyInfo | undefined {
  const label = labels.find((l) => l.providerId === KMS_KEY_PROVIDER_ID);
  if (!label || label.providerInfo.length <= RAW_AES_INFO_TAIL) return undefined;
  return parseKeyInfoName(Buffer.from(label.providerInfo.subarray(0, label.providerInfo.length - RAW_AES_INFO_TAIL)).toString("utf8"));
}

/** The customer key a sealed value names, read from its header alone; undefined for the root key or anything unreadable. */
export function envelopeSealedUnder(ciphertext: Uint8Array, maxEncryptedDataKeys = 1): SealingKey | undefined {
  const labels = dataKeyLabels(ciphertext, maxEncryptedDataKeys);
  const key = labels && envelopeKey(labels);
  return key ? { arn: key.arn } : undefined;
}

/**
 * Where customer keys' material comes from (plinth's KMS): the box asks for it per message and
 * never keeps it. Refusals (a disabled key, a deleted one) are the KMS's own Faults and reach the
 * caller as they are, so "the key is disabled" is not reported as a damaged record.
 */
export interface CustomerKeys {
  /** The key a value is sealed under when the caller names none: the account's plinth-managed default key (made on first use). */
  defaultKey(accountId: string): Promise<SealingKey>;
  /** Runs `fn` with a copy of the key's current material, zeroed after; refused unless the key is enabled. */
  withCurrent<T>(key: SealingKey, fn: (material: Uint8Array, version: number) => Promise<T>): Promise<T>;
  /** Runs `fn` with a copy of one material version, zeroed after; refused unless the key is enabled. */
  withVersion<T>(key: KeyInfo, fn: (material: Uint8Array) => Promise<T>): Promise<T>;
}

/** The account a context binds, which chooses the default key; undefined when it binds none. */
export function contextAccount(context: EncryptionContext): string | undefined {
  const account = context["accountId"];
  return typeof account === "string" && /^\d{12}$/.test(account) ? account : undefined;
}
