import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DeleteResourcePolicyCommand, GetResourcePolicyCommand, ListFoundationModelsCommand, PutResourcePolicyCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreatePolicyCommand, DeletePolicyCommand,
  DescribeAccountCommand, DescribeCreateAccountStatusCommand, DescribeOrganizationCommand, DetachPolicyCommand,
  DisablePolicyTypeCommand, EnablePolicyTypeCommand, ListAccountsCommand, ListCreateAccountStatusCommand,
  ListPoliciesForTargetCommand, ListRootsCommand, ListTargetsForPolicyCommand, UpdatePolicyCommand,
} from "@aws-sdk/client-organizations";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { MODELS, startE2e } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { bedrockClient, failure, organizationsClient, policyDocument, runtimeClient } from "./org-clients.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * AWS Organizations and Bedrock resource policies through the real server and the official
 * clients: accounts and their statuses, service control policies from creation to deletion,
 * the errors AWS's model defines, and (once the authorizer and STS are wired) what they do.
 */
const SCP = "SERVICE_CONTROL_POLICY";
const DENY_CLAUDE = policyDocument([{
  Sid: "NoAnthropic", Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
  Resource: "arn:aws:bedrock:*::foundation-model/anthropic.*",
}]);
const converse = (modelId: string) => new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "hello" }] }] });

