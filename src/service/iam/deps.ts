import type { Clock } from "../../kernel/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { IamStore } from "../../store/iam-port.js";
import type { IdentityStore, ServiceCredentialStore } from "../../store/index.js";
import type { IamCatalog, SuppliedKeys } from "../../policy/index.js";
import type { MfaRefusal } from "./mfa-attempts.js";
import type { PolicyAdvice } from "../policy-advice.js";
import type { PolicyChanges } from "../policy-changes.js";

/** What the IAM use cases need, given by the composition root. */
export interface IamDeps {
  readonly identity: IdentityStore;
  readonly iam: IamStore;
  /** Seals access-key and API-key secrets and MFA seeds; none is stored or returned in clear after creation. */
  readonly box: SecretBox;
  readonly clock: Clock;
  /**
   * Called after an access key is deactivated or deleted here, so this node stops accepting it
   * at once (`CredentialResolver.forget`); other nodes stop within the resolver's cache time.
   */
  readonly forgetAccessKey: (accessKeyId: string) => void;
  /** Service-specific credentials (Bedrock long-term API keys). */
  readonly serviceCredentials: ServiceCredentialStore;
  /** As forgetAccessKey, for a service credential whose status, secret or existence changed here (by alias). */
  readonly forgetServiceCredential: (alias: string) => void;
  /**
   * Told of every MFA code refused (wrong, replayed, or presented while the device is locked),
   * with no code in it, so the composition root can log it: nothing here has a logger.
   */
  readonly onMfaRefusal?: (refusal: MfaRefusal) => void;
  /** Told after every write that changes what authorisation reads (see changes.ts). */
  readonly changes: PolicyChanges;
  /** What AWS defines (actions, condition keys): the one instance the composition root loads, shared by every validation. */
  readonly catalog: IamCatalog;
  /** The condition keys plinth supplies, so a stored policy's conditions on keys it never sees are reported. */
  readonly supplied?: SuppliedKeys;
  /** Where those findings go (the operator's log); absent: nowhere. */
  readonly advise?: PolicyAdvice;
}
