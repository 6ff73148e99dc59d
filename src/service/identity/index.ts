export { bootstrapAdministrator } from "./bootstrap.js";
export type { Administrator, BootstrapResult } from "./bootstrap.js";
export { CredentialResolver, accessKeySecretContext } from "./credentials.js";
export type { AccessKeySource, AccessKeyView, ResolvedCredential, SecretOpener } from "./credentials.js";
export { AccessKeyUsage } from "./usage.js";
