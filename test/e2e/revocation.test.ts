import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import * as IAM from "@aws-sdk/client-iam";
import { AttachPolicyCommand, CreateAccountCommand, CreatePolicyCommand, EnablePolicyTypeCommand, ListRootsCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, failsWith, iamAs, policy } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * Revocation is immediate on the node that made it: the request right after the change (no
 * sleep, well inside the authorizer's one-second recheck) is decided on the new state. Each
 * principal makes one allowed call first, so its policies are cached when the change lands.
 */
describe("a change takes effect on the very next request", () => {
  let server: RunningServer;
  let iam: IAM.IAMClient;
  const list = new ListFoundationModelsCommand({});

  async function userWith(name: string, document?: string): Promise<Keys> {
    await iam.send(new IAM.CreateUserCommand({ UserName: name }));
    if (document) await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }

  before(async () => {
    server = await startServer();
    iam = iamAs(server);
  });
  after(async () => { iam?.destroy(); await server?.stop(); });

  it("a Deny put on a user", async () => {
    const bedrock = bedrockAs(server, await userWith("denied-next", policy(allow("bedrock:ListFoundationModels"))));
    await bedrock.send(list);
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: "denied-next", PolicyName: "stop", PolicyDocument: policy({ Effect: "Deny", Action: "bedrock:*", Resource: "*" }) }));
    await failsWith(bedrock.send(list), "AccessDeniedException", /explicit deny in an identity-based policy/);
  });

  it("a managed policy detached from a user", async () => {
    const bedrock = bedrockAs(server, await userWith("detached-next"));
    await iam.send(new IAM.AttachUserPolicyCommand({ UserName: "detached-next", PolicyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }));
    await bedrock.send(list);
    await iam.send(new IAM.DetachUserPolicyCommand({ UserName: "detached-next", PolicyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }));
    await failsWith(bedrock.send(list), "AccessDeniedException", /no identity-based policy allows/);
  });

  it("a user removed from the group that allowed it", async () => {
    await iam.send(new IAM.CreateGroupCommand({ GroupName: "listers" }));
    await iam.send(new IAM.PutGroupPolicyCommand({ GroupName: "listers", PolicyName: "list", PolicyDocument: policy(allow("bedrock:ListFoundationModels")) }));
    const bedrock = bedrockAs(server, await userWith("member-next"));
    await iam.send(new IAM.AddUserToGroupCommand({ GroupName: "listers", UserName: "member-next" }));
    await bedrock.send(list);
    await iam.send(new IAM.RemoveUserFromGroupCommand({ GroupName: "listers", UserName: "member-next" }));
    await failsWith(bedrock.send(list), "AccessDeniedException", /no identity-based policy allows/);
  });

  it("an SCP attached to the caller's account", async () => {
    const org = organizationsClient(server);
    const { CreateAccountStatus } = await org.send(new CreateAccountCommand({ AccountName: "scp-next", Email: "scp-next@example.com" }));
    const member = CreateAccountStatus!.AccountId!;
    const { Credentials } = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "admin" }));
    const bedrock = bedrockAs(server, temporaryKeys(Credentials));
    await org.send(new EnablePolicyTypeCommand({ RootId: (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!, PolicyType: "SERVICE_CONTROL_POLICY" }));
    assert.ok(Array.isArray((await bedrock.send(list)).modelSummaries));
    const { Policy } = await org.send(new CreatePolicyCommand({
      Name: "no-listing", Description: "", Type: "SERVICE_CONTROL_POLICY", Content: policy({ Effect: "Deny", Action: "bedrock:ListFoundationModels", Resource: "*" }),
    }));
    await org.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: member }));
    await failsWith(bedrock.send(list), "AccessDeniedException", /service control policy/);
    org.destroy();
  });
});
