import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import {
  ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { GetFoundationModelCommand } from "@aws-sdk/client-bedrock";
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
    for (const spelling of [`arn:aws-cn:bedrock:${e2e.server.region}:${account}:guardrail/banned1`, `arn:aws:bedrock:${e2e.server.region}:111122223333:guardrail/banned1`]) {
      await failsWith(converse(spelling), "ValidationException", /ARN must name a guardrail of this deployment/);
    }
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
