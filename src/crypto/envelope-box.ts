// Types only: the Encryption SDK is loaded when a box is first used (see keyrings.ts).
import type { buildDecrypt } from "@aws-crypto/decrypt-node";
import type { buildEncrypt } from "@aws-crypto/encrypt-node";
import type { AlgorithmSuiteIdentifier, KeyringNode } from "@aws-crypto/material-management-node";
import { fault, invalid } from "../kernel/index.js";
import type { KeyringSource } from "./keyrings.js";
import type { EncryptionContext, SecretBox } from "./secret-box.js";

/**
 * Key-committing AES-256-GCM with HKDF-SHA512 and no signature (suite 0x0478), written as its
 * number so that naming it loads no SDK; envelope-box.test.ts checks it against the SDK's enum.
 */
export const ENVELOPE_SUITE = 0x0478 as AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

type Client = ReturnType<typeof buildEncrypt> & ReturnType<typeof buildDecrypt>;

/** Keys the Encryption SDK reserves for itself inside an encryption context. */
const RESERVED_PREFIX = "aws-crypto-";

export interface EnvelopeOptions {
  /** Data keys per message a ciphertext may carry; more is refused before any unwrapping. */
  readonly maxEncryptedDataKeys?: number;
  /** Largest plaintext `open` accepts, in bytes. */
  readonly maxBodySize?: number;
}

/**
 * Envelope encryption with the AWS Encryption SDK: a fresh data key per message, wrapped by the
 * keyring given. Which keyring (root key, customer-managed key, external KMS) is the caller's
 * choice; the message format and the checks below stay the same.
 *
 * `open` re-checks what the SDK leaves to the caller: that the message uses the suite we write
 * and that its authenticated encryption context is exactly the one expected.
 */
export class EnvelopeSecretBox implements SecretBox {
  readonly #source: KeyringSource;
  readonly #maxEncryptedDataKeys: number;
  readonly #maxBodySize: number | undefined;
  #sdk: Promise<{ client: Client; keyring: KeyringNode }> | undefined;

  constructor(keyring: KeyringSource, options: EnvelopeOptions = {}) {
    const maxKeys = options.maxEncryptedDataKeys ?? 1;
    // Checked here, as the SDK would when the client is built, so a bad option fails at start-up.
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw invalid("maxEncryptedDataKeys", "must be a whole number of at least 1");
    this.#source = keyring;
    this.#maxEncryptedDataKeys = maxKeys;
    this.#maxBodySize = options.maxBodySize;
  }

  async seal(plaintext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const purpose = checkContext(context);
    const { client, keyring } = await this.#loaded();
    let sealed: Uint8Array;
    try {
      const { result } = await client.encrypt(keyring, plaintext, { suiteId: ENVELOPE_SUITE, encryptionContext: { ...context } });
      sealed = result;
    } catch {
      // SDK messages describe keys and suites, never plaintext, but the caller needs none of it.
      throw fault("internal", `a value could not be sealed (purpose ${purpose})`);
    }
    return new Uint8Array(sealed);
  }

  async open(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const purpose = checkContext(context);
    const { client, keyring } = await this.#loaded();
    let decrypted: Awaited<ReturnType<Client["decrypt"]>>;
    try {
      decrypted = await client.decrypt(keyring, ciphertext, this.#maxBodySize === undefined ? {} : { maxBodySize: this.#maxBodySize });
    } catch {
      throw fault("internal", `a stored value could not be opened: wrong key, damaged or not a plinth ciphertext (purpose ${purpose})`);
    }
    const { plaintext, messageHeader } = decrypted;
    try {
      if (messageHeader.suiteId !== ENVELOPE_SUITE) {
        throw fault("internal", `a stored value uses an unexpected algorithm suite (purpose ${purpose})`);
      }
      if (!sameContext(messageHeader.encryptionContext, context)) {
        throw fault("internal", `a stored value is bound to another encryption context (purpose ${purpose})`);
      }
      return new Uint8Array(plaintext);
    } finally {
      plaintext.fill(0);
    }
  }

  /** The SDK client and keyring, made on first use and shared by every later call. */
  #loaded(): Promise<{ client: Client; keyring: KeyringNode }> {
    this.#sdk ??= (async () => {
      // The encrypt/decrypt packages, not @aws-crypto/client-node: that one also loads the AWS KMS
      // and DynamoDB clients (~15 MiB of memory) for keyrings plinth does not use.
      const [{ buildEncrypt }, { buildDecrypt }, { CommitmentPolicy }] = await Promise.all([
        import("@aws-crypto/encrypt-node"), import("@aws-crypto/decrypt-node"), import("@aws-crypto/material-management-node"),
      ]);
      const options = { commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: this.#maxEncryptedDataKeys };
      const client: Client = { ...buildEncrypt(options), ...buildDecrypt(options) };
      const source = this.#source;
      return { client, keyring: "keyring" in source && typeof source.keyring === "function" ? await source.keyring() : source as KeyringNode };
    })();
    return this.#sdk;
  }
}

/** Returns the purpose; an unusable context is a programming error, so the fault is internal. */
function checkContext(context: EncryptionContext): string {
  const purpose = context["purpose"];
  if (typeof purpose !== "string" || purpose.length === 0) {
    throw fault("internal", "an encryption context must name a purpose");
  }
  for (const [key, value] of Object.entries(context)) {
    if (key.startsWith(RESERVED_PREFIX)) throw fault("internal", `encryption context key ${key} is reserved`);
    if (typeof value !== "string") throw fault("internal", `encryption context value for ${key} is not a string`);
  }
  return purpose;
}

/** Every expected pair is present and the message carries nothing else. */
function sameContext(actual: Readonly<Record<string, string>>, expected: EncryptionContext): boolean {
  const expectedKeys = Object.keys(expected);
  if (Object.keys(actual).length !== expectedKeys.length) return false;
  return expectedKeys.every((key) => Object.hasOwn(actual, key) && actual[key] === expected[key]);
}
