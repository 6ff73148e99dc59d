export { beginSigV4, verifySigV4, DEFAULT_MAX_SKEW_SECONDS, MAX_SKEW_SECONDS } from "./verify.js";
export { readCredentialScope } from "./parse.js";
export { SigningKeyCache, DEFAULT_SIGNING_KEYS } from "./signing-keys.js";
export type { SignatureInProgress } from "./verify.js";
export type {
  IncomingSignedRequest, SigningSecret, VerifyOptions, VerifiedSignature, CredentialScope,
} from "./types.js";
