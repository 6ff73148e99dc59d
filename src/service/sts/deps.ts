import type { Clock } from "../../kernel/index.js";
import type { IamCatalog } from "../../policy/index.js";
import type { CallerFactsSource, MfaVerifier, RoleDirectory } from "./ports.js";
import type { IssuedCredentials, SessionGrant } from "./session-tokens.js";

/** What the STS use cases need, given by the composition root. */
export interface StsDeps {
  readonly tokens: { issue(grant: SessionGrant): Promise<IssuedCredentials> };
  readonly roles: RoleDirectory;
  readonly mfa: MfaVerifier;
  readonly callers: CallerFactsSource;
  readonly clock: Clock;
  /** One catalog shared by every policy STS compiles (session policies, trust policies). */
  readonly catalog?: IamCatalog;
}
