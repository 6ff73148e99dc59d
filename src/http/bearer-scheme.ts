import { Fault, sensitive } from "../kernel/index.js";
import type { Principal, Sensitive } from "../kernel/index.js";
import { LONG_TERM_KEY_PREFIX } from "../service/identity/index.js";
import type { LongTermKeyResolver } from "../service/identity/index.js";
import type { AuthScheme, Authenticated, PendingAuthentication } from "./authenticate.js";
import type { Exchange } from "./exchange.js";
import { SHORT_TERM_KEY_PREFIX } from "./short-term-api-key.js";
import type { ShortTermKeyVerifier } from "./short-term-api-key.js";

/** The values of `bedrock:BearerTokenType`, as AWS names the two kinds of key. */
export type BearerTokenType = "SHORT_TERM" | "LONG_TERM";

/** RFC 6750's b64token, after the case-insensitive scheme name. */
const BEARER = /^[ \t]*bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
const IS_BEARER = /^[ \t]*bearer(?:[ \t]|$)/i;
/** A presigned SigV4 URL's own credentials: a request carrying both is ambiguous. */
const PRESIGNED = /(?:^|&)X-Amz-(?:Algorithm|Credential|Signature)=/i;

const malformed = (): Fault => new Fault("unrecognized-client", "The API key included in the request is invalid.");

/**
 * A header other than Authorization that carries the key on one surface's paths: Anthropic's
 * clients send `x-api-key`. Only under `pathPrefix`, so no other surface grows a second place
 * for credentials.
 */
export interface KeyHeader {
  /** Lower-case header name. */
  readonly header: string;
  readonly pathPrefix: string;
}

const B64TOKEN = /^[ \t]*([A-Za-z0-9\-._~+/]+=*)[ \t]*$/;

/**
 * The key from `Authorization: Bearer <key>` (or the surface's key header), or undefined when
 * the request carries no bearer credentials (it is SigV4's, or unauthenticated). Kept Sensitive
 * from here on. A request carrying credentials in two places is refused: which one is meant
 * would be a guess.
 */
function bearerKeyOf(ex: Exchange, keyHeaders: readonly KeyHeader[]): Sensitive<string> | undefined {
  const values = ex.rawHeaders.filter(([name]) => name.toLowerCase() === "authorization").map(([, value]) => value);
  const keyHeader = keyHeaders.find((k) => ex.rawPath.startsWith(k.pathPrefix))?.header;
  const keys = keyHeader === undefined ? [] : ex.rawHeaders.filter(([name]) => name.toLowerCase() === keyHeader).map(([, value]) => value);
  if (keys.length > 0) {
    if (values.length > 0) throw new Fault("incomplete-signature", `Only one auth mechanism allowed: an API key in ${keyHeader} or an Authorization header, not both.`);
    return keyFrom(keys, B64TOKEN, ex.rawQuery, keyHeader!);
  }
  if (!values.some((v) => IS_BEARER.test(v))) return undefined;
  return keyFrom(values, BEARER, ex.rawQuery, "Authorization");
}

function keyFrom(values: readonly string[], shape: RegExp, rawQuery: string, header: string): Sensitive<string> {
  if (values.length > 1) throw new Fault("incomplete-signature", `Only one ${header} header may be sent.`);
  if (PRESIGNED.test(rawQuery)) {
    throw new Fault("incomplete-signature", "Only one auth mechanism allowed: a bearer token or a presigned URL's signature, not both.");
  }
  const match = shape.exec(values[0]!);
  if (!match) throw malformed();
  return sensitive(match[1]!);
}

/**
 * Every header the request carries, by lower-case name, but the key's: a bearer token signs
 * nothing, and TLS is what protects the headers, so all of them may carry operation input. The
 * token's own headers are left out so no operation can ever read it.
 */
function headerNames(ex: Exchange, keyHeaders: readonly KeyHeader[]): ReadonlySet<string> {
  const names = new Set(ex.rawHeaders.map(([name]) => name.toLowerCase()));
  names.delete("authorization");
  for (const k of keyHeaders) names.delete(k.header);
  return names;
}

/**
 * Amazon Bedrock API keys sent as `Authorization: Bearer <key>`: long-term keys (`ABSK...`, IAM
 * service-specific credentials; the principal is the owning user) and short-term keys
 * (`bedrock-api-key-...`, a presigned SigV4 URL; the principal is its signer). Declines a request
 * without a bearer token. As in AWS, a key also needs bedrock:CallWithBearerToken, with
 * bedrock:BearerTokenType saying which kind it is; the pipeline decides that for the same
 * principal. Bedrock operations only (signing name `bedrock`). No fault quotes the key.
 * `keyHeaders`: where else a surface's clients put the key (see KeyHeader).
 */
export class BearerScheme implements AuthScheme {
  readonly name = "bearer";

  constructor(
    private readonly longTerm: Pick<LongTermKeyResolver, "authenticate">,
    private readonly shortTerm: Pick<ShortTermKeyVerifier, "verify">,
    private readonly keyHeaders: readonly KeyHeader[] = [],
  ) {}

  async begin(ex: Exchange, service: string): Promise<PendingAuthentication | undefined> {
    const key = bearerKeyOf(ex, this.keyHeaders);
    if (key === undefined) return undefined;
    if (service !== "bedrock") {
      throw new Fault("missing-authentication", "Amazon Bedrock API keys are accepted by Bedrock operations only: sign this request with AWS Signature Version 4");
    }
    const { principal, type } = await this.#authenticate(key);
    const authenticated: Authenticated = {
      principal, scheme: "bearer", signedHeaders: headerNames(ex, this.keyHeaders),
      requires: [{ action: "bedrock:CallWithBearerToken", resource: "*", conditions: new Map([["bedrock:BearerTokenType", type]]) }],
    };
    return { scheme: "bearer", needsBodyHash: false, finish: async () => authenticated };
  }

  async #authenticate(key: Sensitive<string>): Promise<{ principal: Principal; type: BearerTokenType }> {
    const text = key.reveal();
    if (text.startsWith(SHORT_TERM_KEY_PREFIX)) return { principal: await this.shortTerm.verify(key), type: "SHORT_TERM" };
    if (text.startsWith(LONG_TERM_KEY_PREFIX)) return { principal: await this.longTerm.authenticate(key), type: "LONG_TERM" };
    throw malformed();
  }
}
