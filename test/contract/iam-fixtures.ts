import { describe, before, after } from "node:test";
import { randomBytes, randomInt } from "node:crypto";
import { Fault } from "../../src/kernel/index.js";
import type {
  AccountRecord, GroupRecord, ManagedPolicyRecord, MfaDeviceRecord, OrganizationRecord, RoleRecord, Store, UserRecord,
} from "../../src/store/index.js";
export { rejectsWith } from "../support/faults.js";

/**
 * Builders shared by the IAM, Organizations and resource-policy halves of the store contract.
 * Every record gets fresh random ids and names, so tests do not depend on each other.
 */
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const randomAlnum = (n: number): string => Array.from({ length: n }, () => ALNUM[randomInt(ALNUM.length)]).join("");
export const randomName = (prefix: string): string => `${prefix}-${randomAlnum(8).toLowerCase()}`;
export const newAccountId = (): string => Array.from({ length: 12 }, () => randomInt(10)).join("");
export const newId = (prefix: "AIDA" | "AGPA" | "AROA" | "ANPA" | "AKIA"): string => `${prefix}${randomAlnum(16)}`;

export const doc = (action = "bedrock:InvokeModel"): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

export const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] });


/** How many of the settled promises were fulfilled, and the kinds of the Faults of the rest. */
export function outcomes(results: readonly PromiseSettledResult<unknown>[]): { fulfilled: number; faults: string[] } {
  const faults = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Fault ? r.reason.kind : String(r.reason)] : []));
  return { fulfilled: results.filter((r) => r.status === "fulfilled").length, faults };
}

export class Fixtures {
  store!: Store;

  async account(extra: Partial<AccountRecord> = {}): Promise<string> {
    const account: AccountRecord = { accountId: newAccountId(), name: "tenant", createdAt: new Date("2025-01-01T00:00:00.000Z"), isManagement: false, ...extra };
    await this.store.identity.createAccount(account);
    return account.accountId;
  }

  userRecord(accountId: string, extra: Partial<UserRecord> = {}): UserRecord {
    const userName = extra.userName ?? randomName("user");
    const path = extra.path ?? "/";
    return { userId: newId("AIDA"), accountId, userName, path, arn: `arn:aws:iam::${accountId}:user${path}${userName}`, createdAt: new Date(), ...extra };
  }

  async user(accountId: string, extra: Partial<UserRecord> = {}): Promise<UserRecord> {
    const user = this.userRecord(accountId, extra);
    await this.store.identity.createUser(user);
    return user;
  }

  groupRecord(accountId: string, extra: Partial<GroupRecord> = {}): GroupRecord {
    const groupName = extra.groupName ?? randomName("group");
    const path = extra.path ?? "/";
    return { groupId: newId("AGPA"), accountId, groupName, path, arn: `arn:aws:iam::${accountId}:group${path}${groupName}`, createdAt: new Date(), ...extra };
  }

  async group(accountId: string, extra: Partial<GroupRecord> = {}): Promise<GroupRecord> {
    const group = this.groupRecord(accountId, extra);
    await this.store.iam.createGroup(group);
    return group;
  }

  roleRecord(accountId: string, extra: Partial<RoleRecord> = {}): RoleRecord {
    const roleName = extra.roleName ?? randomName("role");
    const path = extra.path ?? "/";
    return {
      roleId: newId("AROA"), accountId, roleName, path, arn: `arn:aws:iam::${accountId}:role${path}${roleName}`,
      trustPolicy: TRUST, maxSessionDurationSeconds: 3600, createdAt: new Date(), ...extra,
    };
  }

  async role(accountId: string, extra: Partial<RoleRecord> = {}): Promise<RoleRecord> {
    const role = this.roleRecord(accountId, extra);
    await this.store.iam.createRole(role);
    return role;
  }

  policyRecord(accountId: string, extra: { policyName?: string; path?: string; description?: string } = {}) {
    const policyName = extra.policyName ?? randomName("policy");
    const path = extra.path ?? "/";
    return {
      policyId: newId("ANPA"), accountId, policyName, path, arn: `arn:aws:iam::${accountId}:policy${path}${policyName}`,
      createdAt: new Date("2025-03-01T10:00:00.000Z"), ...(extra.description === undefined ? {} : { description: extra.description }),
    };
  }

  async policy(accountId: string, document = doc(), extra: { policyName?: string; path?: string } = {}): Promise<ManagedPolicyRecord> {
    return this.store.iam.createPolicy(this.policyRecord(accountId, extra), document);
  }

  mfaRecord(accountId: string, name = randomName("mfa"), path = "/"): MfaDeviceRecord {
    return { serialNumber: `arn:aws:iam::${accountId}:mfa${path}${name}`, accountId, seedCiphertext: new Uint8Array(randomBytes(48)), createdAt: new Date() };
  }

  async mfa(accountId: string, name?: string): Promise<MfaDeviceRecord> {
    const device = this.mfaRecord(accountId, name);
    await this.store.iam.createMfaDevice(device);
    return device;
  }

  /** The database's management account, created if an earlier suite has not. */
  async managementAccount(): Promise<string> {
    const existing = await this.store.identity.getManagementAccount();
    return existing?.accountId ?? this.account({ isManagement: true, name: "management" });
  }

  /** The database's one organisation, created on first use. */
  async organization(): Promise<OrganizationRecord> {
    const existing = await this.store.organization.getOrganization();
    if (existing) return existing;
    const org: OrganizationRecord = {
      organizationId: `o-${randomAlnum(10).toLowerCase()}`, rootId: `r-${randomAlnum(4).toLowerCase()}`,
      managementAccountId: await this.managementAccount(), createdAt: new Date("2025-01-01T00:00:00.000Z"),
    };
    await this.store.organization.createOrganization(org);
    return org;
  }
}

/** A describe block with a store of its own, opened before and closed after its tests. */
export function contractSuite(title: string, open: () => Promise<Store>, body: (f: Fixtures) => void): void {
  describe(title, () => {
    const f = new Fixtures();
    before(async () => { f.store = await open(); });
    after(async () => { await f.store?.close(); });
    body(f);
  });
}
