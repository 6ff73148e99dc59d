import { Fault, sensitive } from "../../kernel/index.js";
import type { RequestContext, Sensitive } from "../../kernel/index.js";
import { MAX_SERVICE_CREDENTIALS_PER_SERVICE } from "../../store/index.js";
import type { ServiceCredentialRecord } from "../../store/index.js";
import { BEDROCK_SERVICE_NAME, formatLongTermKey, serviceCredentialSecretContext } from "../identity/index.js";
import { newServiceCredentialAlias, newServiceCredentialId, newServiceCredentialSecret } from "../identity/ids.js";
import type { IamDeps } from "./deps.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import type { UserRecord } from "../../store/index.js";
import { IAM_REASONS, invalidInput, limitExceeded, noSuchEntity } from "./errors.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { checkCredentialAgeDays, checkEnum, checkServiceCredentialId } from "./validate.js";

/** The services plinth issues service-specific credentials for: Bedrock API keys only. */
export const SUPPORTED_CREDENTIAL_SERVICES: readonly string[] = [BEDROCK_SERVICE_NAME];

const DAY_MS = 86_400_000;

export interface ServiceCredentialMetadata {
  readonly userName: string;
  readonly credentialId: string;
  readonly serviceName: string;
  readonly alias: string;
  /** "Expired" once past its expiration date, whatever its stored status, as IAM reports it. */
  readonly status: "Active" | "Inactive" | "Expired";
  readonly createdAt: Date;
  readonly expiresAt?: Date;
}

/** The one answer that carries the key (Create and Reset): never stored or shown in clear again. */
export interface NewServiceCredential extends ServiceCredentialMetadata {
  /** IAM's ServiceCredentialSecret: the whole API key, `ABSK...`, which clients send as a bearer token. */
  readonly key: Sensitive<string>;
}

export interface CreateServiceCredentialInput {
  readonly userName: string;
  readonly serviceName: string;
  readonly credentialAgeDays?: number;
}

export interface ListServiceCredentialsInput extends PageRequest {
  readonly userName?: string;
  readonly serviceName?: string;
  readonly allUsers?: boolean;
}

export interface CredentialRef {
  readonly userName?: string;
  readonly credentialId: string;
}

const notSupported = (serviceName: string): Fault =>
  new Fault("not-found", `No such service ${serviceName.slice(0, 64).replace(/[^\w.-]/g, "")} is supported for Service Specific Credentials`, { reason: IAM_REASONS.serviceNotSupported });

/**
 * CreateServiceSpecificCredential, ListServiceSpecificCredentials, UpdateServiceSpecificCredential,
 * ResetServiceSpecificCredential, DeleteServiceSpecificCredential: Bedrock long-term API keys for
 * IAM users. Without a UserName (all but Create) each acts on the calling user. The secret is
 * sealed before it is stored; a key whose status or secret changes, or that is deleted, here is
 * forgotten by this node's key cache at once.
 */
export class ServiceCredentials {
  constructor(private readonly deps: IamDeps) {}

