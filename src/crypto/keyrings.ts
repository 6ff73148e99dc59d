import type { KeyringNode } from "@aws-crypto/material-management-node";
import type { RootKey } from "./root-key.js";

/**
 * Keyrings wrap and unwrap data keys; the envelope format never depends on which one is used.
 * The root keyring is the embedded default. External key managers (AWS KMS, Vault Transit) do
 * not replace it: they supply the root key it is built from (wrapped-root-key.ts, root-of-trust/),
 * so what is sealed does not depend on where the root key came from.
 */
export const ROOT_KEY_NAMESPACE = "plinth";
export const ROOT_KEY_NAME = "plinth-root";

/**
 * A keyring made on first use. The Encryption SDK costs about 27 MiB resident once loaded (it
 * brings AWS SDK clients for its KMS keyrings), so a server that seals and opens nothing, or
 * not yet, should not carry it.
 */
export interface DeferredKeyring {
  /** The keyring, made once; later calls return the same one. */
  readonly keyring: () => Promise<KeyringNode>;
}

/** What EnvelopeSecretBox takes: a keyring, or one made when the box is first used. */
export type KeyringSource = KeyringNode | DeferredKeyring;

/** AES-256-GCM wrapping of each message's data key under the root key. */
export function rootKeyring(rootKey: RootKey): DeferredKeyring {
  // Copied now, while the root key is certainly alive; the SDK zeroes the buffer it is given
  // once it holds the key, so it gets this copy and nothing else keeps one.
  const unencryptedMasterKey = rootKey.use((bytes) => new Uint8Array(bytes));
  let made: Promise<KeyringNode> | undefined;
  return {
    keyring: () => (made ??= import("@aws-crypto/raw-aes-keyring-node").then(({ RawAesKeyringNode, RawAesWrappingSuiteIdentifier }) =>
      new RawAesKeyringNode({
        keyNamespace: ROOT_KEY_NAMESPACE,
        keyName: ROOT_KEY_NAME,
        unencryptedMasterKey,
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      }))),
  };
}
