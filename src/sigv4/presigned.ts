import {
  ALGORITHM as ALGORITHM_IDENTIFIER, ALGORITHM_QUERY_PARAM, AMZ_DATE_QUERY_PARAM, CREDENTIAL_QUERY_PARAM,
  EXPIRES_QUERY_PARAM, SIGNATURE_QUERY_PARAM, SIGNED_HEADERS_QUERY_PARAM, TOKEN_QUERY_PARAM,
} from "./names.js";
import { incomplete, quoteToken } from "./authorization.js";
import type { RawSignedFields } from "./authorization.js";
import { queryValues } from "./wire.js";
import type { QueryParam } from "./wire.js";

/** Lower-cased names whose presence in the query means "this is a presigned URL". */
export const PRESIGN_MARKERS: ReadonlySet<string> = new Set(
  [ALGORITHM_QUERY_PARAM, CREDENTIAL_QUERY_PARAM, SIGNATURE_QUERY_PARAM].map((n) => n.toLowerCase()),
);

const REQUIRED = [
  ALGORITHM_QUERY_PARAM, CREDENTIAL_QUERY_PARAM, SIGNATURE_QUERY_PARAM, AMZ_DATE_QUERY_PARAM,
  SIGNED_HEADERS_QUERY_PARAM, EXPIRES_QUERY_PARAM,
] as const;

/**
 * Reads the X-Amz-* parameters of a presigned URL. Each may appear once: a repeated parameter
 * would let the signed and the acted-upon value differ.
 */
export function fromPresignedQuery(query: readonly QueryParam[]): RawSignedFields {
  const single = (name: string): string | undefined => {
    const values = queryValues(query, name);
    if (values.length > 1) throw incomplete(`The query parameter '${name}' must appear only once.`);
    return values[0];
  };
  const missing = REQUIRED.filter((name) => !single(name));
  if (missing.length > 0) {
    const names = missing.map((name) => `'${name}'`).join(", ");
    throw incomplete(`AWS query-string parameters must include ${names}. Re-examine the query-string parameters.`);
  }
  const algorithm = single(ALGORITHM_QUERY_PARAM)!;
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw incomplete(`Unsupported X-Amz-Algorithm${quoteToken(algorithm)}: only ${ALGORITHM_IDENTIFIER} is accepted.`);
  }
  const token = single(TOKEN_QUERY_PARAM);
  return {
    credential: single(CREDENTIAL_QUERY_PARAM)!,
    signedHeaders: single(SIGNED_HEADERS_QUERY_PARAM)!,
    signature: single(SIGNATURE_QUERY_PARAM)!,
    amzDate: single(AMZ_DATE_QUERY_PARAM)!,
    expires: single(EXPIRES_QUERY_PARAM)!,
    ...(token !== undefined ? { sessionToken: token } : {}),
  };
}
