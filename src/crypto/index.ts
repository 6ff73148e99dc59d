export { RootKey, ROOT_KEY_BYTES } from "./root-key.js";
export { loadOrCreateRootKey, ROOT_KEY_FILE } from "./root-key-file.js";
export type { EncryptionContext, SecretBox } from "./secret-box.js";
export { EnvelopeSecretBox, ENVELOPE_SUITE } from "./envelope-box.js";
export type { EnvelopeOptions } from "./envelope-box.js";
export { rootKeyring, ROOT_KEY_NAME, ROOT_KEY_NAMESPACE } from "./keyrings.js";
export type { DeferredKeyring, KeyringSource } from "./keyrings.js";
