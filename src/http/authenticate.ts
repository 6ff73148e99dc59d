import { Fault } from "../kernel/index.js";
import type { Clock, Principal } from "../kernel/index.js";
import type { ConditionMap } from "../service/authorize.js";
import type { TemporaryCredentialResolver } from "../service/sts/index.js";
import type { AccessKeyUsage } from "../service/identity/usage.js";
import { SigningKeyCache, beginSigV4 } from "../sigv4/index.js";
import type { Exchange } from "./exchange.js";

/**
 * Authentication is a list of schemes tried in order; each may decline a request that does not
 * carry its kind of credentials. A scheme runs in two halves: `begin` before the body is read
 * (shape, time window, key: an unauthenticated peer is refused before it can make us hold its
 * body), `finish` after (SigV4 signs the body's hash).
 */
export type AuthSchemeName = "sigv4" | "bearer";

/** What Amazon Bedrock's operations accept: SigV4, or a Bedrock API key as a bearer token. */
export const SIGV4_OR_BEARER: readonly AuthSchemeName[] = ["sigv4", "bearer"];

/**
 * A permission the credentials themselves need, decided for the same principal besides the
 * operation's own (a Bedrock API key needs bedrock:CallWithBearerToken, as in AWS).
 */
export interface CredentialPermission {
  readonly action: string;
  readonly resource: string;
  readonly conditions?: ConditionMap;
}

export interface Authenticated {
  readonly principal: Principal;
  /** Lower-case names of the headers the credentials cover; only these may carry operation input. */
  readonly signedHeaders: ReadonlySet<string>;
  readonly scheme: AuthSchemeName;
  /** Authorised before the operation's own action; a denial of any refuses the request. */
  readonly requires?: readonly CredentialPermission[];
}

export interface PendingAuthentication {
  readonly scheme: AuthSchemeName;
  /** Whether `finish` needs the body's SHA-256 (only SigV4 does; hashing is skipped otherwise). */
  readonly needsBodyHash: boolean;
  /**
   * The access key the request names, once it is known to be ours (its signature not yet
   * checked): the audit record of a failed signature says which key was tried. An unknown key id
   * is never given: it is caller text.
   */
  readonly accessKeyId?: string;
  finish(bodySha256: string | undefined): Promise<Authenticated>;
}

export interface AuthScheme {
  readonly name: AuthSchemeName;
  /** undefined: the request carries no credentials of this kind. Throws a Fault for bad ones. */
  begin(ex: Exchange, service: string): Promise<PendingAuthentication | undefined>;
}

/** The schemes, in order; the first that does not decline decides. */
export class Authentication {
  constructor(private readonly schemes: readonly AuthScheme[]) {}

  async begin(ex: Exchange, service: string, accepted: ReadonlySet<AuthSchemeName>): Promise<PendingAuthentication> {
    for (const scheme of this.schemes) {
      const pending = await scheme.begin(ex, service);
      if (pending === undefined) continue;
      if (!accepted.has(pending.scheme)) {
        throw new Fault("missing-authentication", pending.scheme === "bearer"
          ? "This operation does not accept bearer tokens: sign the request with AWS Signature Version 4"
          : "This operation does not accept AWS Signature Version 4 credentials");
      }
      return pending;
    }
    throw new Fault("missing-authentication", "Missing Authentication Token");
  }
}

/**
 * AWS Signature Version 4, header and presigned-query forms. The credential scope must name the
 * service the operation belongs to and this deployment's region, as AWS requires. It never
 * declines: a request with no other credentials is an unsigned SigV4 request.
 */
export class SigV4Scheme implements AuthScheme {
  readonly name = "sigv4";
  readonly #signingKeys = new SigningKeyCache();

  constructor(
    private readonly credentials: Pick<TemporaryCredentialResolver, "resolve">,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly maxSkewSeconds: number,
    private readonly usage?: Pick<AccessKeyUsage, "note">,
  ) {}

  async begin(ex: Exchange, service: string): Promise<PendingAuthentication> {
    let principal: Principal | undefined;
    const sessionToken = sessionTokenOf(ex);
    const started = await beginSigV4(
      { method: ex.method, rawTarget: ex.rawTarget, headers: ex.rawHeaders },
      {
        clock: this.clock,
        maxSkewSeconds: this.maxSkewSeconds,
        signingKeys: this.#signingKeys,
        lookup: async (accessKeyId) => {
          // Temporary (ASIA) keys are only valid with the token they were issued in; long-term keys never with one.
          const resolved = await this.credentials.resolve(accessKeyId, sessionToken);
          principal = resolved?.principal;
          return resolved && { secretAccessKey: resolved.secretAccessKey };
        },
      },
    );
    if (started.scope.service !== service) {
      throw new Fault("invalid-signature", `Credential should be scoped to correct service: '${service}'.`);
    }
    if (started.scope.region !== this.region) {
      throw new Fault("invalid-signature", `Credential should be scoped to a valid region. This endpoint serves '${this.region}'.`);
    }
    const found = principal;
    if (!found) throw new Fault("unrecognized-client", "The security token included in the request is invalid.");
    return {
      scheme: "sigv4",
      needsBodyHash: true,
      accessKeyId: found.accessKeyId,
      finish: async (bodySha256) => {
        const verified = started.finish(bodySha256 ?? "");
        if (verified.sessionToken !== sessionToken) {
          throw new Fault("unrecognized-client", "The security token included in the request is invalid.");
        }
        // Temporary keys are stored nowhere: only long-term keys have a "last used".
        if (found.session === undefined) this.usage?.note(found.accessKeyId, this.region, service);
        return { principal: found, scheme: "sigv4", signedHeaders: new Set(verified.signedHeaders.map((h) => h.toLowerCase())) };
      },
    };
  }
}

/** The session token as the request carries it: the header, or a presigned URL's query member. */
function sessionTokenOf(ex: Exchange): string | undefined {
  const header = ex.header("x-amz-security-token");
  if (header !== undefined) return header;
  if (!ex.rawQuery.includes("X-Amz-Security-Token")) return undefined;
  return new URLSearchParams(ex.rawQuery).get("X-Amz-Security-Token") ?? undefined;
}
