import { Fault } from "../kernel/index.js";
import type { Clock, Principal } from "../kernel/index.js";
import type { TemporaryCredentialResolver } from "../service/sts/index.js";
import type { AccessKeyUsage } from "../service/identity/usage.js";
import { SigningKeyCache, verifySigV4 } from "../sigv4/index.js";
import type { Exchange } from "./exchange.js";
import type { Authenticated, Authenticator } from "./pipeline.js";

/**
 * AWS Signature Version 4, header and presigned-query forms. The credential scope must name the
 * service the operation belongs to and this deployment's region, as AWS requires.
 */
export class SigV4Authenticator implements Authenticator {
  readonly #signingKeys = new SigningKeyCache();

  constructor(
    private readonly credentials: Pick<TemporaryCredentialResolver, "resolve">,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly maxSkewSeconds: number,
    private readonly usage: AccessKeyUsage,
  ) {}

  async authenticate(ex: Exchange, bodySha256: string, service: string): Promise<Authenticated> {
    let principal: Principal | undefined;
    const sessionToken = sessionTokenOf(ex);
    const verified = await verifySigV4(
      { method: ex.method, rawTarget: ex.rawTarget, headers: ex.rawHeaders, bodySha256 },
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
    if (verified.scope.service !== service) {
      throw new Fault("invalid-signature", `Credential should be scoped to correct service: '${service}'.`);
    }
    if (verified.scope.region !== this.region) {
      throw new Fault("invalid-signature", `Credential should be scoped to a valid region. This endpoint serves '${this.region}'.`);
    }
    if (!principal || verified.sessionToken !== sessionToken) {
      throw new Fault("unrecognized-client", "The security token included in the request is invalid.");
    }
    // Temporary keys are stored nowhere: only long-term keys have a "last used".
    if (principal.session === undefined) this.usage.note(principal.accessKeyId, this.region, service);
    return { principal, signedHeaders: new Set(verified.signedHeaders.map((h) => h.toLowerCase())) };
  }
}

/** The session token as the request carries it: the header, or a presigned URL's query member. */
function sessionTokenOf(ex: Exchange): string | undefined {
  const header = ex.header("x-amz-security-token");
  if (header !== undefined) return header;
  if (!ex.rawQuery.includes("X-Amz-Security-Token")) return undefined;
  return new URLSearchParams(ex.rawQuery).get("X-Amz-Security-Token") ?? undefined;
}
