/**
 * What binds a sealed value to its use: it is authenticated with the ciphertext (not secret, so
 * only identifiers and purposes belong in it) and must be presented again, identical, to open.
 * Every context names a `purpose`, e.g. `{ purpose: "access-key-secret", accessKeyId }`, so a
 * value sealed for one use cannot be replayed as another.
 */
export type EncryptionContext = Readonly<Record<string, string>>;

/**
 * Encryption at rest for small values (secrets, settings). Implementations hold their key
 * material privately; callers see only ciphertext in and plaintext out. Failures are kernel
 * Faults of kind "internal" whose message never contains the plaintext or the key.
 */
export interface SecretBox {
  seal(plaintext: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
  open(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}
