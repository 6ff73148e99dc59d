import type { SecretBox } from "../crypto/index.js";
import { ANTHROPIC_KEY_HEADER } from "../http/anthropic/index.js";
import { BearerScheme } from "../http/bearer-scheme.js";
import { ShortTermKeyVerifier } from "../http/short-term-api-key.js";
import type { Clock } from "../kernel/index.js";
import { LongTermKeyResolver } from "../service/identity/index.js";
import type { TemporaryCredentialResolver } from "../service/sts/index.js";
import type { ServiceCredentialStore } from "../store/index.js";

/** Part of the composition root: Amazon Bedrock API keys, sent as bearer tokens. */
export interface BedrockApiKeys {
  /** Goes before SigV4 in the authentication schemes: SigV4 never declines, so it must come last. */
  readonly scheme: BearerScheme;
  /** IamDeps.forgetServiceCredential: a key changed on this node stops (or starts) working at once. */
  forget(alias: string): void;
}

export interface BedrockApiKeyDeps {
  readonly credentials: ServiceCredentialStore;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** What SigV4 verification resolves keys with: short-term keys are presigned with the same credentials. */
  readonly signing: Pick<TemporaryCredentialResolver, "resolve">;
  readonly region: string;
  readonly maxSkewSeconds: number;
}

export function bedrockApiKeys(deps: BedrockApiKeyDeps): BedrockApiKeys {
  const longTerm = new LongTermKeyResolver(deps.credentials, deps.box, deps.clock);
  const shortTerm = new ShortTermKeyVerifier(deps.signing, deps.clock, deps.region, deps.maxSkewSeconds);
  // Anthropic's clients may send the key in x-api-key, on their own surface's paths only.
  return { scheme: new BearerScheme(longTerm, shortTerm, [ANTHROPIC_KEY_HEADER]), forget: (alias) => longTerm.forget(alias) };
}
