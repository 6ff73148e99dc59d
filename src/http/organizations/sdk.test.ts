import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import {
  AccessDeniedException, AlreadyInOrganizationException, AttachPolicyCommand, ConstraintViolationException,
  CreateAccountCommand, CreateOrganizationCommand, CreatePolicyCommand, DeletePolicyCommand, DescribeAccountCommand,
  DescribeCreateAccountStatusCommand, DescribeOrganizationCommand, DescribePolicyCommand, DetachPolicyCommand,
  DisablePolicyTypeCommand, DuplicatePolicyAttachmentException, EnablePolicyTypeCommand, InvalidInputException,
  ListCreateAccountStatusCommand, ListPoliciesCommand, ListPoliciesForTargetCommand, ListRootsCommand,
  ListTargetsForPolicyCommand, MalformedPolicyDocumentException, OrganizationsClient, PolicyNotFoundException,
  PolicyTypeNotEnabledException, UpdatePolicyCommand, paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { MANAGEMENT, startedService } from "../../service/organizations/store.fixture.js";
import { CLIENT, inProcess, principalOf } from "./in-process.fixture.js";
import { ORGANIZATIONS_OPERATION_NAMES, organizationsOperations } from "./index.js";

/**
 * @aws-sdk/client-organizations on the client side of our codec, served in-process by the real
 * operations over the real store (SQLite, temporary): what the SDK serialises must decode, and what we
 * encode (answers and errors, with Reason) must deserialise into the SDK's own shapes and classes.
 */
async function setup(t: TestContext) {
  const { service, org } = await startedService(t);
  let caller = MANAGEMENT;
  const operations = organizationsOperations({ service, organization: org });
  const sdk = new OrganizationsClient({ ...CLIENT, requestHandler: inProcess(operations, () => principalOf(caller)) });
  return { sdk, org, operations, as: (accountId: string) => { caller = accountId; } };
}

const DENY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*" }] });

describe("Organizations through @aws-sdk/client-organizations", () => {
  it("declares each operation once, as organizations:<Name> on POST / by X-Amz-Target", async (t) => {
    const { operations } = await setup(t);
    assert.deepEqual(operations.map((o) => o.name).sort(), [...ORGANIZATIONS_OPERATION_NAMES].sort());
    for (const op of operations) {
      assert.deepEqual([op.method, op.path, op.signingService, op.target, op.action], ["POST", "/", "organizations", op.name, `organizations:${op.name}`]);
    }
  });

  it("describes the organisation and its root; CreateOrganization is AlreadyInOrganizationException", async (t) => {
    const { sdk, org } = await setup(t);
    const { Organization } = await sdk.send(new DescribeOrganizationCommand({}));
    assert.deepEqual({ id: Organization?.Id, feature: Organization?.FeatureSet, master: Organization?.MasterAccountId }, { id: org.organizationId, feature: "ALL", master: MANAGEMENT });
    const { Roots } = await sdk.send(new ListRootsCommand({}));
    assert.deepEqual(Roots, [{ Id: org.rootId, Arn: `arn:aws:organizations::${MANAGEMENT}:root/${org.organizationId}/${org.rootId}`, Name: "Root", PolicyTypes: [] }]);
    await assert.rejects(sdk.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })), AlreadyInOrganizationException);
  });

  it("creates accounts, reads their statuses (timestamps as dates) and pages through ListAccounts", async (t) => {
    const { sdk } = await setup(t);
    const { CreateAccountStatus: status } = await sdk.send(new CreateAccountCommand({
      AccountName: "Research", Email: "research@example.com", RoleName: "OrgAccess", IamUserAccessToBilling: "DENY", Tags: [{ Key: "team", Value: "rd" }],
    }));
    assert.equal(status?.State, "SUCCEEDED");
    assert.ok(status?.RequestedTimestamp instanceof Date);
    const described = await sdk.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status!.Id! }));
    assert.equal(described.CreateAccountStatus?.AccountId, status?.AccountId);
    const listed = await sdk.send(new ListCreateAccountStatusCommand({ States: ["SUCCEEDED"] }));
    assert.deepEqual(listed.CreateAccountStatuses?.map((s) => s.AccountName), ["Research"]);
    const { Account } = await sdk.send(new DescribeAccountCommand({ AccountId: status!.AccountId! }));
    assert.deepEqual({ name: Account?.Name, email: Account?.Email, status: Account?.Status, method: Account?.JoinedMethod }, { name: "Research", email: "research@example.com", status: "ACTIVE", method: "CREATED" });
    for (let i = 0; i < 3; i++) await sdk.send(new CreateAccountCommand({ AccountName: `a${i}`, Email: `a${i}@example.com` }));
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: sdk, pageSize: 2 }, {})) ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    assert.equal(new Set(ids).size, 5);
  });

  it("runs the SCP life cycle: create, enable, attach, list both ways, update, detach, delete, disable", async (t) => {
    const { sdk, org } = await setup(t);
    const { Policy } = await sdk.send(new CreatePolicyCommand({ Name: "no-bedrock", Description: "d", Type: "SERVICE_CONTROL_POLICY", Content: DENY }));
    const id = Policy!.PolicySummary!.Id!;
    assert.deepEqual({ aws: Policy?.PolicySummary?.AwsManaged, content: Policy?.Content }, { aws: false, content: DENY });
    await assert.rejects(sdk.send(new AttachPolicyCommand({ PolicyId: id, TargetId: org.rootId })), PolicyTypeNotEnabledException);
    const enabled = await sdk.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: "SERVICE_CONTROL_POLICY" }));
    assert.deepEqual(enabled.Root?.PolicyTypes, [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }]);
    await sdk.send(new AttachPolicyCommand({ PolicyId: id, TargetId: org.rootId }));
    await assert.rejects(sdk.send(new AttachPolicyCommand({ PolicyId: id, TargetId: org.rootId })), DuplicatePolicyAttachmentException);
    const forRoot = await sdk.send(new ListPoliciesForTargetCommand({ TargetId: org.rootId, Filter: "SERVICE_CONTROL_POLICY" }));
    assert.deepEqual(forRoot.Policies?.map((p) => p.Name).sort(), ["FullAWSAccess", "no-bedrock"]);
    const targets = await sdk.send(new ListTargetsForPolicyCommand({ PolicyId: id }));
    assert.deepEqual(targets.Targets?.map((t) => [t.TargetId, t.Type]), [[org.rootId, "ROOT"]]);
    const updated = await sdk.send(new UpdatePolicyCommand({ PolicyId: id, Description: "denies Bedrock" }));
    assert.equal(updated.Policy?.PolicySummary?.Description, "denies Bedrock");
    await sdk.send(new DetachPolicyCommand({ PolicyId: id, TargetId: org.rootId }));
    await sdk.send(new DeletePolicyCommand({ PolicyId: id }));
    await assert.rejects(sdk.send(new DescribePolicyCommand({ PolicyId: id })), PolicyNotFoundException);
    const disabled = await sdk.send(new DisablePolicyTypeCommand({ RootId: org.rootId, PolicyType: "SERVICE_CONTROL_POLICY" }));
    assert.deepEqual(disabled.Root?.PolicyTypes, []);
    const { Policies } = await sdk.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }));
    assert.deepEqual(Policies?.map((p) => [p.Id, p.AwsManaged]), [["p-FullAWSAccess", true]]);
  });

  it("errors arrive as the SDK's modelled exceptions, with Message and Reason", async (t) => {
    const { sdk, org, as } = await setup(t);
    const big = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "x".repeat(5200) }] });
    const tooBig = await sdk.send(new CreatePolicyCommand({ Name: "big", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: big })).catch((e: unknown) => e);
    assert.ok(tooBig instanceof ConstraintViolationException);
    assert.equal(tooBig.Reason, "POLICY_CONTENT_LIMIT_EXCEEDED");
    assert.match(tooBig.message, /5120/);
    const badPage = await sdk.send(new ListRootsCommand({ MaxResults: 21 })).catch((e: unknown) => e);
    assert.ok(badPage instanceof InvalidInputException);
    assert.equal(badPage.Reason, "MAX_VALUE_EXCEEDED");
    assert.equal(badPage.$metadata.httpStatusCode, 400);
    await assert.rejects(sdk.send(new CreatePolicyCommand({ Name: "m", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: "{}" })), MalformedPolicyDocumentException);
    as("222222222222");
    await assert.rejects(sdk.send(new ListRootsCommand({})), AccessDeniedException);
    await assert.rejects(sdk.send(new EnablePolicyTypeCommand({ RootId: org.rootId, PolicyType: "SERVICE_CONTROL_POLICY" })), AccessDeniedException);
    assert.ok((await sdk.send(new DescribeOrganizationCommand({}))).Organization);
  });
});
