import { isFault } from "../../kernel/index.js";
import type { AccountRecord } from "../../store/port.js";
import type { OrganizationRecord } from "../../store/iam-port.js";
import { newAccountId } from "../identity/ids.js";
import { ensureAwsManagedPolicies } from "../iam/index.js";
import { accountArn } from "./arns.js";
import { ADMINISTRATOR_ACCESS_ARN, DEFAULT_ACCESS_ROLE, FULL_AWS_ACCESS, accessRoleTrustPolicy } from "./documents.js";
import { FailedRequests } from "./failed-requests.js";
import { notFound } from "./faults.js";
import { accountIdOfRequest, failedRequestId, newRoleId, succeededRequestId } from "./ids.js";
import { ignoreConflict } from "./organization.js";
import type { OrganizationTags } from "./tags.js";
import type { OrganizationCore } from "./organization.js";
import { paginate } from "./pages.js";
import type { Page, PageRequest } from "./pages.js";
import type { Caller, OrganizationPorts } from "./ports.js";
import type { AccountView, CreateAccountInput, CreateAccountState, CreateAccountStatusView } from "./views.js";

/**
 * Member accounts. CreateAccount completes at once (state SUCCEEDED) and, as in AWS, leaves in
 * the new account a role the management account may assume, with AdministratorAccess.
 */
export class OrganizationAccounts {
  readonly #failed: FailedRequests;

  constructor(private readonly core: OrganizationCore, private readonly ports: OrganizationPorts, private readonly tags: OrganizationTags) {
    this.#failed = new FailedRequests(ports.meta);
  }

  async create(caller: Caller, input: CreateAccountInput): Promise<CreateAccountStatusView> {
    const org = await this.core.forManagement(caller);
    const requestedAt = this.ports.clock.now();
    const email = input.email.toLowerCase();
    const accounts = await this.ports.organizations.listAccounts();
    if (accounts.some((a) => a.email?.toLowerCase() === email)) {
      // AWS reports this through the request's status, not as an error of CreateAccount.
      const failed = { id: failedRequestId(), accountName: input.accountName, state: "FAILED" as const, requestedAt, completedAt: requestedAt, failureReason: "EMAIL_ALREADY_EXISTS" };
      await this.#failed.record(failed);
      return failed;
    }
    const account = await this.#newAccount(input, requestedAt);
    await this.#accessRole(org, account.accountId, input.roleName ?? DEFAULT_ACCESS_ROLE);
    await this.tags.tag(account.accountId, input.tags);
    // New accounts start with FullAWSAccess where SCPs are in force, as AWS attaches it.
    if (await this.core.scpEnabled(org)) await ignoreConflict(this.ports.organizations.attachPolicy(FULL_AWS_ACCESS.policyId, account.accountId));
    return succeeded(account);
  }

  async describeStatus(caller: Caller, requestId: string): Promise<CreateAccountStatusView> {
    await this.core.forManagement(caller);
    const accountId = accountIdOfRequest(requestId);
    const account = accountId === undefined ? undefined : await this.ports.identity.getAccount(accountId);
    const status = account && !account.isManagement ? succeeded(account) : await this.#failed.get(requestId);
    if (!status) throw notFound("create-account-status-not-found", `We can't find a create account request with the ID ${requestId}`);
    return status;
  }

  async listStatuses(caller: Caller, states: readonly CreateAccountState[] | undefined, page: PageRequest): Promise<Page<CreateAccountStatusView>> {
    await this.core.forManagement(caller);
    const accounts = await this.ports.organizations.listAccounts();
    const all = [...accounts.filter((a) => !a.isManagement).map(succeeded), ...await this.#failed.list()];
    const wanted = states === undefined || states.length === 0 ? all : all.filter((s) => states.includes(s.state));
    return paginate(wanted, (s) => s.id, page, "ListCreateAccountStatus");
  }

  async describe(caller: Caller, accountId: string): Promise<AccountView> {
    const org = await this.core.forManagement(caller);
    const account = await this.ports.identity.getAccount(accountId);
    if (!account) throw notFound("account-not-found", `We can't find an account with the ID ${accountId}`);
    return accountView(org, account);
  }

  async list(caller: Caller, page: PageRequest): Promise<Page<AccountView>> {
    const org = await this.core.forManagement(caller);
    const accounts = await this.ports.organizations.listAccounts();
    return paginate(accounts.map((a) => accountView(org, a)), (a) => a.accountId, page, "ListAccounts");
  }

  async #newAccount(input: CreateAccountInput, createdAt: Date): Promise<AccountRecord> {
    for (let attempt = 0; ; attempt++) {
      const account: AccountRecord = { accountId: newAccountId(), name: input.accountName, email: input.email, createdAt, isManagement: false };
      try {
        await this.ports.identity.createAccount(account);
        return account;
      } catch (error) {
        // A random 12-digit id may, rarely, be taken already: draw another.
        if (!(isFault(error) && error.kind === "conflict") || attempt >= 4) throw error;
      }
    }
  }

  async #accessRole(org: OrganizationRecord, accountId: string, roleName: string): Promise<void> {
    const { iam, clock } = this.ports;
    // Start-up seeds the AWS-managed policies; a store that predates them gets them here.
    if (!(await iam.getPolicy(ADMINISTRATOR_ACCESS_ARN))) await ensureAwsManagedPolicies(iam, clock);
    const roleId = newRoleId();
    await iam.createRole({
      roleId, accountId, roleName, path: "/", arn: `arn:aws:iam::${accountId}:role/${roleName}`,
      trustPolicy: accessRoleTrustPolicy(org.managementAccountId), maxSessionDurationSeconds: 3600, createdAt: clock.now(),
    });
    await iam.attachPolicy("role", roleId, ADMINISTRATOR_ACCESS_ARN);
  }
}

function succeeded(account: AccountRecord): CreateAccountStatusView {
  return {
    id: succeededRequestId(account.accountId), accountName: account.name, state: "SUCCEEDED",
    requestedAt: account.createdAt, completedAt: account.createdAt, accountId: account.accountId,
  };
}

export function accountView(org: OrganizationRecord, account: AccountRecord): AccountView {
  return {
    accountId: account.accountId, arn: accountArn(org, account.accountId), name: account.name,
    ...(account.email !== undefined ? { email: account.email } : {}),
    joinedMethod: account.isManagement ? "INVITED" : "CREATED",
    joinedAt: account.isManagement ? org.createdAt : account.createdAt,
  };
}
