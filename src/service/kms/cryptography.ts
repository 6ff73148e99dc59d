import { randomBytes } from "node:crypto";
import { decryptBlob, encryptBlob, invalidCiphertext, parseBlob, withMaterial } from "../../crypto/index.js";
import type { EncryptionContext, ParsedBlob } from "../../crypto/index.js";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Sensitive } from "../../kernel/index.js";
import type { KmsKeyRecord } from "../../store/index.js";
import { KMS_REASONS } from "./faults.js";
import type { KmsKeys } from "./keys.js";
import type { KmsCaller, KmsPorts, ResolvedKey } from "./ports.js";

export interface Encrypted {
  readonly ciphertext: Uint8Array;
  readonly keyArn: string;
}

export interface Decrypted {
  readonly plaintext: Sensitive<Uint8Array>;
  readonly keyArn: string;
}

export interface DataKey extends Encrypted {
  /** Absent for GenerateDataKeyWithoutPlaintext. */
  readonly plaintext?: Sensitive<Uint8Array>;
}

/** A ciphertext blob with the key it names, resolved before authorisation (Decrypt, ReEncrypt's source). */
export interface SourceBlob extends ResolvedKey {
  readonly blob: ParsedBlob;
}

/**
 * Encrypt, Decrypt, ReEncrypt and data keys with a key's material, opened from its sealed form
 * for the one operation and zeroed after. The encryption context is authenticated with the
 * ciphertext: Decrypt with any other context fails as an invalid ciphertext.
 */
export class KmsCryptography {
  constructor(private readonly ports: KmsPorts, private readonly keys: KmsKeys) {}

  /**
   * The key a blob names. A blob that is not ours, or names no key, is an invalid ciphertext;
   * with a KeyId given, a blob of another key is IncorrectKey (as in KMS).
   */
  async source(caller: KmsCaller, ciphertext: Uint8Array, keyId: string | undefined): Promise<SourceBlob> {
    const blob = parseBlob(ciphertext);
    if (!blob) throw invalidCiphertext();
    const named = keyId === undefined ? undefined : await this.keys.resolver.resolve(caller, keyId);
    const key = await this.keys.resolver.live(blob.keyId);
    if (named && named.key.keyId !== blob.keyId) {
      throw new Fault("validation", "The key ID in the request does not identify the key that encrypted the ciphertext", { field: "KeyId", reason: KMS_REASONS.incorrectKey });
    }
    if (!key) throw invalidCiphertext();
    return { key, blob, ...(named?.requestAlias === undefined ? {} : { requestAlias: named.requestAlias }) };
  }

  async encrypt(target: KmsKeyRecord, plaintext: Sensitive<Uint8Array>, context: EncryptionContext): Promise<Encrypted> {
    const k = this.keys.usable(await this.keys.current(target));
    const ciphertext = await this.#encrypt(k, plaintext.reveal(), context);
    await this.keys.recordUse(k);
    return { ciphertext, keyArn: k.arn };
  }

  async decrypt(source: SourceBlob, context: EncryptionContext): Promise<Decrypted> {
    const k = this.keys.usable(await this.keys.current(source.key));
    const plaintext = sensitive(await this.#decrypt(k, source.blob, context));
    await this.keys.recordUse(k);
    return { plaintext, keyArn: k.arn };
  }

  /** Decrypts under the source key and encrypts under the destination, the plaintext never leaving this call. */
  async reEncrypt(source: SourceBlob, sourceContext: EncryptionContext, destination: KmsKeyRecord, destinationContext: EncryptionContext): Promise<Encrypted & { readonly sourceArn: string }> {
    const from = this.keys.usable(await this.keys.current(source.key));
    const to = this.keys.usable(await this.keys.current(destination));
    const plaintext = await this.#decrypt(from, source.blob, sourceContext);
    try {
      const ciphertext = await this.#encrypt(to, plaintext, destinationContext);
      await Promise.all([this.keys.recordUse(from), this.keys.recordUse(to)]);
      return { ciphertext, keyArn: to.arn, sourceArn: from.arn };
    } finally {
      plaintext.fill(0);
    }
  }

  /** A fresh random data key, and that key encrypted under `target`. */
  async generateDataKey(target: KmsKeyRecord, bytes: number, context: EncryptionContext, withPlaintext: boolean): Promise<DataKey> {
    const k = this.keys.usable(await this.keys.current(target));
    const dataKey = new Uint8Array(randomBytes(bytes));
    try {
      const ciphertext = await this.#encrypt(k, dataKey, context);
      await this.keys.recordUse(k);
      if (withPlaintext) return { ciphertext, keyArn: k.arn, plaintext: sensitive(new Uint8Array(dataKey)) };
      return { ciphertext, keyArn: k.arn };
    } finally {
      dataKey.fill(0);
    }
  }

  async #encrypt(k: KmsKeyRecord, plaintext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const material = await this.#sealed(k, k.currentVersion);
    return withMaterial(this.ports.box, material, k.arn, k.currentVersion, (bytes) =>
      encryptBlob(bytes, { keyId: k.keyId, materialVersion: k.currentVersion }, context, plaintext));
  }

  async #decrypt(k: KmsKeyRecord, blob: ParsedBlob, context: EncryptionContext): Promise<Uint8Array> {
    if (blob.materialVersion > k.currentVersion) throw invalidCiphertext();
    const material = await this.#sealed(k, blob.materialVersion);
    return withMaterial(this.ports.box, material, k.arn, blob.materialVersion, (bytes) => decryptBlob(bytes, blob, context));
  }

  async #sealed(k: KmsKeyRecord, version: number): Promise<Uint8Array> {
    const row = await this.ports.store.getMaterial(k.keyId, version);
    // A version the key never had: the blob was not made by this key.
    if (!row) throw invalidCiphertext();
    return row.sealed;
  }
}
