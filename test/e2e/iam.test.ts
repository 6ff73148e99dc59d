import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, currentStep, failsWith, iamAs, policy, runtimeAs, totp } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";

/**
 * A real administration with @aws-sdk/client-iam against the real server: users with keys and
 * inline policies, groups with managed policies, roles and trust policies, versions,
 * boundaries, tags, MFA enrolment with otplib codes, simulation, deletion conflicts, and every
 * IAM error code plinth answers with.
 */
describe("IAM administration through @aws-sdk/client-iam", () => {
  let server: RunningServer;
  let iam: IAM.IAMClient;
  let account: string;
  let aliceKeys: Keys;
  let managedArn: string;
  before(async () => {
    server = await startServer();
    iam = iamAs(server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
  });
  after(async () => {
    iam?.destroy();
    await server?.stop();
  });

  it("GetUser without a name answers the calling administrator", async () => {
    const { User } = await iam.send(new IAM.GetUserCommand({}));
    assert.equal(User?.UserName, "administrator");
    assert.match(User!.UserId!, /^AIDA/);
    assert.ok(User?.CreateDate instanceof Date);
  });

  it("a user with a path, tags, an access key and an inline policy", async () => {
    const { User } = await iam.send(new IAM.CreateUserCommand({ UserName: "alice", Path: "/engineering/", Tags: [{ Key: "team", Value: "ml" }] }));
    assert.equal(User?.Arn, `arn:aws:iam::${account}:user/engineering/alice`);
    assert.deepEqual(User?.Tags, [{ Key: "team", Value: "ml" }]);
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "alice" }));
    assert.match(AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey!.SecretAccessKey!.length, 40);
    assert.equal(AccessKey!.Status, "Active");
    aliceKeys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const document = policy(allow("bedrock:ListFoundationModels"), allow("bedrock:InvokeModel", "arn:aws:bedrock:*::foundation-model/meta.*", { Condition: { Bool: { "aws:SecureTransport": "true" } } }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: "alice", PolicyName: "models", PolicyDocument: document }));
    const got = await iam.send(new IAM.GetUserPolicyCommand({ UserName: "alice", PolicyName: "models" }));
    assert.equal(decodeURIComponent(got.PolicyDocument!), document, "documents come back URL-encoded, as IAM sends them");
    assert.deepEqual((await iam.send(new IAM.ListUserPoliciesCommand({ UserName: "alice" }))).PolicyNames, ["models"]);
    const keys = await iam.send(new IAM.ListAccessKeysCommand({ UserName: "alice" }));
    assert.deepEqual(keys.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status]), [[aliceKeys.accessKeyId, "Active"]]);
    assert.equal(JSON.stringify(keys).includes(aliceKeys.secretAccessKey), false, "the secret is never shown again");
  });

  it("tags and a permissions boundary on a user", async () => {
    await iam.send(new IAM.TagUserCommand({ UserName: "alice", Tags: [{ Key: "cost-centre", Value: "42" }] }));
    await iam.send(new IAM.UntagUserCommand({ UserName: "alice", TagKeys: ["TEAM"] }));
    assert.deepEqual((await iam.send(new IAM.ListUserTagsCommand({ UserName: "alice" }))).Tags, [{ Key: "cost-centre", Value: "42" }]);
    await iam.send(new IAM.PutUserPermissionsBoundaryCommand({ UserName: "alice", PermissionsBoundary: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" }));
    const { User } = await iam.send(new IAM.GetUserCommand({ UserName: "alice" }));
    assert.equal(User?.PermissionsBoundary?.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/AmazonBedrockFullAccess");
    await iam.send(new IAM.DeleteUserPermissionsBoundaryCommand({ UserName: "alice" }));
    assert.equal((await iam.send(new IAM.GetUserCommand({ UserName: "alice" }))).User?.PermissionsBoundary, undefined);
  });

  it("a group with a customer managed policy and its versions", async () => {
    await iam.send(new IAM.CreateGroupCommand({ GroupName: "readers" }));
    await iam.send(new IAM.AddUserToGroupCommand({ GroupName: "readers", UserName: "alice" }));
    const { Policy } = await iam.send(new IAM.CreatePolicyCommand({ PolicyName: "ReadModels", Path: "/bedrock/", Description: "read models", PolicyDocument: policy(allow(["bedrock:List*", "bedrock:Get*"])) }));
    managedArn = Policy!.Arn!;
    assert.equal(managedArn, `arn:aws:iam::${account}:policy/bedrock/ReadModels`);
    assert.equal(Policy?.DefaultVersionId, "v1");
    await iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: managedArn }));
    assert.deepEqual((await iam.send(new IAM.ListAttachedGroupPoliciesCommand({ GroupName: "readers" }))).AttachedPolicies, [{ PolicyName: "ReadModels", PolicyArn: managedArn }]);
    const group = await iam.send(new IAM.GetGroupCommand({ GroupName: "readers" }));
    assert.deepEqual(group.Users?.map((u) => u.UserName), ["alice"]);
    assert.deepEqual((await iam.send(new IAM.ListGroupsForUserCommand({ UserName: "alice" }))).Groups?.map((g) => g.GroupName), ["readers"]);
    const entities = await iam.send(new IAM.ListEntitiesForPolicyCommand({ PolicyArn: managedArn }));
    assert.deepEqual(entities.PolicyGroups?.map((g) => g.GroupName), ["readers"]);
    assert.equal((await iam.send(new IAM.GetPolicyCommand({ PolicyArn: managedArn }))).Policy?.AttachmentCount, 1);

    for (const action of ["bedrock:ListFoundationModels", "bedrock:GetFoundationModel", "bedrock:ListCustomModels", "bedrock:GetCustomModel"]) {
      await iam.send(new IAM.CreatePolicyVersionCommand({ PolicyArn: managedArn, PolicyDocument: policy(allow(action)), SetAsDefault: action === "bedrock:ListFoundationModels" }));
    }
    await failsWith(iam.send(new IAM.CreatePolicyVersionCommand({ PolicyArn: managedArn, PolicyDocument: policy(allow("bedrock:ListFoundationModels")) })), "LimitExceededException", /up to 5 versions/);
    const versions = await iam.send(new IAM.ListPolicyVersionsCommand({ PolicyArn: managedArn }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [["v5", false], ["v4", false], ["v3", false], ["v2", true], ["v1", false]]);
    await failsWith(iam.send(new IAM.DeletePolicyVersionCommand({ PolicyArn: managedArn, VersionId: "v2" })), "DeleteConflictException", /default version/);
    await iam.send(new IAM.SetDefaultPolicyVersionCommand({ PolicyArn: managedArn, VersionId: "v1" }));
    await iam.send(new IAM.DeletePolicyVersionCommand({ PolicyArn: managedArn, VersionId: "v5" }));
    const v1 = await iam.send(new IAM.GetPolicyVersionCommand({ PolicyArn: managedArn, VersionId: "v1" }));
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, true);
    assert.deepEqual(JSON.parse(decodeURIComponent(v1.PolicyVersion!.Document!)).Statement[0].Action, ["bedrock:List*", "bedrock:Get*"]);
  });

  it("AWS managed policies are listed and attachable", async () => {
    const aws = await iam.send(new IAM.ListPoliciesCommand({ Scope: "AWS" }));
    assert.deepEqual(aws.Policies?.map((p) => p.PolicyName), ["AdministratorAccess", "AmazonBedrockFullAccess", "AmazonBedrockReadOnly", "IAMFullAccess", "ReadOnlyAccess"]);
    await iam.send(new IAM.AttachUserPolicyCommand({ UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }));
    assert.deepEqual((await iam.send(new IAM.ListAttachedUserPoliciesCommand({ UserName: "alice" }))).AttachedPolicies?.map((p) => p.PolicyName), ["AmazonBedrockReadOnly"]);
    const attached = await iam.send(new IAM.ListPoliciesCommand({ OnlyAttached: true }));
    // AdministratorAccess is the bootstrap administrator's, attached on first start.
    assert.deepEqual(attached.Policies?.map((p) => p.PolicyName), ["AdministratorAccess", "AmazonBedrockReadOnly", "ReadModels"]);
    await failsWith(iam.send(new IAM.DeletePolicyCommand({ PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })), "AccessDenied", /AWS managed/);
  });

  it("a role with a trust policy, tags and a boundary", async () => {
    const trust = policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" });
    const { Role } = await iam.send(new IAM.CreateRoleCommand({ RoleName: "analyst", AssumeRolePolicyDocument: trust, Description: "analysis", MaxSessionDuration: 7200, Tags: [{ Key: "env", Value: "prod" }] }));
    assert.match(Role!.RoleId!, /^AROA/);
    const got = await iam.send(new IAM.GetRoleCommand({ RoleName: "analyst" }));
    assert.equal(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!), trust);
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.deepEqual(got.Role?.Tags, [{ Key: "env", Value: "prod" }]);
    const newTrust = policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:user/engineering/alice` }, Action: "sts:AssumeRole" });
    await iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: "analyst", PolicyDocument: newTrust }));
    assert.equal(decodeURIComponent((await iam.send(new IAM.GetRoleCommand({ RoleName: "analyst" }))).Role!.AssumeRolePolicyDocument!), newTrust);
    await iam.send(new IAM.TagRoleCommand({ RoleName: "analyst", Tags: [{ Key: "owner", Value: "alice" }] }));
    await iam.send(new IAM.UntagRoleCommand({ RoleName: "analyst", TagKeys: ["env"] }));
    assert.deepEqual((await iam.send(new IAM.ListRoleTagsCommand({ RoleName: "analyst" }))).Tags, [{ Key: "owner", Value: "alice" }]);
    await iam.send(new IAM.PutRolePermissionsBoundaryCommand({ RoleName: "analyst", PermissionsBoundary: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }));
    assert.equal((await iam.send(new IAM.GetRoleCommand({ RoleName: "analyst" }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, "arn:aws:iam::aws:policy/AmazonBedrockReadOnly");
    await iam.send(new IAM.DeleteRolePermissionsBoundaryCommand({ RoleName: "analyst" }));
    await iam.send(new IAM.PutRolePolicyCommand({ RoleName: "analyst", PolicyName: "invoke", PolicyDocument: policy(allow("bedrock:InvokeModel")) }));
    await iam.send(new IAM.AttachRolePolicyCommand({ RoleName: "analyst", PolicyArn: managedArn }));
    assert.deepEqual((await iam.send(new IAM.ListRolesCommand({}))).Roles?.map((r) => r.RoleName), ["analyst"]);
    await failsWith(iam.send(new IAM.CreateRoleCommand({ RoleName: "untrusting", AssumeRolePolicyDocument: policy(allow("sts:AssumeRole")) })), "MalformedPolicyDocumentException", /Principal/);
  });

  it("MFA enrolment with two consecutive codes from otplib", async () => {
    const { VirtualMFADevice } = await iam.send(new IAM.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "alice-phone" }));
    const serial = VirtualMFADevice!.SerialNumber!;
    assert.equal(serial, `arn:aws:iam::${account}:mfa/alice-phone`);
    const seed = VirtualMFADevice!.Base32StringSeed!;
    assert.match(Buffer.from(seed).toString("utf8"), /^[A-Z2-7]{32}$/);
    const step = currentStep();
    await failsWith(iam.send(new IAM.EnableMFADeviceCommand({ UserName: "alice", SerialNumber: serial, AuthenticationCode1: await totp(seed, step - 20), AuthenticationCode2: await totp(seed, step - 19) })), "InvalidAuthenticationCodeException");
    await iam.send(new IAM.EnableMFADeviceCommand({ UserName: "alice", SerialNumber: serial, AuthenticationCode1: await totp(seed, step - 1), AuthenticationCode2: await totp(seed, step) }));
    const devices = await iam.send(new IAM.ListMFADevicesCommand({ UserName: "alice" }));
    assert.deepEqual(devices.MFADevices?.map((d) => [d.UserName, d.SerialNumber]), [["alice", serial]]);
    const virtual = await iam.send(new IAM.ListVirtualMFADevicesCommand({ AssignmentStatus: "Assigned" }));
    assert.deepEqual(virtual.VirtualMFADevices?.map((d) => [d.SerialNumber, d.User?.UserName, d.Base32StringSeed]), [[serial, "alice", undefined]]);
    await failsWith(iam.send(new IAM.DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), "DeleteConflictException", /in use/);
  });

  it("SimulatePrincipalPolicy and SimulateCustomPolicy", async () => {
    const sim = await iam.send(new IAM.SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${account}:user/engineering/alice`,
      ActionNames: ["bedrock:InvokeModel", "bedrock:ListFoundationModels", "iam:CreateUser"],
      ResourceArns: [`arn:aws:bedrock:${server.region}::foundation-model/meta.llama3-1-8b-instruct-v1:0`],
      ContextEntries: [{ ContextKeyName: "aws:SecureTransport", ContextKeyValues: ["true"], ContextKeyType: "boolean" }],
    }));
    assert.deepEqual(sim.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]), [
      ["bedrock:InvokeModel", "allowed"], ["bedrock:ListFoundationModels", "allowed"], ["iam:CreateUser", "implicitDeny"],
    ]);
    const invoke = sim.EvaluationResults![0]!.MatchedStatements![0]!;
    assert.deepEqual([invoke.SourcePolicyId, invoke.SourcePolicyType], ["models", "user"]);
    assert.ok(invoke.StartPosition?.Line && invoke.EndPosition?.Column);
    const custom = await iam.send(new IAM.SimulateCustomPolicyCommand({
      PolicyInputList: [policy(allow("bedrock:*"), { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })],
      ActionNames: ["bedrock:InvokeModel", "bedrock:ListFoundationModels"],
    }));
    // Without aws:SourceIp the NotIpAddress condition holds, as in AWS: the deny applies, and the key is reported missing.
    assert.deepEqual(custom.EvaluationResults?.map((r) => [r.EvalDecision, r.MissingContextValues]), [["explicitDeny", ["aws:SourceIp"]], ["allowed", []]]);
    const withIp = await iam.send(new IAM.SimulateCustomPolicyCommand({
      PolicyInputList: [policy(allow("bedrock:*"), { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })],
      ActionNames: ["bedrock:InvokeModel"], ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: ["10.1.2.3"], ContextKeyType: "ip" }],
    }));
    assert.deepEqual([withIp.EvaluationResults?.[0]?.EvalDecision, withIp.EvaluationResults?.[0]?.MissingContextValues], ["allowed", []]);
  });

  it("pagination with Marker and MaxItems, as the SDK's paginators drive it", async () => {
    for (const name of ["p1", "p2", "p3"]) await iam.send(new IAM.CreateUserCommand({ UserName: name, Path: "/paged/" }));
    const first = await iam.send(new IAM.ListUsersCommand({ PathPrefix: "/paged/", MaxItems: 2 }));
    assert.deepEqual([first.Users?.map((u) => u.UserName), first.IsTruncated], [["p1", "p2"], true]);
    const names: string[] = [];
    for await (const page of IAM.paginateListUsers({ client: iam, pageSize: 1 }, { PathPrefix: "/paged/" })) names.push(...(page.Users ?? []).map((u) => u.UserName!));
    assert.deepEqual(names, ["p1", "p2", "p3"]);
  });

  it("every error code: NoSuchEntity, EntityAlreadyExists, MalformedPolicyDocument, LimitExceeded, InvalidInput, ValidationError", async () => {
    const missing = await failsWith(iam.send(new IAM.GetUserCommand({ UserName: "nobody" })), "NoSuchEntityException", /The user with name nobody cannot be found/);
    assert.equal(missing.$metadata?.httpStatusCode, 404);
    await failsWith(iam.send(new IAM.CreateUserCommand({ UserName: "ALICE" })), "EntityAlreadyExistsException", /already exists/);
    const secretish = "bedrock:NotAnAction";
    const malformed = await failsWith(iam.send(new IAM.PutUserPolicyCommand({ UserName: "alice", PolicyName: "bad", PolicyDocument: policy(allow(secretish)) })), "MalformedPolicyDocumentException", /Statement/);
    assert.ok(!malformed.message.includes('"Effect"'), "the message names a place, never the document");
    await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "alice" }));
    await failsWith(iam.send(new IAM.CreateAccessKeyCommand({ UserName: "alice" })), "LimitExceededException", /AccessKeysPerUser: 2/);
    await failsWith(iam.send(new IAM.TagUserCommand({ UserName: "alice", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] })), "InvalidInputException", /Duplicate tag keys/);
    const validation = await failsWith(iam.send(new IAM.CreateUserCommand({ UserName: "not a valid name" })), "ValidationError", /'userName'/);
    assert.equal(validation.$metadata?.httpStatusCode, 400);
    await failsWith(iam.send(new IAM.CreateRoleCommand({ RoleName: "short", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }), MaxSessionDuration: 60 })), "ValidationError", /maxSessionDuration/);
    await failsWith(iam.send(new IAM.GetPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Nope` })), "NoSuchEntityException", /does not exist/);
  });

  it("deletion conflicts, then everything is removed in IAM's order", async () => {
    await failsWith(iam.send(new IAM.DeleteUserCommand({ UserName: "alice" })), "DeleteConflictException", /access keys/);
    await failsWith(iam.send(new IAM.DeleteGroupCommand({ GroupName: "readers" })), "DeleteConflictException", /remove users/);
    await failsWith(iam.send(new IAM.DeletePolicyCommand({ PolicyArn: managedArn })), "DeleteConflictException", /attached/);
    await failsWith(iam.send(new IAM.DeleteRoleCommand({ RoleName: "analyst" })), "DeleteConflictException", /policies/);

    for (const key of (await iam.send(new IAM.ListAccessKeysCommand({ UserName: "alice" }))).AccessKeyMetadata ?? []) {
      await iam.send(new IAM.DeleteAccessKeyCommand({ UserName: "alice", AccessKeyId: key.AccessKeyId! }));
    }
    await failsWith(iam.send(new IAM.DeleteUserCommand({ UserName: "alice" })), "DeleteConflictException", /MFA/);
    const serial = `arn:aws:iam::${account}:mfa/alice-phone`;
    await iam.send(new IAM.DeactivateMFADeviceCommand({ UserName: "alice", SerialNumber: serial }));
    await iam.send(new IAM.DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await failsWith(iam.send(new IAM.DeleteUserCommand({ UserName: "alice" })), "DeleteConflictException", /policies/);
    await iam.send(new IAM.DeleteUserPolicyCommand({ UserName: "alice", PolicyName: "models" }));
    await iam.send(new IAM.DetachUserPolicyCommand({ UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }));
    await iam.send(new IAM.RemoveUserFromGroupCommand({ GroupName: "readers", UserName: "alice" }));
    await iam.send(new IAM.DeleteUserCommand({ UserName: "alice" }));

    await iam.send(new IAM.DetachGroupPolicyCommand({ GroupName: "readers", PolicyArn: managedArn }));
    await iam.send(new IAM.DeleteGroupCommand({ GroupName: "readers" }));
    await iam.send(new IAM.DeleteRolePolicyCommand({ RoleName: "analyst", PolicyName: "invoke" }));
    await iam.send(new IAM.DetachRolePolicyCommand({ RoleName: "analyst", PolicyArn: managedArn }));
    await iam.send(new IAM.DeleteRoleCommand({ RoleName: "analyst" }));
    await failsWith(iam.send(new IAM.DeletePolicyCommand({ PolicyArn: managedArn })), "DeleteConflictException", /more than one version/);
    for (const v of ["v2", "v3", "v4"]) await iam.send(new IAM.DeletePolicyVersionCommand({ PolicyArn: managedArn, VersionId: v }));
    await iam.send(new IAM.DeletePolicyCommand({ PolicyArn: managedArn }));
    await failsWith(iam.send(new IAM.GetUserCommand({ UserName: "alice" })), "NoSuchEntityException");
    assert.deepEqual((await iam.send(new IAM.ListPoliciesCommand({ Scope: "Local" }))).Policies, []);
  });

  it("a key deactivated or deleted stops working at once", async () => {
    await iam.send(new IAM.CreateUserCommand({ UserName: "keyholder" }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "keyholder" }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const own = iamAs(server, keys);
    try {
      // Authenticated: refused by authorisation, not by authentication (the key is known).
      await failsWith(own.send(new IAM.ListUsersCommand({})), "AccessDenied");
      await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "keyholder", AccessKeyId: keys.accessKeyId, Status: "Inactive" }));
      await failsWith(own.send(new IAM.ListUsersCommand({})), "InvalidClientTokenId");
      await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "keyholder", AccessKeyId: keys.accessKeyId, Status: "Active" }));
      await failsWith(own.send(new IAM.ListUsersCommand({})), "AccessDenied");
      let used: IAM.GetAccessKeyLastUsedCommandOutput | undefined;
      for (let i = 0; i < 40; i++) {
        used = await iam.send(new IAM.GetAccessKeyLastUsedCommand({ AccessKeyId: keys.accessKeyId }));
        if (used.AccessKeyLastUsed?.LastUsedDate) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(used?.UserName, "keyholder");
      assert.deepEqual([used?.AccessKeyLastUsed?.ServiceName, used?.AccessKeyLastUsed?.Region], ["iam", server.region]);
      await iam.send(new IAM.DeleteAccessKeyCommand({ UserName: "keyholder", AccessKeyId: keys.accessKeyId }));
      await failsWith(own.send(new IAM.ListUsersCommand({})), "InvalidClientTokenId");
    } finally {
      own.destroy();
    }
  });

  it("a new user allowed only bedrock:ListFoundationModels can list models but not invoke one", async () => {
    await iam.send(new IAM.CreateUserCommand({ UserName: "lister" }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: "lister", PolicyName: "list-only", PolicyDocument: policy(allow("bedrock:ListFoundationModels")) }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "lister" }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const bedrock = bedrockAs(server, keys);
    const runtime = runtimeAs(server, keys);
    try {
      const listed = await bedrock.send(new ListFoundationModelsCommand({}));
      assert.ok(Array.isArray(listed.modelSummaries));
      await failsWith(runtime.send(new InvokeModelCommand({ modelId: "meta.llama3-1-8b-instruct-v1:0", body: new TextEncoder().encode('{"prompt":"hi"}') })), "AccessDeniedException", /bedrock:InvokeModel/);
    } finally {
      bedrock.destroy();
      runtime.destroy();
    }
  });
});
