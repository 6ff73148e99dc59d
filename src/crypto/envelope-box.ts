// Types only: the Encryption SDK is loaded when a box is first used (see keyrings.ts).
import type { buildDecrypt } from "@aws-crypto/decrypt-node";
import type { buildEncrypt } from "@aws-crypto/encrypt-node";
import type { AlgorithmSuiteIdentifier, KeyringNode } from "@aws-crypto/material-management-node";
import { fault, invalid } from "../kernel/index.js";
import { KMS_KEY_PROVIDER_ID, contextAccount, dataKeyLabels, envelopeKey, envelopeSealedUnder, keyInfoName } from "./envelope-keys.js";
import type { CustomerKeys, KeyInfo, SealingKey } from "./envelope-keys.js";
import type { KeyringSource } from "./keyrings.js";
import type { VersionedKeyring } from "./root-keyring.js";
import type { EncryptionContext, SecretBox } from "./secret-box.js";

/**
 * Key-committing AES-256-GCM with HKDF-SHA512 and no signature (suite 0x0478), written as its
 * number so that naming it loads no SDK; envelope-box.test.ts checks it against the SDK's enum.
 */
export const ENVELOPE_SUITE = 0x0478 as AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

type Client = ReturnType<typeof buildEncrypt> & ReturnType<typeof buildDecrypt>;
type RawAes = typeof import("@aws-crypto/raw-aes-keyring-node");
/** `keyring` is the fixed root keyring; absent when the root is versioned (asked per message instead). */
interface Loaded { readonly client: Client; readonly keyring?: KeyringNode; readonly raw: RawAes }

/** Keys the Encryption SDK reserves for itself inside an encryption context. */
const RESERVED_PREFIX = "aws-crypto-";

export interface EnvelopeOptions {
  /** Data keys per message a ciphertext may carry; more is refused before any unwrapping. */
  readonly maxEncryptedDataKeys?: number;
  /** Largest plaintext `open` accepts, in bytes. */
  readonly maxBodySize?: number;
  /**
   * plinth's KMS, when this box may seal under customer keys. Absent (the box that seals KMS key
   * material itself): everything is sealed under the root keyring, and a value naming a customer
   * key does not open.
   */
  readonly keys?: CustomerKeys;
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
  readonly #source: KeyringSource | VersionedKeyring;
  readonly #maxEncryptedDataKeys: number;
  readonly #maxBodySize: number | undefined;
  readonly #keys: CustomerKeys | undefined;
  #sdk: Promise<Loaded> | undefined;

  constructor(keyring: KeyringSource | VersionedKeyring, options: EnvelopeOptions = {}) {
    const maxKeys = options.maxEncryptedDataKeys ?? 1;
    // Checked here, as the SDK would when the client is built, so a bad option fails at start-up.
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw invalid("maxEncryptedDataKeys", "must be a whole number of at least 1");
    this.#source = keyring;
    this.#maxEncryptedDataKeys = maxKeys;
    this.#maxBodySize = options.maxBodySize;
    this.#keys = options.keys;
  }

