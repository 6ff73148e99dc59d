import type { Clock, RequestContext } from "../../kernel/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { IamStore } from "../../store/iam-port.js";
import type { IdentityStore } from "../../store/index.js";
import type { IamCatalog } from "../../policy/index.js";
import type { PolicyChanges } from "../policy-changes.js";

/** What the IAM use cases need, given by the composition root. */
export interface IamDeps {
  readonly identity: IdentityStore;
  readonly iam: IamStore;
  /** Seals access-key secrets and MFA seeds; neither is stored or returned in clear after creation. */
  readonly box: SecretBox;
  readonly clock: Clock;
  /**
   * Called after an access key is deactivated or deleted here, so this node stops accepting it
   * at once (`CredentialResolver.forget`); other nodes stop within the resolver's cache time.
   */
  readonly forgetAccessKey: (accessKeyId: string) => void;
  /** Told after every write that changes what authorisation reads (see changes.ts). */
  readonly changes: PolicyChanges;
  /**
   * Authorises `action` on an entity's real ARN. The pipeline authorises before anything is
   * read, on the ARN the request names (path `/` when it gives only a name); when the entity
   * turns out to have another path, the use case asks again with the real ARN, so a policy
   * about `user/admins/*` is never bypassed. Absent: no second check (tests, the CLI).
   */
  readonly authorizeEntity?: (ctx: RequestContext, action: string, arn: string) => Promise<void>;
  /** What AWS defines (actions, condition keys), shared by every validation; built once when absent. */
  readonly catalog?: IamCatalog;
}
