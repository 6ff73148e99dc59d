import type { GeneratedTlsMaterial } from "./ensure.js";
import type { OperatorTlsMaterial } from "./operator.js";

export { CA_RENEW_BEFORE_DAYS, ensureTlsMaterial, SERVER_RENEW_BEFORE_DAYS } from "./ensure.js";
export type { CaReplacement, EnsureTlsOptions, GeneratedTlsMaterial } from "./ensure.js";
export { CA_NOTICE_DAYS, tlsNotices } from "./notices.js";
export type { TlsNotice } from "./notices.js";
export { loadOperatorTls } from "./operator.js";
export type { OperatorTlsFiles, OperatorTlsMaterial } from "./operator.js";
export { LOCAL_NAMES } from "./names.js";
export { TLS_FILES } from "./files.js";

/** What the listener needs, whichever way it was obtained. */
export type TlsMaterial = GeneratedTlsMaterial | OperatorTlsMaterial;
