import { sensitive } from "../../kernel/index.js";
import type { RequestContext, Sensitive } from "../../kernel/index.js";
import type { MfaDeviceRecord, Tag } from "../../store/iam-port.js";
import type { UserRecord } from "../../store/index.js";
import { iamArn, parseIamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import { alreadyExists, deleteConflict, invalidAuthenticationCode, limitExceeded, noSuchEntity, translating } from "./errors.js";
import { attemptCode } from "./mfa-attempts.js";
import { mfaSeedContext } from "./mfa-seed.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { addTags, tagsOf } from "./tags.js";
import { consecutiveSteps, newSeed } from "./totp.js";
import { checkAuthenticationCode, checkEnum, checkName, checkPath, checkSerialNumber, checkTags } from "./validate.js";

export interface NewVirtualMfaDevice {
  readonly serialNumber: string;
  /** Shown once, for the authenticator app; stored only sealed. */
  readonly base32StringSeed: Sensitive<string>;
  readonly tags?: readonly Tag[];
}

export interface VirtualMfaDeviceView {
  readonly serialNumber: string;
  readonly user?: UserRecord;
  readonly enableDate?: Date;
  readonly tags?: readonly Tag[];
}

export interface MfaDeviceView {
  readonly userName: string;
  readonly serialNumber: string;
  readonly enableDate: Date;
}

/** IAM lets a user have up to 8 MFA devices. */
export const MAX_MFA_DEVICES_PER_USER = 8;

/** CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ListMFADevices, ListVirtualMFADevices, DeleteVirtualMFADevice. */
export class MfaDevices {
  constructor(private readonly deps: IamDeps) {}

  async createVirtual(ctx: RequestContext, input: { readonly virtualMfaDeviceName: string; readonly path?: string; readonly tags?: readonly Tag[] }): Promise<NewVirtualMfaDevice> {
    const path = input.path ?? "/";
    checkName("virtualMFADeviceName", input.virtualMfaDeviceName, 128);
    checkPath("path", path);
    checkTags("tags", input.tags ?? []);
    const serialNumber = iamArn(ctx.principal.accountId, "mfa", path, input.virtualMfaDeviceName);
    const seed = await newSeed();
    const seedCiphertext = await this.deps.box.seal(Buffer.from(seed, "utf8"), mfaSeedContext(serialNumber, ctx.principal.accountId));
    const device: MfaDeviceRecord = { serialNumber, accountId: ctx.principal.accountId, seedCiphertext, createdAt: this.deps.clock.now() };
    await translating(this.deps.iam.createMfaDevice(device), "conflict", () => alreadyExists("MFADevice entity at the same path and name already exists."));
    if (input.tags?.length) await addTags(this.deps, serialNumber, input.tags, "MFADevice");
    return { serialNumber, base32StringSeed: sensitive(seed), tags: input.tags?.length ? input.tags : undefined };
  }

  /** Two consecutive codes prove the user's app holds the seed; the later step cannot be used again. */
  async enable(ctx: RequestContext, target: Target<UserRecord>, input: { readonly serialNumber: string; readonly authenticationCode1: string; readonly authenticationCode2: string }): Promise<void> {
    checkSerialNumber(input.serialNumber);
    checkAuthenticationCode("authenticationCode1", input.authenticationCode1);
    checkAuthenticationCode("authenticationCode2", input.authenticationCode2);
    const user = found(target);
    const device = await this.#device(ctx, input.serialNumber);
    if (device.userId !== undefined) throw alreadyExists("MFA Device is already in use.");
    const devices = await this.deps.iam.listMfaDevices(user.accountId, user.userId);
    if (devices.length >= MAX_MFA_DEVICES_PER_USER) throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_DEVICES_PER_USER}`);
    // Under the same lockout as every code; a step used before (the device was enabled and
    // deactivated within the minute) is refused like a wrong code.
    const step = await attemptCode(this.deps, {
      device, use: "enable", attribution: { principalArn: ctx.principal.arn, requestId: ctx.requestId },
      evaluate: (seed, now) => consecutiveSteps(seed, input.authenticationCode1, input.authenticationCode2, now),
    });
    if (step === undefined) throw invalidAuthenticationCode("Authentication code for device is not valid.");
    await translating(this.deps.iam.enableMfaDevice(device.serialNumber, user.userId, this.deps.clock.now()), "conflict", () => alreadyExists("MFA Device is already in use."));
  }

  async deactivate(ctx: RequestContext, target: Target<UserRecord>, input: { readonly serialNumber: string }): Promise<void> {
    checkSerialNumber(input.serialNumber);
    const user = found(target);
    const device = await this.#device(ctx, input.serialNumber);
    if (device.userId !== user.userId || !(await this.deps.iam.deactivateMfaDevice(device.serialNumber))) {
      throw noSuchEntity(`MFA Device with serial number ${input.serialNumber} is not enabled for user ${user.userName}.`);
    }
  }

  async list(_ctx: RequestContext, target: Target<UserRecord>, page: PageRequest): Promise<Page<MfaDeviceView>> {
    const user = found(target);
    const devices = (await this.deps.iam.listMfaDevices(user.accountId, user.userId)).filter((d) => d.userId === user.userId && d.enabledAt);
    return paginate(devices.map((d) => ({ userName: user.userName, serialNumber: d.serialNumber, enableDate: d.enabledAt! })), (d) => d.serialNumber, page);
  }

  async listVirtual(ctx: RequestContext, assignmentStatus: string | undefined, page: PageRequest): Promise<Page<VirtualMfaDeviceView>> {
    const status = checkEnum("assignmentStatus", assignmentStatus ?? "Any", ["Assigned", "Unassigned", "Any"] as const);
    const devices = (await this.deps.iam.listMfaDevices(ctx.principal.accountId))
      .filter((d) => status === "Any" || (status === "Assigned") === (d.userId !== undefined));
    const pageOf = paginate(devices, (d) => d.serialNumber, page);
    const items = await Promise.all(pageOf.items.map(async (d) => {
      const [user, tags] = await Promise.all([d.userId ? this.deps.iam.getUserById(d.userId) : undefined, tagsOf(this.deps, d.serialNumber)]);
      return { serialNumber: d.serialNumber, user, enableDate: d.enabledAt, tags: tags.length ? tags : undefined };
    }));
    return { ...pageOf, items };
  }

  /** The device as found before authorisation (on its serial number, its ARN). */
  async deleteVirtual(_ctx: RequestContext, target: Target<MfaDeviceRecord>): Promise<void> {
    const device = found(target);
    const inUse = () => deleteConflict("MFA Device is still in use.");
    if (device.userId !== undefined) throw inUse();
    await translating(this.deps.iam.deleteMfaDevice(device.serialNumber), "conflict", inUse);
  }

  async #device(ctx: RequestContext, serialNumber: string): Promise<MfaDeviceRecord> {
    const parsed = parseIamArn(serialNumber);
    const device = parsed?.type === "mfa" && parsed.accountId === ctx.principal.accountId ? await this.deps.iam.getMfaDevice(serialNumber) : undefined;
    if (!device) throw noSuchEntity(`VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
    return device;
  }
}
