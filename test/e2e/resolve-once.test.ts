import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import {
  ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { CreateInferenceProfileCommand, GetFoundationModelCommand } from "@aws-sdk/client-bedrock";
import { accessLines } from "./stack.js";
import { allow, bedrockAs, failsWith, iamAs, policy, runtimeAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

/**
 * Resolve once (security review, hole 1): a Deny on a model must hold however the caller spells
 * the model's ARN. Before the fix, an ARN with the caller's account, another partition or a
 * made-up region was authorised as written (matching no Deny) while the catalogue ignored those
 * parts and served the model. Every spelling other than the canonical one is now refused with a
 * ValidationException naming the field, and the canonical one meets the Deny.
 */
const DENIED = MODELS.llama;
const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];
const nativeBody = new TextEncoder().encode(JSON.stringify({ prompt: "hello", max_gen_len: 16 }));

describe("resolve once: a Deny on a model cannot be sidestepped by spelling its ARN differently", () => {
  let e2e: E2e;
  let keys: Keys;
  let account: string;

  before(async () => {
    e2e = await startE2e();
    const iam = iamAs(e2e.server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
    await iam.send(new IAM.CreateUserCommand({ UserName: "denied-llama" }));
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "denied-llama", PolicyName: "p",
      PolicyDocument: policy(
        allow(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens", "bedrock:GetFoundationModel"], "*"),
        { Effect: "Deny", Action: "bedrock:*", Resource: `arn:aws:bedrock:*::foundation-model/${DENIED}` },
        { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Condition: { ArnLike: { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:*:*:guardrail/banned1*" } } },
      ),
    }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "denied-llama" }));
    keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    iam.destroy();
  });
  after(async () => { await e2e?.stop(); });

  const spellings = () => [
    `arn:aws:bedrock:${e2e.server.region}:${account}:foundation-model/${DENIED}`,
    `arn:aws-cn:bedrock:${e2e.server.region}::foundation-model/${DENIED}`,
    `arn:x:bedrock:nowhere::foundation-model/${DENIED}`,
    `arn:aws:bedrock:us-east-1::foundation-model/${DENIED}`,
    `arn:aws:bedrock-runtime:${e2e.server.region}::foundation-model/${DENIED}`,
    `arn:aws:bedrock:${e2e.server.region}::custom-model/${DENIED}`,
  ];

  const calls: Record<string, (modelId: string) => Promise<unknown>> = {
    Converse: (modelId) => runtimeAs(e2e.server, keys).send(new ConverseCommand({ modelId, messages })),
    ConverseStream: (modelId) => runtimeAs(e2e.server, keys).send(new ConverseStreamCommand({ modelId, messages })),
    InvokeModel: (modelId) => runtimeAs(e2e.server, keys).send(new InvokeModelCommand({ modelId, body: nativeBody, contentType: "application/json" })),
    InvokeModelWithResponseStream: (modelId) => runtimeAs(e2e.server, keys).send(new InvokeModelWithResponseStreamCommand({ modelId, body: nativeBody, contentType: "application/json" })),
    CountTokens: (modelId) => runtimeAs(e2e.server, keys).send(new CountTokensCommand({ modelId, input: { converse: { messages } } })),
    GetFoundationModel: (modelId) => bedrockAs(e2e.server, keys).send(new GetFoundationModelCommand({ modelIdentifier: modelId })),
  };

  for (const [operation, call] of Object.entries(calls)) {
    it(`${operation}: every other spelling of the model's ARN is a ValidationException; the id and the canonical ARN meet the Deny`, async () => {
      for (const spelling of spellings()) {
        await failsWith(call(spelling), "ValidationException", /ARN must name a foundation-model of this deployment/);
      }
      await failsWith(call(DENIED), "AccessDeniedException", /with an explicit deny/);
      await failsWith(call(`arn:aws:bedrock:${e2e.server.region}::foundation-model/${DENIED}`), "AccessDeniedException", /with an explicit deny/);
    });
  }

  it("a model the Deny does not name is served through its canonical ARN (the refusals above are not vacuous)", async () => {
    const out = await runtimeAs(e2e.server, keys).send(new ConverseCommand({ modelId: `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.mistral}`, messages }));
    assert.equal(out.output?.message?.role, "assistant");
  });

  it("a guardrail's ARN is resolved the same way: another spelling is refused, the canonical one meets the Deny", async () => {
    const converse = (guardrailIdentifier: string) => runtimeAs(e2e.server, keys).send(new ConverseCommand({
      modelId: MODELS.mistral, messages, guardrailConfig: { guardrailIdentifier, guardrailVersion: "1" },
    }));
    for (const spelling of [`arn:aws-cn:bedrock:${e2e.server.region}:${account}:guardrail/banned1`, `arn:aws:bedrock:us-east-1:${account}:guardrail/banned1`]) {
      await failsWith(converse(spelling), "ValidationException", /ARN must name a guardrail of this deployment/);
    }
    // Another account's ARN names that account's guardrail (usable where its resource policy allows), and the Deny, written for any account's, meets it.
    await failsWith(converse(`arn:aws:bedrock:${e2e.server.region}:111122223333:guardrail/banned1`), "AccessDeniedException", /with an explicit deny/);
    await failsWith(converse("banned1"), "AccessDeniedException", /with an explicit deny/);
    await failsWith(converse(`arn:aws:bedrock:${e2e.server.region}:${account}:guardrail/banned1`), "AccessDeniedException", /with an explicit deny/);
  });

  it("the access log records the canonical model id, and nothing of a refused spelling or an unknown id (hole 9)", async () => {
    const unknown = `unknown-${Date.now()}`;
    await failsWith(calls["Converse"]!(unknown), "ResourceNotFoundException");
    await runtimeAs(e2e.server, keys).send(new ConverseCommand({ modelId: `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.mistral}`, messages }));
    const lines = accessLines(e2e.server.stdout());
    assert.ok(lines.some((l) => l["modelId"] === MODELS.mistral), "the canonical id of the served model is logged");
    const logged = JSON.stringify(lines);
    assert.doesNotMatch(logged, new RegExp(unknown));
    assert.doesNotMatch(logged, /arn:x:bedrock|aws-cn|nowhere/);
  });
});

/**
 * Resolve once, through inference profiles: a profile id or ARN resolves to the profile's ARN
 * (what a Deny on profiles names) and to the foundation models it routes to, each authorised as
 * Bedrock does. So a Deny on a model holds through every profile of it, a Deny on a profile
 * holds whatever model it reaches, and a profile's ARN spelled any other way is refused.
 */
describe("resolve once: inference profiles", () => {
  let e2e: E2e;
  let account: string;
  const users = new Map<string, Keys>();
  let denyTagged: string;
  let appDenied: string;

  async function user(name: string, document: string): Promise<Keys> {
    const iam = iamAs(e2e.server);
    await iam.send(new IAM.CreateUserCommand({ UserName: name }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    iam.destroy();
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }

  before(async () => {
    e2e = await startE2e();
    const iam = iamAs(e2e.server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
    iam.destroy();
    const control = e2e.control();
    appDenied = (await control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "denied copy", modelSource: { copyFrom: `arn:aws:bedrock:${e2e.server.region}::foundation-model/${DENIED}` },
    }))).inferenceProfileArn!;
    denyTagged = (await control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "blocked team", modelSource: { copyFrom: `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.mistral}` }, tags: [{ key: "team", value: "blocked" }],
    }))).inferenceProfileArn!;
    const invoke = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens"];
    users.set("model-denied", await user("profile-model-denied", policy(
      allow(invoke, "*"),
      { Effect: "Deny", Action: "bedrock:*", Resource: `arn:aws:bedrock:*::foundation-model/${DENIED}` },
    )));
    users.set("profile-denied", await user("profile-denied", policy(
      allow(invoke, "*"),
      { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*:*:inference-profile/global.*" },
      { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*:*:application-inference-profile/*", Condition: { StringEquals: { "aws:ResourceTag/team": "blocked" } } },
    )));
    users.set("profiles-only", await user("profiles-only", policy(
      allow("bedrock:InvokeModel", "arn:aws:bedrock:*:*:inference-profile/eu.*"),
      allow("bedrock:InvokeModel", "arn:aws:bedrock:*::foundation-model/*", { Condition: { ArnLike: { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/eu.*" } } }),
    )));
  });
  after(async () => { await e2e?.stop(); });

  const converse = (who: string, modelId: string) => runtimeAs(e2e.server, users.get(who)!).send(new ConverseCommand({ modelId, messages }));
  const profileArn = (id: string) => `arn:aws:bedrock:${e2e.server.region}:${account}:inference-profile/${id}`;

  it("a Deny on a foundation model holds through its eu. and global. profiles, their ARNs and an application profile, for every inference operation", async () => {
    const keys = users.get("model-denied")!;
    const runtime = runtimeAs(e2e.server, keys);
    for (const modelId of [`eu.${DENIED}`, `global.${DENIED}`, profileArn(`global.${DENIED}`), appDenied]) {
      await failsWith(runtime.send(new ConverseCommand({ modelId, messages })), "AccessDeniedException", /with an explicit deny/);
      await failsWith(runtime.send(new ConverseStreamCommand({ modelId, messages })), "AccessDeniedException", /with an explicit deny/);
      await failsWith(runtime.send(new InvokeModelCommand({ modelId, body: nativeBody, contentType: "application/json" })), "AccessDeniedException", /with an explicit deny/);
      await failsWith(runtime.send(new CountTokensCommand({ modelId, input: { converse: { messages } } })), "AccessDeniedException", /with an explicit deny/);
    }
    assert.equal((await converse("model-denied", `eu.${MODELS.mistral}`)).output?.message?.role, "assistant", "another model's profile is served");
  });

  it("a profile's ARN spelled with another account, region or partition is a ValidationException; the canonical one is served", async () => {
    const id = `eu.${MODELS.mistral}`;
    for (const spelling of [
      `arn:aws:bedrock:${e2e.server.region}:111122223333:inference-profile/${id}`,
      `arn:aws:bedrock:us-east-1:${account}:inference-profile/${id}`,
      `arn:aws-cn:bedrock:${e2e.server.region}:${account}:inference-profile/${id}`,
      `arn:aws:bedrock:${e2e.server.region}::inference-profile/${id}`,
      `arn:aws:bedrock:${e2e.server.region}:111122223333:application-inference-profile/${appDenied.split("/")[1]}`,
    ]) {
      await failsWith(converse("model-denied", spelling), "ValidationException", /ARN must name an? (application-)?inference-profile of this deployment/);
    }
    assert.equal((await converse("model-denied", profileArn(id))).output?.message?.role, "assistant");
  });

  it("a Deny on profiles holds (by ARN pattern, and by an application profile's tag), while the model itself and other profiles serve", async () => {
    await failsWith(converse("profile-denied", `global.${MODELS.mistral}`), "AccessDeniedException", /with an explicit deny/);
    await failsWith(converse("profile-denied", profileArn(`global.${MODELS.mistral}`)), "AccessDeniedException", /with an explicit deny/);
    await failsWith(converse("profile-denied", denyTagged), "AccessDeniedException", /with an explicit deny/);
    await converse("profile-denied", `eu.${MODELS.mistral}`);
    await converse("profile-denied", MODELS.mistral);
  });

  it("bedrock:InferenceProfileArn lets a policy allow models only through chosen profiles", async () => {
    await converse("profiles-only", `eu.${MODELS.mistral}`);
    await failsWith(converse("profiles-only", MODELS.mistral), "AccessDeniedException");
    await failsWith(converse("profiles-only", `global.${MODELS.mistral}`), "AccessDeniedException");
  });

  it("the access log records the profile call's canonical model, never a refused spelling or an unknown profile", async () => {
    await failsWith(converse("model-denied", `eu.unknown-${Date.now()}.model`), "ResourceNotFoundException");
    const logged = JSON.stringify(accessLines(e2e.server.stdout()));
    assert.doesNotMatch(logged, /unknown-\d+/);
    assert.doesNotMatch(logged, /111122223333|aws-cn/);
  });
});
