import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { fault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";
import { canonicalContext } from "./encryption-context.js";
import { IV_BYTES, TAG_BYTES, encodeHeader } from "./kms-ciphertext.js";
import type { BlobHeader, ParsedBlob } from "./kms-ciphertext.js";
import type { EncryptionContext, SecretBox } from "./secret-box.js";

/** A KMS key's material: AES-256. */
export const KEY_MATERIAL_BYTES = 32;

/** The SecretBox purpose under which key material is sealed at rest. */
export const KEY_MATERIAL_PURPOSE = "kms-key-material";

/** Fresh material for a new key or rotation; the caller zeroes it once sealed. */
export function newKeyMaterial(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_MATERIAL_BYTES));
}

/** Binds sealed material to its key and version: a row copied to another key does not open. */
export function materialContext(keyArn: string, version: number): EncryptionContext {
  return { purpose: KEY_MATERIAL_PURPOSE, keyArn, version: String(version) };
}

/**
 * Runs `fn` with a key's material opened from its sealed form, and zeroes the bytes afterwards
 * (whatever `fn` does): the plaintext material lives only for the length of one operation.
 */
export async function withMaterial<T>(box: SecretBox, sealed: Uint8Array, keyArn: string, version: number, fn: (material: Uint8Array) => T): Promise<T> {
  const material = await box.open(sealed, materialContext(keyArn, version));
  try {
    if (material.length !== KEY_MATERIAL_BYTES) throw fault("internal", "stored key material has the wrong length");
    return fn(material);
  } finally {
    material.fill(0);
  }
}

/** Encrypts under one material version: a version-1 blob (see kms-ciphertext.ts). */
export function encryptBlob(material: Uint8Array, header: BlobHeader, context: EncryptionContext, plaintext: Uint8Array): Uint8Array {
  const head = encodeHeader(header);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", material, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]);
}

/**
 * The plaintext of a parsed blob, or a fault with reason `invalid-ciphertext` when the tag does
 * not verify: a wrong encryption context, a changed byte, or another key's material all look
 * the same, and the message says nothing more (as KMS's InvalidCiphertextException).
 */
export function decryptBlob(material: Uint8Array, blob: ParsedBlob, context: EncryptionContext): Uint8Array {
  const decipher = createDecipheriv("aes-256-gcm", material, blob.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.concat([blob.header, canonicalContext(context)]));
  decipher.setAuthTag(blob.tag);
  const out = decipher.update(blob.body);
  try {
    const last = decipher.final();
    // Returned as is (a Buffer is a Uint8Array), so no unzeroed copy is left behind.
    return last.length === 0 ? out : Buffer.concat([out, last]);
  } catch {
    out.fill(0);
    throw invalidCiphertext();
  }
}

export function invalidCiphertext(): Fault {
  return fault("validation", "The ciphertext is not valid for this key and encryption context", { reason: "invalid-ciphertext" });
}