async function rootId(org: OrganizationsClient): Promise<string> {
  return (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
}

async function newAccount(org: OrganizationsClient, name: string): Promise<string> {
  const { CreateAccountStatus } = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  assert.equal(CreateAccountStatus?.State, "SUCCEEDED");
  return CreateAccountStatus!.AccountId!;
}

describe("Organizations end to end", () => {
  let e2e: E2e;
  let org: OrganizationsClient;
  before(async () => { e2e = await startE2e(); org = organizationsClient(e2e.server); });
  after(async () => { await e2e?.stop(); });

  it("the bootstrap administrator's account manages the one organisation", async () => {
    const { Organization } = await org.send(new DescribeOrganizationCommand({}));
    assert.match(Organization?.Id ?? "", /^o-[a-z0-9]{10}$/);
    assert.equal(Organization?.FeatureSet, "ALL");
    const { Accounts } = await org.send(new ListAccountsCommand({}));
    const management = Accounts?.find((a) => a.Id === Organization?.MasterAccountId);
    assert.equal(management?.JoinedMethod, "INVITED");
    assert.equal((await failure(org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })))).name, "AlreadyInOrganizationException");
  });

  it("CreateAccount succeeds at once; its status, the account and the list agree", async () => {
    const { CreateAccountStatus: status } = await org.send(new CreateAccountCommand({ AccountName: "Research", Email: "research@example.com", Tags: [{ Key: "team", Value: "research" }] }));
    assert.equal(status?.State, "SUCCEEDED");
    const again = await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status!.Id! }));
    assert.deepEqual(again.CreateAccountStatus?.AccountId, status?.AccountId);
    const { Account } = await org.send(new DescribeAccountCommand({ AccountId: status!.AccountId! }));
    assert.deepEqual([Account?.Name, Account?.Email, Account?.Status, Account?.JoinedMethod], ["Research", "research@example.com", "ACTIVE", "CREATED"]);
    const listed = await org.send(new ListCreateAccountStatusCommand({ States: ["SUCCEEDED"] }));
    assert.ok(listed.CreateAccountStatuses?.some((s) => s.Id === status?.Id));
    const duplicate = await org.send(new CreateAccountCommand({ AccountName: "Again", Email: "RESEARCH@example.com" }));
    assert.deepEqual([duplicate.CreateAccountStatus?.State, duplicate.CreateAccountStatus?.FailureReason], ["FAILED", "EMAIL_ALREADY_EXISTS"]);
    assert.equal((await failure(org.send(new DescribeAccountCommand({ AccountId: "999999999999" })))).name, "AccountNotFoundException");
    const bad = await failure(org.send(new CreateAccountCommand({ AccountName: "x", Email: "not-an-email" })));
    assert.deepEqual([bad.name, bad.Reason, bad.$metadata?.httpStatusCode], ["InvalidInputException", "INVALID_PATTERN", 400]);
  });

  it("service control policies: enable, attach to the root and an account, list both ways, refuse what AWS refuses, detach, delete, disable", async () => {
    const root = await rootId(org);
    const member = await newAccount(org, "scp-member");
    const { Policy } = await org.send(new CreatePolicyCommand({ Name: "no-anthropic", Description: "No Anthropic models", Type: SCP, Content: DENY_CLAUDE }));
    const policyId = Policy!.PolicySummary!.Id!;
    assert.equal((await failure(org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: member })))).name, "PolicyTypeNotEnabledException");
    const enabled = await org.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: SCP }));
    assert.deepEqual(enabled.Root?.PolicyTypes, [{ Type: SCP, Status: "ENABLED" }]);
    await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: member }));
    assert.equal((await failure(org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: member })))).name, "DuplicatePolicyAttachmentException");
    assert.equal((await failure(org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: "999999999999" })))).name, "TargetNotFoundException");
    const forMember = await org.send(new ListPoliciesForTargetCommand({ TargetId: member, Filter: SCP }));
    assert.deepEqual(forMember.Policies?.map((p) => p.Name).sort(), ["FullAWSAccess", "no-anthropic"]);
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: "p-FullAWSAccess" }));
    assert.ok(targets.Targets?.some((t) => t.TargetId === root && t.Type === "ROOT"));
    assert.equal((await failure(org.send(new DeletePolicyCommand({ PolicyId: policyId })))).name, "PolicyInUseException");
    const last = await failure(org.send(new DetachPolicyCommand({ PolicyId: "p-FullAWSAccess", TargetId: root })));
    assert.deepEqual([last.name, last.Reason], ["ConstraintViolationException", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"]);
    const malformed = await failure(org.send(new UpdatePolicyCommand({ PolicyId: policyId, Content: '{"Statement":[{"Effect":"Perhaps"}]}' })));
    assert.equal(malformed.name, "MalformedPolicyDocumentException");
    const big = await failure(org.send(new CreatePolicyCommand({ Name: "big", Description: "", Type: SCP, Content: " ".repeat(5100) + DENY_CLAUDE })));
    assert.deepEqual([big.name, big.Reason], ["ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED"]);
    await org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: member }));
    await org.send(new DeletePolicyCommand({ PolicyId: policyId }));
    assert.equal((await failure(org.send(new DeletePolicyCommand({ PolicyId: policyId })))).name, "PolicyNotFoundException");
    const disabled = await org.send(new DisablePolicyTypeCommand({ RootId: root, PolicyType: SCP }));
    assert.deepEqual(disabled.Root?.PolicyTypes, []);
  });

  it("Bedrock resource policies on a catalogue model: put (201), get, delete; unknown models and malformed documents refused", async () => {
    const bedrock = bedrockClient(e2e.server);
    const arn = `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.llama}`;
    const document = policyDocument([{ Effect: "Deny", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "bedrock:InvokeModel", Resource: arn }]);
    const put = await bedrock.send(new PutResourcePolicyCommand({ resourceArn: arn, resourcePolicy: document }));
    assert.deepEqual([put.resourceArn, put.$metadata.httpStatusCode], [arn, 201]);
    assert.equal((await bedrock.send(new GetResourcePolicyCommand({ resourceArn: arn }))).resourcePolicy, document);
    await bedrock.send(new DeleteResourcePolicyCommand({ resourceArn: arn }));
    assert.equal((await failure(bedrock.send(new GetResourcePolicyCommand({ resourceArn: arn })))).name, "ResourceNotFoundException");
    const unknown = `arn:aws:bedrock:${e2e.server.region}::foundation-model/no.such-model-v1:0`;
    assert.equal((await failure(bedrock.send(new PutResourcePolicyCommand({ resourceArn: unknown, resourcePolicy: document })))).name, "ResourceNotFoundException");
    const noPrincipal = policyDocument([{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: arn }]);
    assert.equal((await failure(bedrock.send(new PutResourcePolicyCommand({ resourceArn: arn, resourcePolicy: noPrincipal })))).name, "ValidationException");
  });

  it("the management account assumes OrganizationAccountAccessRole in a new account and administers it", async () => {
    const member = await newAccount(org, "assumed");
    const sts = stsClient(e2e.server);
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "admin" }));
    const keys = temporaryKeys(Credentials);
    const me = await stsClient(e2e.server, keys).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, member);
    assert.equal(me.Arn, `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/admin`);
    assert.ok((await bedrockClient(e2e.server, keys).send(new ListFoundationModelsCommand({}))).modelSummaries?.length);
    // The role trusts the management account only: the member's own session cannot assume it again elsewhere.
    const other = await newAccount(org, "other");
    const refused = await failure(stsClient(e2e.server, keys).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${other}:role/OrganizationAccountAccessRole`, RoleSessionName: "again" })));
    assert.equal(refused.name, "AccessDenied", refused.message);
  });

  it("an SCP denying a model family refuses it to a member account, even to its administrators, and never restricts the management account", async () => {
    const root = await rootId(org);
    const member = await newAccount(org, "scp-denied");
    const { Policy } = await org.send(new CreatePolicyCommand({ Name: "deny-anthropic-e2e", Description: "", Type: SCP, Content: DENY_CLAUDE }));
    await org.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: SCP })).catch((e: Error) => { if (e.name !== "PolicyTypeAlreadyEnabledException") throw e; });
    await org.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: member }));
    const { Credentials } = await stsClient(e2e.server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "admin" }));
    const runtime = runtimeClient(e2e.server, temporaryKeys(Credentials));
    const denied = await failure(runtime.send(converse(MODELS.claude)));
    assert.equal(denied.name, "AccessDeniedException");
    assert.match(denied.message, /service control policy/);
    assert.equal((await runtime.send(converse(MODELS.llama))).output?.message?.role, "assistant");
    assert.equal((await runtimeClient(e2e.server, e2e.server.credentials).send(converse(MODELS.claude))).output?.message?.role, "assistant");
  });

  it("a resource policy on a model denies it to a member account's principals", async () => {
    const member = await newAccount(org, "rp-denied");
    const arn = `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.mistral}`;
    await bedrockClient(e2e.server).send(new PutResourcePolicyCommand({
      resourceArn: arn,
      resourcePolicy: policyDocument([{ Sid: "NotForMember", Effect: "Deny", Principal: { AWS: `arn:aws:iam::${member}:root` }, Action: "bedrock:InvokeModel", Resource: arn }]),
    }));
    const { Credentials } = await stsClient(e2e.server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "admin" }));
    const denied = await failure(runtimeClient(e2e.server, temporaryKeys(Credentials)).send(converse(MODELS.mistral)));
    assert.equal(denied.name, "AccessDeniedException");
    assert.match(denied.message, /resource-based policy/);
  });
});
