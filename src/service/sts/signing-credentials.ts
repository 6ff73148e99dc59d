import type { ResolvedCredential } from "../identity/index.js";
import { isTemporaryKeyId } from "./ids.js";
import type { OpenedCredentials } from "./session-tokens.js";
import { unframeToken } from "./token-format.js";

export interface LongTermCredentials {
  resolve(accessKeyId: string): Promise<ResolvedCredential | undefined>;
}

export interface TokenOpener {
  open(token: string): Promise<OpenedCredentials | undefined>;
}

/**
 * What SigV4 verification needs for the access key a signature names: the secret to check it
 * with and the principal it proves. Long-term keys (`AKIA`) come from the identity store and
 * must come without a session token; temporary keys (`ASIA`) must come with the token they were
 * issued in, and the token must name that same key. Anything else is an unrecognised key
 * (undefined); a genuine but expired token is an "expired-token" Fault.
 */
export class TemporaryCredentialResolver {
  constructor(private readonly longTerm: LongTermCredentials, private readonly tokens: TokenOpener) {}

  async resolve(accessKeyId: string, sessionToken: string | undefined): Promise<ResolvedCredential | undefined> {
    const temporary = isTemporaryKeyId(accessKeyId);
    if (sessionToken === undefined) return temporary ? undefined : this.longTerm.resolve(accessKeyId);
    // A long-term key never travels with a token, and a token issued for another key is not this one's.
    if (!temporary || unframeToken(sessionToken)?.accessKeyId !== accessKeyId) return undefined;
    const opened = await this.tokens.open(sessionToken);
    if (!opened || opened.accessKeyId !== accessKeyId) return undefined;
    return { principal: opened.principal, secretAccessKey: opened.secretAccessKey };
  }
}
