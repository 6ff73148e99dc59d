import { SHA256_HEADER, UNSIGNED_PAYLOAD } from "./names.js";
import { fault } from "../kernel/index.js";
import { incomplete } from "./authorization.js";
import { headerValues } from "./wire.js";
import type { HeaderIndex } from "./wire.js";

/**
 * x-amz-content-sha256 is the client's claim about the body. Signing modes that leave the body
 * out of the signature (UNSIGNED-PAYLOAD, STREAMING-* aws-chunked) exist only for S3 and plinth
 * serves no S3 routes; accepting them would let a body be swapped under a valid signature. They
 * are reported as incomplete-signature: the request is well formed, but its signature does not
 * cover everything these routes require it to.
 */
export function checkPayloadMode(headers: HeaderIndex): void {
  for (const value of headerValues(headers, SHA256_HEADER)) {
    const claim = value.trim();
    if (claim === UNSIGNED_PAYLOAD || claim.startsWith("STREAMING-")) {
      const shown = /^[A-Z0-9-]{1,64}$/.test(claim) ? `'${claim}'` : "this value";
      throw incomplete(`x-amz-content-sha256 ${shown} is not supported: the signature must cover the SHA-256 of the request body.`);
    }
  }
}

/**
 * The claim must equal the hash of the bytes the server read. The canonical request uses the
 * server's hash either way, so a false claim could never verify; checking it first gives the
 * client the precise reason (S3 calls it XAmzContentSHA256Mismatch).
 */
export function checkPayloadClaim(headers: HeaderIndex, bodySha256: string): void {
  const claims = headerValues(headers, SHA256_HEADER);
  if (claims.length === 0) return;
  if (claims.length > 1 || claims[0]!.trim() !== bodySha256) {
    throw fault("invalid-signature", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}
