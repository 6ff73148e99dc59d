import type { SealingKey } from "./envelope-keys.js";

/**
 * What binds a sealed value to its use: it is authenticated with the ciphertext (not secret, so
 * only identifiers and purposes belong in it) and must be presented again, identical, to open.
 * Every context names a `purpose`, e.g. `{ purpose: "access-key-secret", accessKeyId }`, so a
 * value sealed for one use cannot be replayed as another.
 */
export type EncryptionContext = Readonly<Record<string, string>>;


/**
 * Encryption at rest for small values (secrets, settings, records). Implementations hold their
 * key material privately; callers see only ciphertext in and plaintext out. A damaged or
 * mismatched value is a Fault of kind "internal" whose message never contains the plaintext or
 * the key; a customer key that cannot be used (disabled, deleted) is KMS's own Fault.
 */
export interface SecretBox {
  /**
   * Seals under `key` (a KMS key ARN, resolved and authorised by the caller), else under the
   * account's plinth-managed default key when the context binds an `accountId` and the box
   * reaches plinth's KMS, else under the root key. The envelope records which key.
   */
  seal(plaintext: Uint8Array, context: EncryptionContext, key?: SealingKey): Promise<Uint8Array>;
  /** Opens with whichever key the envelope names; values sealed under the root key still open. */
  open(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
  /** The customer key a sealed value names, read from its envelope without any key; undefined for the root key. */
  sealedUnder(ciphertext: Uint8Array): SealingKey | undefined;
  /**
   * True when the value is sealed under a root key version that is no longer on disk: a root
   * rotation retired it between this value's seal and now. Asked after writing a root-sealed
   * value; the writer, which still holds the plaintext, then seals it again. Absent: never.
   */
  retired?(ciphertext: Uint8Array): Promise<boolean>;
}
