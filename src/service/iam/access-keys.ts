import { sensitive } from "../../kernel/index.js";
import type { RequestContext, Sensitive } from "../../kernel/index.js";
import type { AccessKeyStatus, AccessKeyUse, AccessKeyWithOwner, UserRecord } from "../../store/index.js";
import { accessKeySecretContext } from "../identity/index.js";
import { newAccessKeyId, newSecretAccessKey } from "../identity/ids.js";
import type { IamDeps } from "./deps.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import { invalidInput, limitExceeded, noSuchEntity } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { checkAccessKeyId, checkEnum } from "./validate.js";

export const MAX_ACCESS_KEYS_PER_USER = 2;

export interface AccessKeyMetadata {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly status: AccessKeyStatus;
  readonly createdAt: Date;
}

/** The one answer that carries the secret: it is never stored or shown in clear again. */
export interface NewAccessKey extends AccessKeyMetadata {
  readonly secretAccessKey: Sensitive<string>;
}

/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
 * Without a UserName they act on the calling user. A key whose status changes, or that is
 * deleted, here is forgotten by this node's credential cache at once.
 */
export class AccessKeys {
  constructor(private readonly deps: IamDeps) {}

  async create(_ctx: RequestContext, target: Target<UserRecord>): Promise<NewAccessKey> {
    const user = found(target);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    if (keys.length >= MAX_ACCESS_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
    const accessKeyId = newAccessKeyId();
    const secret = newSecretAccessKey();
    const secretCiphertext = await this.deps.box.seal(Buffer.from(secret, "utf8"), accessKeySecretContext(accessKeyId, user.accountId));
    const createdAt = this.deps.clock.now();
    await this.deps.identity.createAccessKey({ accessKeyId, userId: user.userId, secretCiphertext, status: "Active", createdAt });
    return { userName: user.userName, accessKeyId, status: "Active", createdAt, secretAccessKey: sensitive(secret) };
  }

  async list(_ctx: RequestContext, target: Target<UserRecord>, page: PageRequest): Promise<Page<AccessKeyMetadata>> {
    const user = found(target);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    return paginate(keys.map((k) => ({ userName: user.userName, accessKeyId: k.accessKeyId, status: k.status, createdAt: k.createdAt })), (k) => k.accessKeyId, page);
  }

  async update(_ctx: RequestContext, target: Target<UserRecord>, input: { readonly accessKeyId: string; readonly status: string }): Promise<void> {
    const status = checkEnum("status", input.status, ["Active", "Inactive", "Expired"] as const);
    if (status === "Expired") throw invalidInput("status", "An access key's status can be set to Active or Inactive only.");
    const key = await this.#ownedKey(target, input.accessKeyId);
    await this.deps.identity.setAccessKeyStatus(key, status);
    // Either way: a cached "inactive" would otherwise refuse a reactivated key for a while.
    this.deps.forgetAccessKey(key);
  }

  async delete(_ctx: RequestContext, target: Target<UserRecord>, input: { readonly accessKeyId: string }): Promise<void> {
    const key = await this.#ownedKey(target, input.accessKeyId);
    await this.deps.identity.deleteAccessKey(key);
    this.deps.forgetAccessKey(key);
  }

  /** Never used: IAM answers ServiceName and Region "N/A" without a date. The key was read before authorisation, on its owner. */
  async lastUsed(_ctx: RequestContext, target: Target<AccessKeyWithOwner>): Promise<{ userName: string; lastUsed?: AccessKeyUse }> {
    const key = found(target);
    return { userName: key.userName, lastUsed: key.lastUsed };
  }

  async #ownedKey(target: Target<UserRecord>, accessKeyId: string): Promise<string> {
    checkAccessKeyId(accessKeyId);
    const user = found(target);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    if (!keys.some((k) => k.accessKeyId === accessKeyId)) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
    return accessKeyId;
  }
}
