import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { allow, bedrockAs, currentStep, failsWith, iamAs, policy, runtimeAs, totp } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * Least privilege, end to end: users whose policies allow Bedrock only from one network, only
 * with MFA, only with a guardrail, only before a date, and an administrator capped by a
 * permissions boundary. Each refusal is the AccessDeniedException AWS would give, naming the
 * kind of policy that decided it.
 */
const hello = (extra: Partial<ConstructorParameters<typeof ConverseCommand>[0]> = {}) =>
  new ConverseCommand({ modelId: MODELS.llama, messages: [{ role: "user", content: [{ text: "hello" }] }], ...extra });

describe("least privilege with conditions", () => {
  let e2e: E2e;
  let iam: IAM.IAMClient;
  let account: string;

  async function userWith(name: string, document: string, managed?: string): Promise<Keys> {
    await iam.send(new IAM.CreateUserCommand({ UserName: name }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
    if (managed) await iam.send(new IAM.AttachUserPolicyCommand({ UserName: name, PolicyArn: managed }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }

  before(async () => {
    e2e = await startE2e();
    iam = iamAs(e2e.server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
  });
  after(async () => { iam?.destroy(); await e2e?.stop(); });

  it("only from one network: aws:SourceIp comes from the socket", async () => {
    const elsewhere = await userWith("from-elsewhere", policy(allow("bedrock:InvokeModel", "*", { Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } } })));
    const here = await userWith("from-here", policy(allow("bedrock:InvokeModel", "*", { Condition: { IpAddress: { "aws:SourceIp": "127.0.0.0/8" } } })));
    await failsWith(runtimeAs(e2e.server, elsewhere).send(hello()), "AccessDeniedException", /from-elsewhere is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-2::foundation-model\/meta\.llama3-1-8b-instruct-v1:0 because no identity-based policy allows/);
    assert.equal((await runtimeAs(e2e.server, here).send(hello())).output?.message?.role, "assistant");
  });

  it("only with MFA: long-term keys are refused, an MFA session is allowed", async () => {
    const keys = await userWith("with-mfa", policy(allow("bedrock:InvokeModel", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })));
    const { VirtualMFADevice } = await iam.send(new IAM.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "with-mfa" }));
    const seed = VirtualMFADevice!.Base32StringSeed!;
    const step = currentStep();
    await iam.send(new IAM.EnableMFADeviceCommand({ UserName: "with-mfa", SerialNumber: VirtualMFADevice!.SerialNumber, AuthenticationCode1: await totp(seed, step - 1), AuthenticationCode2: await totp(seed, step) }));
    await failsWith(runtimeAs(e2e.server, keys).send(hello()), "AccessDeniedException", /no identity-based policy allows/);
    const plain = temporaryKeys((await stsClient(e2e.server, keys).send(new GetSessionTokenCommand({}))).Credentials);
    await failsWith(runtimeAs(e2e.server, plain).send(hello()), "AccessDeniedException", /no identity-based policy allows/);
    const withMfa = temporaryKeys((await stsClient(e2e.server, keys).send(new GetSessionTokenCommand({ SerialNumber: VirtualMFADevice!.SerialNumber, TokenCode: await totp(seed, step + 1) }))).Credentials);
    assert.equal((await runtimeAs(e2e.server, withMfa).send(hello())).output?.message?.role, "assistant");
  });

  it("only with a guardrail: bedrock:GuardrailIdentifier decides before the guardrail is looked up", async () => {
    const required = allow("bedrock:InvokeModel", "*", { Condition: { ArnLike: { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:*:${account}:guardrail/abc123*` } } });
    // Naming a guardrail is also bedrock:ApplyGuardrail on it, as in Bedrock: without that, refused.
    const cannotApply = await userWith("guarded-no-apply", policy(required));
    await failsWith(runtimeAs(e2e.server, cannotApply).send(hello({ guardrailConfig: { guardrailIdentifier: "abc123", guardrailVersion: "1" } })), "AccessDeniedException", /ApplyGuardrail/);
    const keys = await userWith("guarded", policy(required, allow("bedrock:ApplyGuardrail", `arn:aws:bedrock:*:${account}:guardrail/*`)));
    await failsWith(runtimeAs(e2e.server, keys).send(hello()), "AccessDeniedException", /no identity-based policy allows/);
    await failsWith(runtimeAs(e2e.server, keys).send(hello({ guardrailConfig: { guardrailIdentifier: "other9", guardrailVersion: "1" } })), "AccessDeniedException");
    // Allowed by policy; then refused because no guardrail of that id exists yet (fail closed, never ignored).
    await failsWith(runtimeAs(e2e.server, keys).send(hello({ guardrailConfig: { guardrailIdentifier: "abc123", guardrailVersion: "1" } })), "ResourceNotFoundException", /guardrail/);
  });

  it("only before a date: aws:CurrentTime is the server's clock", async () => {
    const expired = await userWith("until-2020", policy(allow("bedrock:InvokeModel", "*", { Condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } })));
    const current = await userWith("until-2099", policy(allow("bedrock:InvokeModel", "*", { Condition: { DateLessThan: { "aws:CurrentTime": "2099-01-01T00:00:00Z" } } })));
    await failsWith(runtimeAs(e2e.server, expired).send(hello()), "AccessDeniedException");
    assert.equal((await runtimeAs(e2e.server, current).send(hello())).output?.message?.role, "assistant");
  });

  it("a permissions boundary caps an administrator", async () => {
    const { Policy } = await iam.send(new IAM.CreatePolicyCommand({ PolicyName: "read-models-only", PolicyDocument: policy(allow(["bedrock:List*", "bedrock:Get*"])) }));
    const keys = await userWith("capped-admin", policy(allow("iam:GetUser")), "arn:aws:iam::aws:policy/AdministratorAccess");
    await iam.send(new IAM.PutUserPermissionsBoundaryCommand({ UserName: "capped-admin", PermissionsBoundary: Policy!.Arn }));
    assert.ok((await bedrockAs(e2e.server, keys).send(new ListFoundationModelsCommand({}))).modelSummaries?.length);
    await failsWith(runtimeAs(e2e.server, keys).send(hello()), "AccessDeniedException", /because no permissions boundary allows the bedrock:InvokeModel action/);
    await failsWith(iamAs(e2e.server, keys).send(new IAM.CreateUserCommand({ UserName: "escalation" })), "AccessDenied", /permissions boundary/);
  });

  it("an explicit deny wins over AdministratorAccess", async () => {
    const keys = await userWith("denied-admin", policy({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: `arn:aws:bedrock:*::foundation-model/meta.*` }), "arn:aws:iam::aws:policy/AdministratorAccess");
    await failsWith(runtimeAs(e2e.server, keys).send(hello()), "AccessDeniedException", /with an explicit deny in an identity-based policy/);
    assert.equal((await runtimeAs(e2e.server, keys).send(hello({ modelId: MODELS.claude }))).output?.message?.role, "assistant");
  });
});