  async create(_ctx: RequestContext, target: Target<UserRecord>, input: CreateServiceCredentialInput): Promise<NewServiceCredential> {
    if (input.credentialAgeDays !== undefined) checkCredentialAgeDays(input.credentialAgeDays);
    if (!SUPPORTED_CREDENTIAL_SERVICES.includes(input.serviceName)) throw notSupported(input.serviceName);
    const user = found(target);
    const existing = (await this.deps.serviceCredentials.list(user.userId)).filter((c) => c.serviceName === input.serviceName);
    if (existing.length >= MAX_SERVICE_CREDENTIALS_PER_SERVICE) {
      throw limitExceeded(`Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_SERVICE_CREDENTIALS_PER_SERVICE}`);
    }
    const credentialId = newServiceCredentialId();
    const secret = newServiceCredentialSecret();
    const createdAt = this.deps.clock.now();
    const record: ServiceCredentialRecord = {
      credentialId, userId: user.userId, serviceName: input.serviceName, alias: newServiceCredentialAlias(user.userName, user.accountId),
      secretCiphertext: await this.deps.box.seal(Buffer.from(secret, "utf8"), serviceCredentialSecretContext(credentialId, user)),
      status: "Active", createdAt,
      ...(input.credentialAgeDays !== undefined ? { expiresAt: new Date(createdAt.getTime() + input.credentialAgeDays * DAY_MS) } : {}),
    };
    await this.deps.serviceCredentials.create(record);
    return { ...this.#view(user.userName, record), key: sensitive(formatLongTermKey(record.alias, secret)) };
  }

  /** `target` absent: AllUsers, every user of the caller's account (authorised on `user/*`). */
  async list(ctx: RequestContext, target: Target<UserRecord> | undefined, input: ListServiceCredentialsInput): Promise<Page<ServiceCredentialMetadata>> {
    if (input.allUsers && input.userName !== undefined) throw invalidInput("allUsers", "AllUsers cannot be specified together with UserName.");
    const views = input.allUsers || target === undefined
      ? (await this.deps.serviceCredentials.listForAccount(ctx.principal.accountId)).map((c) => this.#view(c.userName, c))
      : await this.#own(found(target));
    const wanted = views.filter((v) => input.serviceName === undefined || v.serviceName === input.serviceName);
    // Oldest first, as IAM lists them; the id breaks ties so every key is unique.
    return paginate(wanted, (v) => `${v.createdAt.toISOString()}/${v.credentialId}`, input);
  }

  async update(_ctx: RequestContext, user: Target<UserRecord>, input: CredentialRef & { readonly status: string }): Promise<void> {
    const status = checkEnum("status", input.status, ["Active", "Inactive", "Expired"] as const);
    if (status === "Expired") throw invalidInput("status", "A service-specific credential's status can be set to Active or Inactive only.");
    const credential = await this.#owned(user, input);
    await this.deps.serviceCredentials.setStatus(credential.credentialId, status);
    // Either way: a cached "inactive" would otherwise refuse a reactivated key for a while.
    this.deps.forgetServiceCredential(credential.alias);
  }

  async reset(_ctx: RequestContext, user: Target<UserRecord>, input: CredentialRef): Promise<NewServiceCredential> {
    const credential = await this.#owned(user, input);
    const secret = newServiceCredentialSecret();
    const sealed = await this.deps.box.seal(Buffer.from(secret, "utf8"), serviceCredentialSecretContext(credential.credentialId, found(user)));
    if (!(await this.deps.serviceCredentials.replaceSecret(credential.credentialId, sealed))) throw this.#missing(credential.credentialId);
    this.deps.forgetServiceCredential(credential.alias);
    return { ...this.#view(credential.userName, credential), key: sensitive(formatLongTermKey(credential.alias, secret)) };
  }

  async delete(_ctx: RequestContext, user: Target<UserRecord>, input: CredentialRef): Promise<void> {
    const credential = await this.#owned(user, input);
    await this.deps.serviceCredentials.delete(credential.credentialId);
    this.deps.forgetServiceCredential(credential.alias);
  }

  async #own(user: UserRecord): Promise<ServiceCredentialMetadata[]> {
    return (await this.deps.serviceCredentials.list(user.userId)).map((c) => this.#view(user.userName, c));
  }

  /** The named credential of the user found (named or calling); another user's is as absent as none. */
  async #owned(target: Target<UserRecord>, input: CredentialRef): Promise<ServiceCredentialRecord & { readonly userName: string }> {
    checkServiceCredentialId(input.credentialId);
    const user = found(target);
    const credential = (await this.deps.serviceCredentials.list(user.userId)).find((c) => c.credentialId === input.credentialId);
    if (!credential) throw this.#missing(input.credentialId);
    return { ...credential, userName: user.userName };
  }

  #missing(credentialId: string): Fault {
    return noSuchEntity(`No such credential ${credentialId} exists`);
  }

  #view(userName: string, c: ServiceCredentialRecord): ServiceCredentialMetadata {
    const expired = c.expiresAt !== undefined && this.deps.clock.now().getTime() >= c.expiresAt.getTime();
    return {
      userName, credentialId: c.credentialId, serviceName: c.serviceName, alias: c.alias, status: expired ? "Expired" : c.status, createdAt: c.createdAt,
      ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
    };
  }
}
