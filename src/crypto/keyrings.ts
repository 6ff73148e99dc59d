import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/client-node";
import type { KeyringNode } from "@aws-crypto/client-node";
import type { RootKey } from "./root-key.js";

/**
 * Keyrings wrap and unwrap data keys; the envelope format never depends on which one is used.
 * The root keyring is the embedded default. Customer-managed keys and external key managers
 * (KMS, Vault Transit) arrive as further keyring factories here, passed to EnvelopeSecretBox.
 */
export const ROOT_KEY_NAMESPACE = "plinth";
export const ROOT_KEY_NAME = "plinth-root";

/** AES-256-GCM wrapping of each message's data key under the root key. */
export function rootKeyring(rootKey: RootKey): KeyringNode {
  // The SDK zeroes the buffer it is given once it holds the key, so it gets its own copy.
  const unencryptedMasterKey = rootKey.use((bytes) => new Uint8Array(bytes));
  return new RawAesKeyringNode({
    keyNamespace: ROOT_KEY_NAMESPACE,
    keyName: ROOT_KEY_NAME,
    unencryptedMasterKey,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}
