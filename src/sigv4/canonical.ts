import { createHmac } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { ALGORITHM_IDENTIFIER, SignatureV4Base, createScope, getCanonicalHeaders } from "@smithy/signature-v4";
import type { Sensitive } from "../kernel/index.js";
import { SCOPE_TERMINATOR } from "./credential.js";
import type { SignedParts } from "./parse.js";
import { NodeSha256 } from "./sha256.js";
import { headerValues } from "./wire.js";
import type { HeaderList } from "./wire.js";

/**
 * Smithy's canonical-request and string-to-sign builders, reached through the protected methods
 * of SignatureV4Base: the same code the AWS SDK signs with, so both sides canonicalise alike
 * (path normalised then encoded again, RFC 3986 query, sorted headers). This instance never
 * signs: it has no credentials, and region/service come from each request's scope instead.
 */
class CanonicalForm extends SignatureV4Base {
  constructor() {
    super({
      service: "unused",
      region: "unused",
      credentials: () => Promise.reject(new Error("the verifier never resolves credentials")),
      sha256: NodeSha256,
      uriEscapePath: true, // every AWS service but S3: normalise the path, then encode it again
      applyChecksum: false,
    });
  }

  canonicalRequest(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }

  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

/** Stateless, so one instance serves every request. */
const form = new CanonicalForm();

/**
 * The signed headers' canonical values, built from the raw list: repeated headers are joined
 * with a bare ',' in arrival order (Node's req.headers would join with ', '), and each value
 * is trimmed before joining; smithy then collapses inner whitespace. A signed header that is
 * absent canonicalises as empty, so the signature simply fails to match.
 */
function signedHeaderBag(headers: HeaderList, signed: readonly string[]): Record<string, string> {
  const bag: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signed) {
    // Over HTTP/2 the host travels as ':authority' (RFC 9113 §8.3.1). A URL presigned with
    // `host` and fetched over HTTP/2 has no Host header: its host is the authority.
    const source = name === "host" && headerValues(headers, "host").length === 0 ? ":authority" : name;
    bag[name] = headerValues(headers, source).map((v) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "")).join(",");
  }
  // Passing the names as signable overrides smithy's always-unsignable list (user-agent, ...):
  // whatever the client chose to sign is what we must check.
  return getCanonicalHeaders(new HttpRequest({ headers: bag }), undefined, new Set(signed)) as Record<string, string>;
}

/** The query as a map for smithy: repeated names become arrays, which it sorts by value. */
function queryMap(parts: SignedParts): Record<string, string | string[]> {
  const map: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of parts.query) {
    const prior = map[name];
    map[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return map;
}

/**
 * The canonical request. The payload line is always the hash of the body the server read,
 * never the client's x-amz-content-sha256 claim, for presigned URLs too.
 */
export function canonicalRequest(method: string, headers: HeaderList, parts: SignedParts, bodySha256: string): string {
  const request = new HttpRequest({ method, path: parts.path, query: queryMap(parts), headers: {} });
  return form.canonicalRequest(request, signedHeaderBag(headers, parts.signedHeaders), bodySha256);
}

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/**
 * The expected signature, hex. The signing key is derived here rather than with smithy's
 * getSigningKey, which keeps derived keys in a process-wide cache (module state we avoid).
 */
export async function expectedSignature(secret: Sensitive<string>, parts: SignedParts, canonical: string): Promise<string> {
  const { date, region, service } = parts.scope;
  const toSign = await form.stringToSign(parts.amzDate, createScope(date, region, service), canonical);
  let key = hmac(`AWS4${secret.reveal()}`, date);
  for (const step of [region, service, SCOPE_TERMINATOR]) key = hmac(key, step);
  return hmac(key, toSign).toString("hex");
}
