import type { GeneratedTlsMaterial } from "./ensure.js";
import type { OperatorTlsMaterial } from "./operator.js";

export { ensureTlsMaterial, RENEW_BEFORE_DAYS } from "./ensure.js";
export type { EnsureTlsOptions, GeneratedTlsMaterial } from "./ensure.js";
export { loadOperatorTls } from "./operator.js";
export type { OperatorTlsFiles, OperatorTlsMaterial } from "./operator.js";
export { LOCAL_NAMES } from "./names.js";
export { TLS_FILES } from "./files.js";

/** What the listener needs, whichever way it was obtained. */
export type TlsMaterial = GeneratedTlsMaterial | OperatorTlsMaterial;
