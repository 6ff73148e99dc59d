import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMINISTRATOR_ACCESS_ARN, DEFAULT_ACCESS_ROLE, OrganizationService } from "./index.js";
import { rejectsWith } from "./expect.fixture.js";
import { AT, MANAGEMENT, openTestStore, startedService } from "./store.fixture.js";

const admin = { accountId: MANAGEMENT };
const input = (n: number, extra: object = {}) => ({ accountName: `team ${n}`, email: `team${n}@example.com`, tags: [], ...extra });

const started = startedService;

describe("the organisation", () => {
  it("is made once, with the bootstrap administrator's account as management account and FullAWSAccess", async (t) => {
    const { store, service, org } = await started(t);
    assert.match(org.organizationId, /^o-[a-z0-9]{10}$/);
    assert.match(org.rootId, /^r-[a-z0-9]{4}$/);
    assert.equal(org.managementAccountId, MANAGEMENT);
    assert.deepEqual(await service.ensureOrganization(), org);
    assert.equal((await store.organization.getPolicy("p-FullAWSAccess"))?.awsManaged, true);
    const view = await service.describe({ accountId: "222222222222" });
    assert.equal(view.arn, `arn:aws:organizations::${MANAGEMENT}:organization/${org.organizationId}`);
    assert.equal(view.managementAccountArn, `arn:aws:organizations::${MANAGEMENT}:account/${org.organizationId}/${MANAGEMENT}`);
  });

  it("is created on first use by a database that predates it, and CreateOrganization then answers AlreadyInOrganizationException", async (t) => {
    const { store, ports } = await openTestStore(t);
    const service = new OrganizationService(ports);
    const view = await service.describe(admin);
    assert.equal(view.organizationId, (await store.organization.getOrganization())?.organizationId);
    await rejectsWith(service.create(admin), "already-in-organization");
  });

  it("CreateOrganization makes it when none exists yet", async (t) => {
    const service = new OrganizationService((await openTestStore(t)).ports);
    assert.equal((await service.create(admin)).managementAccountId, MANAGEMENT);
  });

  it("refuses member accounts everything but DescribeOrganization, as AWS does", async (t) => {
    const { service } = await started(t);
    const status = await service.accounts.create(admin, input(1));
    const member = { accountId: status.accountId! };
    await service.describe(member);
    await rejectsWith(service.accounts.list(member, {}), "access-denied");
    await rejectsWith(service.accounts.create(member, input(2)), "access-denied");
    await rejectsWith(service.listRoots(member, {}), "access-denied");
    await rejectsWith(service.policies.list(member, "SERVICE_CONTROL_POLICY", {}), "access-denied");
  });
});

