import { ADMINISTRATOR_ACCESS_ARN, iamUserArn, sensitive } from "../../kernel/index.js";
import type { Clock, Sensitive } from "../../kernel/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { Store } from "../../store/index.js";
import { accessKeySecretContext } from "./credentials.js";
import { newAccessKeyId, newAccountId, newSecretAccessKey, newUserId } from "./ids.js";

export interface Administrator {
  readonly accountId: string;
  readonly userName: string;
  readonly arn: string;
}

export interface BootstrapResult {
  readonly administrator: Administrator;
  /** Present only on the run that created the administrator: the one time its secret exists in clear. */
  readonly newCredentials?: { readonly accessKeyId: string; readonly secretAccessKey: Sensitive<string> };
}

const DONE = "bootstrap_administrator_arn";

/**
 * First start: a management account and a bootstrap administrator with one access key, granted
 * AdministratorAccess (without it, default deny locks everyone out). The secret is sealed before
 * it is stored and handed back once, for the credentials file.
 *
 * The grant is made once, here, to the user id this bootstrap created, never by name: a later
 * user called `administrator` gains nothing, and an operator who detaches the policy from the
 * bootstrap user is not overruled at the next start. Once done, later starts touch no IAM state.
 * AWS managed policies must exist before this runs (the grant attaches one).
 */
export async function bootstrapAdministrator(store: Store, box: SecretBox, clock: Clock): Promise<BootstrapResult> {
  const existing = await store.meta.get(DONE);
  const management = await store.identity.getManagementAccount();
  if (existing && management) {
    return { administrator: { accountId: management.accountId, userName: existing.split("/").at(-1)!, arn: existing } };
  }
  const now = clock.now();
  const accountId = management?.accountId ?? newAccountId();
  if (!management) await store.identity.createAccount({ accountId, name: "management", createdAt: now, isManagement: true });
  const userName = "administrator";
  const arn = iamUserArn(accountId, userName);
  const user = await store.identity.getUserByName(accountId, userName)
    ?? { userId: newUserId(), accountId, userName, path: "/", arn, createdAt: now };
  if (!(await store.identity.getUserByName(accountId, userName))) await store.identity.createUser(user);
  const accessKeyId = newAccessKeyId();
  const secret = newSecretAccessKey();
  const secretCiphertext = await box.seal(Buffer.from(secret, "utf8"), accessKeySecretContext(accessKeyId, accountId));
  await store.identity.createAccessKey({ accessKeyId, userId: user.userId, secretCiphertext, status: "Active", createdAt: now });
  const attached = await store.iam.listAttachedPolicies("user", user.userId);
  if (!attached.some((p) => p.policyArn === ADMINISTRATOR_ACCESS_ARN)) await store.iam.attachPolicy("user", user.userId, ADMINISTRATOR_ACCESS_ARN);
  await store.meta.set(DONE, arn);
  return { administrator: { accountId, userName, arn }, newCredentials: { accessKeyId, secretAccessKey: sensitive(secret) } };
}
