import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import { AttachPolicyCommand, CreatePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, failsWith, iamAs, policy } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { stsClient } from "./sts-fixture.js";

/**
 * The condition keys IAM, STS and Organizations supply, end to end through the real server and
 * the official clients: the guards administrators write about IAM itself (no
 * AdministratorAccess, hands off protected entities, boundaries on what delegated administrators
 * create, a path scope) decide as they do in AWS. Each was silently void before plinth supplied
 * iam:PolicyARN, aws:ResourceTag/* and iam:PermissionsBoundary, or authorised on the entity's
 * real ARN.
 */
const ADMIN_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

describe("IAM condition keys and resources, end to end", () => {
  let server: RunningServer;
  let iam: IAM.IAMClient;
  let account: string;
  const clients: { destroy(): void }[] = [];

  async function userWith(name: string, document: string, extra: Partial<IAM.CreateUserCommandInput> = {}): Promise<{ keys: Keys; client: IAM.IAMClient }> {
    await iam.send(new IAM.CreateUserCommand({ UserName: name, ...extra }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const client = iamAs(server, keys);
    clients.push(client);
    return { keys, client };
  }

  before(async () => {
    server = await startServer();
    iam = iamAs(server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
  });
  after(async () => {
    for (const c of clients) c.destroy();
    iam?.destroy();
    await server?.stop();
  });

  it("iam:PolicyARN: a user allowed iam:* but denied attaching AdministratorAccess cannot attach it to itself", async () => {
    const { client } = await userWith("climber", policy(allow("iam:*"), {
      Effect: "Deny", Action: "iam:AttachUserPolicy", Resource: "*", Condition: { ArnEquals: { "iam:PolicyARN": ADMIN_ACCESS } },
    }));
    await failsWith(client.send(new IAM.AttachUserPolicyCommand({ UserName: "climber", PolicyArn: ADMIN_ACCESS })), "AccessDenied", /explicit deny in an identity-based policy/);
    assert.deepEqual((await iam.send(new IAM.ListAttachedUserPoliciesCommand({ UserName: "climber" }))).AttachedPolicies, []);
    await client.send(new IAM.AttachUserPolicyCommand({ UserName: "climber", PolicyArn: READ_ONLY }));
    assert.deepEqual((await iam.send(new IAM.ListAttachedUserPoliciesCommand({ UserName: "climber" }))).AttachedPolicies?.map((p) => p.PolicyArn), [READ_ONLY]);
  });

  it("aws:ResourceTag: a helpdesk allowed iam:* but not on protected entities cannot touch a tagged administrator, and can an untagged user", async () => {
    await iam.send(new IAM.CreateUserCommand({ UserName: "root-admin", Tags: [{ Key: "protected", Value: "true" }] }));
    await iam.send(new IAM.CreateUserCommand({ UserName: "intern" }));
    const { client } = await userWith("helpdesk", policy(allow("iam:*"), {
      Effect: "Deny", Action: "iam:*", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } },
    }));
    const refusals: Array<() => Promise<unknown>> = [
      () => client.send(new IAM.CreateAccessKeyCommand({ UserName: "root-admin" })),
      () => client.send(new IAM.ListAccessKeysCommand({ UserName: "root-admin" })),
      () => client.send(new IAM.PutUserPolicyCommand({ UserName: "root-admin", PolicyName: "x", PolicyDocument: policy(allow("iam:GetUser")) })),
      () => client.send(new IAM.AttachUserPolicyCommand({ UserName: "root-admin", PolicyArn: READ_ONLY })),
      () => client.send(new IAM.PutUserPermissionsBoundaryCommand({ UserName: "root-admin", PermissionsBoundary: READ_ONLY })),
      () => client.send(new IAM.UntagUserCommand({ UserName: "root-admin", TagKeys: ["protected"] })),
      () => client.send(new IAM.DeleteUserCommand({ UserName: "root-admin" })),
    ];
    for (const call of refusals) await failsWith(call(), "AccessDenied", /explicit deny in an identity-based policy/);
    assert.equal((await iam.send(new IAM.ListAccessKeysCommand({ UserName: "root-admin" }))).AccessKeyMetadata?.length, 0);
    assert.deepEqual((await iam.send(new IAM.ListUserTagsCommand({ UserName: "root-admin" }))).Tags, [{ Key: "protected", Value: "true" }]);
    const { AccessKey } = await client.send(new IAM.CreateAccessKeyCommand({ UserName: "intern" }));
    await client.send(new IAM.DeleteAccessKeyCommand({ UserName: "intern", AccessKeyId: AccessKey!.AccessKeyId! }));
    await client.send(new IAM.DeleteUserCommand({ UserName: "intern" }));
  });

  it("aws:ResourceTag of a role: AssumeRole is refused on a protected role", async () => {
    const trust = policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" });
    await iam.send(new IAM.CreateRoleCommand({ RoleName: "break-glass", AssumeRolePolicyDocument: trust, Tags: [{ Key: "protected", Value: "true" }] }));
    await iam.send(new IAM.CreateRoleCommand({ RoleName: "everyday", AssumeRolePolicyDocument: trust }));
    const { keys } = await userWith("assumer", policy(allow("sts:AssumeRole"), {
      Effect: "Deny", Action: "sts:AssumeRole", Resource: "*", Condition: { StringEquals: { "iam:ResourceTag/protected": "true" } },
    }));
    const sts = stsClient(server, keys);
    clients.push(sts);
    await failsWith(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/break-glass`, RoleSessionName: "assumer" })), "AccessDenied");
    assert.ok((await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/everyday`, RoleSessionName: "assumer" }))).Credentials);
  });

  it("iam:PermissionsBoundary: a delegated administrator creates users only with the boundary, and edits only users that have it", async () => {
    const { Policy } = await iam.send(new IAM.CreatePolicyCommand({ PolicyName: "team-boundary", PolicyDocument: policy(allow(["bedrock:List*", "bedrock:Get*"])) }));
    const boundary = Policy!.Arn!;
    const onlyBounded = { StringEquals: { "iam:PermissionsBoundary": boundary } };
    const { client } = await userWith("delegate", policy(
      allow(["iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy"], "*", { Condition: onlyBounded }),
      allow(["iam:GetUser", "iam:DeleteUserPermissionsBoundary"]),
      { Effect: "Deny", Action: "iam:DeleteUserPermissionsBoundary", Resource: "*", Condition: onlyBounded },
    ));
    await failsWith(client.send(new IAM.CreateUserCommand({ UserName: "unbounded" })), "AccessDenied", /no identity-based policy allows/);
    await failsWith(client.send(new IAM.CreateUserCommand({ UserName: "other-bound", PermissionsBoundary: READ_ONLY })), "AccessDenied");
    await client.send(new IAM.CreateUserCommand({ UserName: "bounded", PermissionsBoundary: boundary }));
    await client.send(new IAM.PutUserPolicyCommand({ UserName: "bounded", PolicyName: "work", PolicyDocument: policy(allow("bedrock:*")) }));
    await failsWith(client.send(new IAM.DeleteUserPermissionsBoundaryCommand({ UserName: "bounded" })), "AccessDenied", /explicit deny/);
    await iam.send(new IAM.CreateUserCommand({ UserName: "outsider" }));
    await failsWith(client.send(new IAM.PutUserPolicyCommand({ UserName: "outsider", PolicyName: "work", PolicyDocument: policy(allow("bedrock:*")) })), "AccessDenied");
    await failsWith(client.send(new IAM.AttachUserPolicyCommand({ UserName: "outsider", PolicyArn: ADMIN_ACCESS })), "AccessDenied");
  });

  it("a path scope: an Allow on user/ops/* lets a user act on users under /ops/, and on no one else", async () => {
    for (const [name, path] of [["ops-1", "/ops/"], ["ops-2", "/ops/"], ["admin-1", "/admins/"]] as const) await iam.send(new IAM.CreateUserCommand({ UserName: name, Path: path }));
    const { client } = await userWith("operator", policy(allow("iam:*", `arn:aws:iam::${account}:user/ops/*`)));
    assert.equal((await client.send(new IAM.GetUserCommand({ UserName: "ops-1" }))).User?.Arn, `arn:aws:iam::${account}:user/ops/ops-1`);
    await client.send(new IAM.TagUserCommand({ UserName: "ops-2", Tags: [{ Key: "on-call", Value: "yes" }] }));
    const { AccessKey } = await client.send(new IAM.CreateAccessKeyCommand({ UserName: "ops-2" }));
    await client.send(new IAM.UpdateAccessKeyCommand({ UserName: "ops-2", AccessKeyId: AccessKey!.AccessKeyId!, Status: "Inactive" }));
    const denied = await failsWith(client.send(new IAM.GetUserCommand({ UserName: "admin-1" })), "AccessDenied");
    assert.match(denied.message, new RegExp(`on resource: arn:aws:iam::${account}:user/admins/admin-1`), "authorised on the real ARN");
    // A name that finds no one is authorised on the ARN the name gives: refused, not NoSuchEntity.
    await failsWith(client.send(new IAM.GetUserCommand({ UserName: "ghost" })), "AccessDenied", new RegExp(`user/ghost`));
    await failsWith(iam.send(new IAM.GetUserCommand({ UserName: "ghost" })), "NoSuchEntityException");
  });

  it("organizations:PolicyType: a management-account user denied attaching SCPs cannot", async () => {
    const { keys } = await userWith("org-operator", policy(allow("organizations:*"), {
      Effect: "Deny", Action: "organizations:AttachPolicy", Resource: "*", Condition: { StringEquals: { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" } },
    }));
    const org: OrganizationsClient = organizationsClient(server, keys);
    clients.push(org);
    const { Policy } = await organizationsClient(server).send(new CreatePolicyCommand({ Name: "any", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: policy(allow("*")) }));
    const refused = await org.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: account })).then(() => undefined, (e: Error) => e);
    assert.equal(refused?.name, "AccessDeniedException", String(refused));
  });

  it("a stored policy with a condition plinth never satisfies is accepted, and the operator's log says where", async () => {
    await iam.send(new IAM.CreateUserCommand({ UserName: "templated" }));
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "templated", PolicyName: "never", PolicyDocument: policy({
        Effect: "Deny", Action: "iam:CreateRole", Resource: "*", Condition: { ArnEquals: { "iam:RoleTemplateARN": "arn:aws:iam::aws:role-template/svc/secret-template-name:1" } },
      }),
    }));
    // The log line is written before the answer, but travels through another pipe: wait for it.
    const logged = () => server.stdout() + server.stderr();
    for (let i = 0; i < 50 && !/a policy document being stored has findings/.test(logged()); i++) await new Promise((r) => setTimeout(r, 20));
    const log = logged();
    assert.match(log, /a policy document being stored has findings/);
    assert.match(log, /Statement\[0\]\.Condition\.ArnEquals\.iam:RoleTemplateARN: plinth supplies this condition key for none/);
    assert.ok(!log.includes("secret-template-name"), "the log names the place, never the value");
  });
});
