import { Fault } from "../kernel/index.js";
import type { Clock, Principal } from "../kernel/index.js";
import type { CredentialResolver } from "../service/identity/credentials.js";
import type { AccessKeyUsage } from "../service/identity/usage.js";
import { verifySigV4 } from "../sigv4/index.js";
import type { Exchange } from "./exchange.js";
import type { Authenticated, Authenticator } from "./pipeline.js";

/**
 * AWS Signature Version 4, header and presigned-query forms. The credential scope must name the
 * service the operation belongs to and this deployment's region, as AWS requires.
 */
export class SigV4Authenticator implements Authenticator {
  constructor(
    private readonly credentials: CredentialResolver,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly maxSkewSeconds: number,
    private readonly usage: AccessKeyUsage,
  ) {}

  async authenticate(ex: Exchange, bodySha256: string, service: string): Promise<Authenticated> {
    let principal: Principal | undefined;
    const verified = await verifySigV4(
      { method: ex.method, rawTarget: ex.rawTarget, headers: ex.rawHeaders, bodySha256 },
      {
        clock: this.clock,
        maxSkewSeconds: this.maxSkewSeconds,
        lookup: async (accessKeyId) => {
          const resolved = await this.credentials.resolve(accessKeyId);
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
    // No temporary credentials are issued yet, so any session token is one we never made.
    if (verified.sessionToken !== undefined || !principal) {
      throw new Fault("unrecognized-client", "The security token included in the request is invalid.");
    }
    this.usage.note(principal.accessKeyId, this.region, service);
    return { principal, signedHeaders: new Set(verified.signedHeaders.map((h) => h.toLowerCase())) };
  }
}
