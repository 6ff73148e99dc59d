import { sensitive } from "../../kernel/index.js";
import type { RequestContext, Sensitive } from "../../kernel/index.js";
import type { AccessKeyStatus, AccessKeyUse } from "../../store/index.js";
import { accessKeySecretContext } from "../identity/index.js";
import { newAccessKeyId, newSecretAccessKey } from "../identity/ids.js";
import type { IamDeps } from "./deps.js";
import { findUser } from "./entities.js";
import { invalidInput, limitExceeded, noSuchEntity } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { checkAccessKeyId, checkEnum, checkName } from "./validate.js";

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

  async create(ctx: RequestContext, userName: string | undefined): Promise<NewAccessKey> {
    if (userName !== undefined) checkName("userName", userName, 128);
    const user = await findUser(this.deps, ctx, "iam:CreateAccessKey", userName);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    if (keys.length >= MAX_ACCESS_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
    const accessKeyId = newAccessKeyId();
    const secret = newSecretAccessKey();
    const secretCiphertext = await this.deps.box.seal(Buffer.from(secret, "utf8"), accessKeySecretContext(accessKeyId));
    const createdAt = this.deps.clock.now();
    await this.deps.identity.createAccessKey({ accessKeyId, userId: user.userId, secretCiphertext, status: "Active", createdAt });
    return { userName: user.userName, accessKeyId, status: "Active", createdAt, secretAccessKey: sensitive(secret) };
  }

  async list(ctx: RequestContext, userName: string | undefined, page: PageRequest): Promise<Page<AccessKeyMetadata>> {
    if (userName !== undefined) checkName("userName", userName, 128);
    const user = await findUser(this.deps, ctx, "iam:ListAccessKeys", userName);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    return paginate(keys.map((k) => ({ userName: user.userName, accessKeyId: k.accessKeyId, status: k.status, createdAt: k.createdAt })), (k) => k.accessKeyId, page);
  }

  async update(ctx: RequestContext, input: { readonly userName?: string; readonly accessKeyId: string; readonly status: string }): Promise<void> {
    const status = checkEnum("status", input.status, ["Active", "Inactive", "Expired"] as const);
    if (status === "Expired") throw invalidInput("status", "An access key's status can be set to Active or Inactive only.");
    const key = await this.#ownedKey(ctx, "iam:UpdateAccessKey", input.userName, input.accessKeyId);
    await this.deps.identity.setAccessKeyStatus(key, status);
    // Either way: a cached "inactive" would otherwise refuse a reactivated key for a while.
    this.deps.forgetAccessKey(key);
  }

  async delete(ctx: RequestContext, input: { readonly userName?: string; readonly accessKeyId: string }): Promise<void> {
    const key = await this.#ownedKey(ctx, "iam:DeleteAccessKey", input.userName, input.accessKeyId);
    await this.deps.identity.deleteAccessKey(key);
    this.deps.forgetAccessKey(key);
  }

  /** Never used: IAM answers ServiceName and Region "N/A" without a date. */
  async lastUsed(ctx: RequestContext, accessKeyId: string): Promise<{ userName: string; lastUsed?: AccessKeyUse }> {
    checkAccessKeyId(accessKeyId);
    const key = await this.deps.identity.getAccessKey(accessKeyId);
    if (!key || key.accountId !== ctx.principal.accountId) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
    if (key.arn !== ctx.principal.arn) await this.deps.authorizeEntity?.(ctx, "iam:GetAccessKeyLastUsed", key.arn);
    return { userName: key.userName, lastUsed: key.lastUsed };
  }

  async #ownedKey(ctx: RequestContext, action: string, userName: string | undefined, accessKeyId: string): Promise<string> {
    if (userName !== undefined) checkName("userName", userName, 128);
    checkAccessKeyId(accessKeyId);
    const user = await findUser(this.deps, ctx, action, userName);
    const keys = await this.deps.identity.listAccessKeys(user.userId);
    if (!keys.some((k) => k.accessKeyId === accessKeyId)) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
    return accessKeyId;
  }
}