  async seal(plaintext: Uint8Array, context: EncryptionContext, key?: SealingKey): Promise<Uint8Array> {
    const purpose = checkContext(context);
    const loaded = await this.#loaded();
    const account = contextAccount(context);
    const keys = this.#keys;
    if (key !== undefined && !keys) throw fault("internal", `this box cannot reach customer keys (purpose ${purpose})`);
    // The default key is the account's, and only a context that binds an account can choose it.
    const target = key ?? (keys && account !== undefined ? await keys.defaultKey(account) : undefined);
    if (target === undefined || !keys) return this.#encrypt(loaded, await this.#rootSealing(loaded), plaintext, context, purpose);
    return keys.withCurrent(target, (material, version) =>
      this.#encrypt(loaded, kmsKeyring(loaded.raw, { arn: target.arn, version }, material), plaintext, context, purpose));
  }

  async retired(ciphertext: Uint8Array): Promise<boolean> {
    const source = this.#source;
    return isVersioned(source) ? source.retired(ciphertext) : false;
  }

  sealedUnder(ciphertext: Uint8Array): SealingKey | undefined {
    return envelopeSealedUnder(ciphertext, this.#maxEncryptedDataKeys);
  }

  async #encrypt({ client }: Loaded, keyring: KeyringNode, plaintext: Uint8Array, context: EncryptionContext, purpose: string): Promise<Uint8Array> {
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
    const loaded = await this.#loaded();
    const labels = dataKeyLabels(ciphertext, this.#maxEncryptedDataKeys);
    const named = labels && envelopeKey(labels);
    const keys = this.#keys;
    if (named && !keys) throw fault("internal", `a stored value is sealed under a customer key this box cannot reach (purpose ${purpose})`);
    // A value bound to an account is only ever sealed under that account's keys: one naming another
    // account's key was not written by plinth for this use, and no key of that account is asked.
    const account = contextAccount(context);
    if (named && account !== undefined && named.arn.split(":")[4] !== account) {
      throw fault("internal", `a stored value names another account's key (purpose ${purpose})`);
    }
    const decrypted = named && keys
      ? await keys.withVersion(named, (material) => this.#decrypt(loaded, kmsKeyring(loaded.raw, named, material), ciphertext, purpose))
      : await this.#decrypt(loaded, await this.#rootOpening(loaded, ciphertext), ciphertext, purpose);
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

  async #decrypt({ client }: Loaded, keyring: KeyringNode, ciphertext: Uint8Array, purpose: string): Promise<Awaited<ReturnType<Client["decrypt"]>>> {
    try {
      return await client.decrypt(keyring, ciphertext, this.#maxBodySize === undefined ? {} : { maxBodySize: this.#maxBodySize });
    } catch {
      throw fault("internal", `a stored value could not be opened: wrong key, damaged or not a plinth ciphertext (purpose ${purpose})`);
    }
  }

  /** The root keyring new values are sealed with: a versioned root's newest version. */
  #rootSealing(loaded: Loaded): Promise<KeyringNode> | KeyringNode {
    const source = this.#source;
    return isVersioned(source) ? source.sealingKeyring() : loaded.keyring!;
  }

  /** The root keyring that opens `ciphertext`: a versioned root's version the header names. */
  #rootOpening(loaded: Loaded, ciphertext: Uint8Array): Promise<KeyringNode> | KeyringNode {
    const source = this.#source;
    return isVersioned(source) ? source.openingKeyring(ciphertext) : loaded.keyring!;
  }

  /** The SDK client, root keyring and raw AES keyring module, made on first use and shared by every later call. */
  #loaded(): Promise<Loaded> {
    this.#sdk ??= (async () => {
      // The encrypt/decrypt packages, not @aws-crypto/client-node: that one also loads the AWS KMS
      // and DynamoDB clients (~15 MiB of memory) for keyrings plinth does not use.
      const [{ buildEncrypt }, { buildDecrypt }, { CommitmentPolicy }, raw] = await Promise.all([
        import("@aws-crypto/encrypt-node"), import("@aws-crypto/decrypt-node"), import("@aws-crypto/material-management-node"),
        import("@aws-crypto/raw-aes-keyring-node"),
      ]);
      const options = { commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: this.#maxEncryptedDataKeys };
      const client: Client = { ...buildEncrypt(options), ...buildDecrypt(options) };
      const source = this.#source;
      if (isVersioned(source)) return { client, raw };
      return { client, raw, keyring: "keyring" in source && typeof source.keyring === "function" ? await source.keyring() : source as KeyringNode };
    })();
    return this.#sdk;
  }
}

/**
 * AES-256-GCM wrapping of one message's data key under one material version of a KMS key. The
 * keyring takes its own copy of the material (the SDK zeroes what it is given), so the caller's
 * copy can be zeroed as soon as the message is done.
 */
function kmsKeyring(raw: RawAes, key: KeyInfo, material: Uint8Array): KeyringNode {
  return new raw.RawAesKeyringNode({
    keyNamespace: KMS_KEY_PROVIDER_ID,
    keyName: keyInfoName(key),
    unencryptedMasterKey: new Uint8Array(material),
    wrappingSuite: raw.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

function isVersioned(source: KeyringSource | VersionedKeyring): source is VersionedKeyring {
  return typeof (source as Partial<VersionedKeyring>).sealingKeyring === "function";
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
