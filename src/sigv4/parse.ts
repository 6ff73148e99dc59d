import { extended, fault } from "../kernel/index.js";
import { fromAuthorizationHeader, incomplete } from "./authorization.js";
import type { RawSignedFields } from "./authorization.js";
import { CREDENTIAL_FORMAT, parseAmzDate, parseCredential } from "./credential.js";
import { fromPresignedQuery, PRESIGN_MARKERS } from "./presigned.js";
import type { CredentialScope, IncomingSignedRequest } from "./types.js";
import { decodeQuery, headerValues, indexHeaders, splitTarget } from "./wire.js";
import type { HeaderIndex, QueryParam } from "./wire.js";

/** Everything the signature claims, checked for shape but not yet for truth. */
export interface SignedParts {
  presigned: boolean;
  accessKeyId: string;
  scope: CredentialScope;
  /** Lower-case names in the order given (clients send them sorted). */
  signedHeaders: string[];
  /** 64 lower-case hex digits. */
  signature: string;
  amzDate: string;
  signedAt: Date;
  /** Presigned only: seconds the URL stays valid after signedAt. */
  expiresSeconds?: number;
  sessionToken?: string;
  /** The raw, still-encoded path. */
  path: string;
  query: QueryParam[];
}

/** One signed header name: an HTTP token in lower case, or an HTTP/2 pseudo-header. */
const HEADER_NAME = /^:?[a-z0-9!#$%&'*+.^_`|~-]+$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const EXPIRES = /^\d{1,9}$/;

/**
 * Reads the signature from the Authorization header or the presigned query and checks every
 * part's shape. Throws missing-authentication when neither is present and incomplete-signature
 * when what is present is malformed; it does no crypto and reads no clock.
 */
export function parseSignedRequest(req: Pick<IncomingSignedRequest, "rawTarget">, headers: HeaderIndex): SignedParts {
  const { path, rawQuery } = splitTarget(req.rawTarget);
  const query = decodeQuery(rawQuery);
  const authorization = headerValues(headers, "authorization");
  const presigned = query.some(([name]) => PRESIGN_MARKERS.has(name.toLowerCase()));
  if (authorization.length === 0 && !presigned) throw fault("missing-authentication", "Missing Authentication Token");
  if (authorization.length > 0 && presigned) {
    throw incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified.");
  }
  const raw = presigned ? fromPresignedQuery(query) : fromAuthorizationHeader(authorization, headers);
  return extended(checkShapes(raw), { presigned, path, query });
}

type CheckedFields = Omit<SignedParts, "presigned" | "path" | "query">;

function checkShapes(raw: RawSignedFields): CheckedFields {
  const credential = parseCredential(raw.credential);
  if (!credential) throw incomplete(`The Credential is malformed; expecting ${CREDENTIAL_FORMAT}.`);
  const signedHeaders = raw.signedHeaders.split(";");
  if (!signedHeaders.every((name) => HEADER_NAME.test(name))) {
    throw incomplete("SignedHeaders must be lower-case header names separated by ';'.");
  }
  if (new Set(signedHeaders).size !== signedHeaders.length) throw incomplete("SignedHeaders lists a header more than once.");
  // The host is what ties a signature to this endpoint; HTTP/2 clients sign ':authority' instead.
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) {
    throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (!SIGNATURE.test(raw.signature)) throw incomplete("The Signature must be 64 lower-case hexadecimal digits.");
  const signedAt = parseAmzDate(raw.amzDate);
  if (!signedAt) throw incomplete("X-Amz-Date must be an ISO 8601 basic timestamp such as 20150830T123600Z.");
  if (raw.amzDate.slice(0, 8) !== credential.scope.date) {
    throw incomplete(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${credential.scope.date}' != '${raw.amzDate.slice(0, 8)}', from '${raw.amzDate}'.`,
    );
  }
  let expiresSeconds: number | undefined;
  if (raw.expires !== undefined) {
    if (!EXPIRES.test(raw.expires)) throw incomplete("X-Amz-Expires must be a whole number of seconds.");
    expiresSeconds = Number(raw.expires);
  }
  return {
    accessKeyId: credential.accessKeyId,
    scope: credential.scope,
    signedHeaders,
    signature: raw.signature,
    amzDate: raw.amzDate,
    signedAt,
    ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
    ...(raw.sessionToken !== undefined ? { sessionToken: raw.sessionToken } : {}),
  };
}

/**
 * The credential a request claims, for routing before verification (which service and region
 * the request is for, which key store to ask). No crypto, no clock, never throws: anything
 * malformed gives undefined and is reported properly by verifySigV4.
 */
export function readCredentialScope(
  req: Pick<IncomingSignedRequest, "rawTarget" | "headers">,
): { accessKeyId: string; region: string; service: string } | undefined {
  try {
    const authorization = headerValues(indexHeaders(req.headers), "authorization");
    let credential: string | undefined;
    if (authorization.length === 1) {
      credential = /^\s*AWS4-HMAC-SHA256\s(?:.*?[\s,])?Credential=([^,\s]*)/.exec(authorization[0]!)?.[1];
    } else if (authorization.length === 0) {
      const values = decodeQuery(splitTarget(req.rawTarget).rawQuery)
        .filter(([name]) => name === "X-Amz-Credential")
        .map(([, value]) => value);
      credential = values.length === 1 ? values[0] : undefined;
    }
    const parsed = credential === undefined ? undefined : parseCredential(credential);
    return parsed && { accessKeyId: parsed.accessKeyId, region: parsed.scope.region, service: parsed.scope.service };
  } catch {
    return undefined;
  }
}
