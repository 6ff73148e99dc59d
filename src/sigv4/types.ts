import type { Clock, Sensitive } from "../kernel/index.js";
import type { SigningKeyCache } from "./signing-keys.js";

/**
 * A request as the HTTP edge received it. The verifier needs the wire form, not a framework's
 * parsed view: the canonical request is built from the still-encoded path, the exact header
 * list (duplicates and HTTP/2 pseudo-headers included) and the hash of the bytes actually read.
 */
export interface IncomingSignedRequest {
  method: string;
  /**
   * The raw request target as received on the wire: path still percent-encoded, plus ?query.
   * Non-ASCII bytes, if the edge lets any through, must be decoded as UTF-8.
   */
  rawTarget: string;
  /**
   * Headers exactly as received, in order, names as sent; duplicates as separate entries.
   * Over HTTP/2 this includes pseudo-headers such as ':authority'.
   */
  headers: ReadonlyArray<readonly [string, string]>;
  /** hex sha256 of the request body, computed by the server from the bytes it read. */
  bodySha256: string;
}

export interface SigningSecret {
  secretAccessKey: Sensitive<string>;
}

export interface VerifyOptions {
  clock: Clock;
  /** Allowed distance between X-Amz-Date and now, both ways: 1..900, AWS uses 300. */
  maxSkewSeconds: number;
  lookup(accessKeyId: string): Promise<SigningSecret | undefined>;
  /** Derived signing keys kept between requests; without it every verification derives its key. */
  signingKeys?: SigningKeyCache;
}

export interface CredentialScope {
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

/**
 * What a valid signature proves. The scope is returned, not checked: the caller knows which
 * region and signing name (e.g. 'bedrock') the endpoint answers for and must compare them.
 * Only the headers listed in signedHeaders are covered by the signature.
 */
export interface VerifiedSignature {
  accessKeyId: string;
  scope: CredentialScope;
  signedHeaders: string[];
  /** x-amz-security-token header or X-Amz-Security-Token query param; not validated here. */
  sessionToken?: string;
  presigned: boolean;
  signedAt: Date;
}
