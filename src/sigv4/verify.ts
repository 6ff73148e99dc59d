import { createHmac, timingSafeEqual } from "node:crypto";
import { fault, invalid } from "../kernel/index.js";
import { canonicalRequest, stringToSign } from "./canonical.js";
import { parseSignedRequest } from "./parse.js";
import { checkPayloadClaim, checkPayloadMode } from "./payload.js";
import { deriveSigningKey } from "./signing-keys.js";
import type { CredentialScope, IncomingSignedRequest, VerifiedSignature, VerifyOptions } from "./types.js";
import { indexHeaders } from "./wire.js";
import { checkSignatureWindow } from "./window.js";

/** AWS's allowed clock skew; deployments may widen it up to MAX_SKEW_SECONDS. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;
export const MAX_SKEW_SECONDS = 900;

const SHA256_HEX = /^[0-9a-f]{64}$/;

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/**
 * Verifies an AWS Signature Version 4 (header or presigned URL) against the server's view of
 * the request. The checks run cheapest first, and only a well-formed, current request costs a
 * key lookup: shape (missing-authentication, incomplete-signature), time window
 * (signature-expired), key (unrecognized-client), body hash and signature (invalid-signature).
 * Messages name the problem, never the secret or the expected signature.
 */
export async function verifySigV4(req: IncomingSignedRequest, opts: VerifyOptions): Promise<VerifiedSignature> {
  return (await beginSigV4(req, opts)).finish(req.bodySha256);
}

/** A signature whose shape, time window and key checked out; the body is still to be read. */
export interface SignatureInProgress {
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  /** Checks the body hash and the signature itself; throws a Fault. */
  finish(bodySha256: string): VerifiedSignature;
}

/**
 * The part of verification that needs no body: an unsigned, stale or unknown-key request is
 * refused before the server reads (and holds) a byte of what it sends.
 */
export async function beginSigV4(req: Omit<IncomingSignedRequest, "bodySha256">, opts: VerifyOptions): Promise<SignatureInProgress> {
  const skew = opts.maxSkewSeconds;
  if (!Number.isInteger(skew) || skew < 1 || skew > MAX_SKEW_SECONDS) {
    throw invalid("maxSkewSeconds", `Member must be a whole number of seconds between 1 and ${MAX_SKEW_SECONDS}`);
  }
  const headers = indexHeaders(req.headers);
  const parts = parseSignedRequest(req, headers);
  checkPayloadMode(headers);
  checkSignatureWindow(parts, opts.clock.now(), skew);

  const secret = await opts.lookup(parts.accessKeyId);
  if (!secret) throw fault("unrecognized-client", "The security token included in the request is invalid.");

  return {
    accessKeyId: parts.accessKeyId,
    scope: parts.scope,
    finish(bodySha256: string): VerifiedSignature {
      if (!SHA256_HEX.test(bodySha256)) {
        throw fault("internal", "bodySha256 must be the lower-case hex SHA-256 of the request body.");
      }
      checkPayloadClaim(headers, bodySha256);
      const toSign = stringToSign(parts, canonicalRequest(req.method, headers, parts, bodySha256));
      const cache = opts.signingKeys;
      const { key, cached } = cache ? cache.key(parts.accessKeyId, secret.secretAccessKey, parts.scope)
        : { key: deriveSigningKey(secret.secretAccessKey.reveal(), parts.scope), cached: false };
      const expected = createHmac("sha256", key).update(toSign, "utf8").digest();
      // Both are 32 bytes: parse checked the provided signature is 64 hex digits.
      if (!timingSafeEqual(expected, Buffer.from(parts.signature, "hex"))) throw fault("invalid-signature", MISMATCH);
      if (cache && !cached) cache.remember(parts.accessKeyId, secret.secretAccessKey, parts.scope, key);
      return {
        accessKeyId: parts.accessKeyId,
        scope: parts.scope,
        signedHeaders: parts.signedHeaders,
        ...(parts.sessionToken !== undefined ? { sessionToken: parts.sessionToken } : {}),
        presigned: parts.presigned,
        signedAt: parts.signedAt,
      };
    },
  };
}
