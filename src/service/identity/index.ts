export { bootstrapAdministrator } from "./bootstrap.js";
export type { Administrator, BootstrapResult } from "./bootstrap.js";
export { CredentialResolver, accessKeySecretContext, openAccessKeySecret } from "./credentials.js";
export type { AccessKeySource, AccessKeyView, ResolvedCredential, SecretOpener } from "./credentials.js";
export { AccessKeyUsage } from "./usage.js";
export { LONG_TERM_KEY_PREFIX, formatLongTermKey, parseLongTermKey } from "./long-term-api-key.js";
export type { LongTermKeyParts } from "./long-term-api-key.js";
export { BEDROCK_SERVICE_NAME, LongTermKeyResolver, openServiceCredentialSecret, serviceCredentialSecretContext } from "./long-term-key-resolver.js";
export type { ServiceCredentialSource } from "./long-term-key-resolver.js";