describe("CreateAccount", () => {
  it("succeeds at once and leaves OrganizationAccountAccessRole, trusted by the management account, with AdministratorAccess", async (t) => {
    const { store, service } = await started(t);
    const status = await service.accounts.create(admin, input(1, { tags: [{ key: "team", value: "ml" }] }));
    assert.equal(status.state, "SUCCEEDED");
    assert.match(status.accountId!, /^\d{12}$/);
    assert.equal(status.id, `car-${status.accountId}`);
    assert.deepEqual(status.requestedAt, AT);
    const account = await store.identity.getAccount(status.accountId!);
    assert.deepEqual({ name: account?.name, email: account?.email, isManagement: account?.isManagement }, { name: "team 1", email: "team1@example.com", isManagement: false });
    const role = await store.iam.getRole(status.accountId!, DEFAULT_ACCESS_ROLE);
    assert.ok(role);
    assert.equal(role.arn, `arn:aws:iam::${status.accountId}:role/OrganizationAccountAccessRole`);
    assert.match(role.roleId, /^AROA[A-Z2-7]{16}$/);
    assert.deepEqual(JSON.parse(role.trustPolicy).Statement, [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" },
    ]);
    assert.deepEqual((await store.iam.listAttachedPolicies("role", role.roleId)).map((p) => p.policyArn), [ADMINISTRATOR_ACCESS_ARN]);
    assert.deepEqual(await service.tags.list(status.accountId!), [{ key: "team", value: "ml" }]);
  });

  it("names the access role as asked, and finds AdministratorAccess where start-up did not seed it", async (t) => {
    const { store, service } = await started(t);
    const a = await service.accounts.create(admin, input(1, { roleName: "Admin" }));
    await service.accounts.create(admin, input(2));
    assert.ok(await store.iam.getRole(a.accountId!, "Admin"));
    assert.equal(await store.iam.getRole(a.accountId!, DEFAULT_ACCESS_ROLE), undefined);
    assert.equal((await store.iam.getPolicy(ADMINISTRATOR_ACCESS_ARN))?.accountId, "aws");
  });

  it("reports a duplicate email through a FAILED status (EMAIL_ALREADY_EXISTS) that can be described and listed later", async (t) => {
    const { store, service } = await started(t);
    await service.accounts.create(admin, input(1));
    const failed = await service.accounts.create(admin, input(2, { email: "TEAM1@example.com" }));
    assert.deepEqual({ state: failed.state, reason: failed.failureReason, accountId: failed.accountId }, { state: "FAILED", reason: "EMAIL_ALREADY_EXISTS", accountId: undefined });
    assert.match(failed.id, /^car-[a-z0-9]{32}$/);
    assert.equal((await store.organization.listAccounts()).length, 2);
    assert.deepEqual(await service.accounts.describeStatus(admin, failed.id), failed);
    assert.deepEqual((await service.accounts.listStatuses(admin, ["FAILED"], {})).items.map((s) => s.id), [failed.id]);
    assert.equal((await service.accounts.listStatuses(admin, ["SUCCEEDED"], {})).items.length, 1);
    assert.equal((await service.accounts.listStatuses(admin, undefined, {})).items.length, 2);
  });

  it("DescribeCreateAccountStatus of an unknown request, or of the management account, is CreateAccountStatusNotFoundException", async (t) => {
    const { service } = await started(t);
    await rejectsWith(service.accounts.describeStatus(admin, "car-abcdefgh12"), "create-account-status-not-found");
    await rejectsWith(service.accounts.describeStatus(admin, `car-${MANAGEMENT}`), "create-account-status-not-found");
  });
});

describe("DescribeAccount and ListAccounts", () => {
  it("describes the management account (INVITED) and created ones (CREATED); an unknown id is AccountNotFoundException", async (t) => {
    const { service, org } = await started(t);
    const created = await service.accounts.create(admin, input(1));
    const management = await service.accounts.describe(admin, MANAGEMENT);
    assert.equal(management.joinedMethod, "INVITED");
    assert.deepEqual(management.joinedAt, org.createdAt);
    const member = await service.accounts.describe(admin, created.accountId!);
    assert.deepEqual({ method: member.joinedMethod, email: member.email, name: member.name }, { method: "CREATED", email: "team1@example.com", name: "team 1" });
    await rejectsWith(service.accounts.describe(admin, "999999999999"), "account-not-found");
  });

  it("pages with MaxResults and NextToken, in account id order, and refuses a token from another list", async (t) => {
    const { service } = await started(t);
    for (let i = 0; i < 4; i++) await service.accounts.create(admin, input(i));
    const seen: string[] = [];
    let page = await service.accounts.list(admin, { maxResults: 2 });
    seen.push(...page.items.map((a) => a.accountId));
    while (page.nextToken !== undefined) {
      page = await service.accounts.list(admin, { maxResults: 2, nextToken: page.nextToken });
      seen.push(...page.items.map((a) => a.accountId));
    }
    assert.equal(seen.length, 5);
    assert.deepEqual(seen, [...seen].sort());
    const first = await service.accounts.list(admin, { maxResults: 1 });
    await rejectsWith(service.policies.list(admin, "SERVICE_CONTROL_POLICY", { nextToken: first.nextToken! }), "invalid-input", "INVALID_NEXT_TOKEN");
    await rejectsWith(service.accounts.list(admin, { nextToken: "not-a-token" }), "invalid-input", "INVALID_NEXT_TOKEN");
  });
});
