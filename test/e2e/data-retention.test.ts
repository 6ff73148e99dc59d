import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import { GetAccountDataRetentionCommand, PutAccountDataRetentionCommand } from "@aws-sdk/client-bedrock";
import type { DataRetentionMode } from "@aws-sdk/client-bedrock";
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, failsWith, iamAs, policy, runtimeAs } from "./iam-admin.js";

const KEEPS_NOTHING = "meta.llama3-1-8b-instruct-v1:0";
const RETAINS = "mistral.mistral-7b-instruct-v0:2";
const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];

/**
 * Bedrock's data-retention modes driven by the official client: the default `none`, a policy
 * Deny on bedrock:DataRetentionMode, and a provider configured with retainsData that serves only
 * under provider_data_share. Both providers are the same loopback; only their setting differs.
 */
describe("data-retention modes (Get/PutAccountDataRetention) and their enforcement", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  const control = () => bedrockAs(server, server.credentials);

  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback" });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: [
          { id: "zero-retention", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 },
          { id: "hosted-retaining", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000, retainsData: true },
        ],
        models: [
          { modelId: KEEPS_NOTHING, provider: "zero-retention", upstreamModel: "chat-model", providerName: "Meta" },
          { modelId: RETAINS, provider: "hosted-retaining", upstreamModel: "chat-model", providerName: "Mistral AI" },
        ],
      },
    });
    runtime = runtimeAs(server, server.credentials);
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
  });

  it("an account that never chose is in none, with no updatedAt", async () => {
    const out = await control().send(new GetAccountDataRetentionCommand({}));
    assert.equal(out.mode, "none");
    assert.equal(out.updatedAt, undefined);
  });

  it("under none a model whose provider retains data is refused, naming the model and why; the other is served", async () => {
    const error = await failsWith(runtime.send(new ConverseCommand({ modelId: RETAINS, messages })), "ValidationException", /retains request data/);
    assert.match(error.message, new RegExp(RETAINS.replace(/\./g, "\\.")));
    assert.equal(error.$metadata?.httpStatusCode, 400);
    await failsWith(runtime.send(new ConverseStreamCommand({ modelId: RETAINS, messages })), "ValidationException", /provider_data_share/);
    const served = await runtime.send(new ConverseCommand({ modelId: KEEPS_NOTHING, messages }));
    assert.equal(served.output?.message?.role, "assistant");
  });

  it("a policy that denies every mode but none (StringNotEquals bedrock:DataRetentionMode) blocks provider_data_share, not none", async () => {
    const iam = iamAs(server);
    await iam.send(new IAM.CreateUserCommand({ UserName: "retention-operator" }));
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "retention-operator", PolicyName: "only-none",
      PolicyDocument: policy(
        allow(["bedrock:PutAccountDataRetention", "bedrock:GetAccountDataRetention"]),
        { Effect: "Deny", Action: "bedrock:PutAccountDataRetention", Resource: "*", Condition: { StringNotEquals: { "bedrock:DataRetentionMode": "none" } } },
      ),
    }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "retention-operator" }));
    iam.destroy();
    const operator = bedrockAs(server, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await failsWith(operator.send(new PutAccountDataRetentionCommand({ mode: "provider_data_share" })), "AccessDeniedException");
    const put = await operator.send(new PutAccountDataRetentionCommand({ mode: "none" }));
    assert.equal(put.mode, "none");
    assert.equal((await operator.send(new GetAccountDataRetentionCommand({}))).mode, "none");
  });

  it("after PutAccountDataRetention provider_data_share, Get says so with its time, and the retaining provider serves", async () => {
    const before = Date.now();
    const put = await control().send(new PutAccountDataRetentionCommand({ mode: "provider_data_share" }));
    assert.equal(put.mode, "provider_data_share");
    assert.ok(put.updatedAt instanceof Date && put.updatedAt.getTime() >= before - 1000, String(put.updatedAt));
    const got = await control().send(new GetAccountDataRetentionCommand({}));
    assert.deepEqual({ mode: got.mode, updatedAt: got.updatedAt }, { mode: put.mode, updatedAt: put.updatedAt });
    const served = await runtime.send(new ConverseCommand({ modelId: RETAINS, messages }));
    assert.equal(served.output?.message?.role, "assistant");
  });

  it("inherit and aws_review come back as stated but refuse the retaining provider again at once", async () => {
    for (const mode of ["inherit", "aws_review", "default"] as const) {
      assert.equal((await control().send(new PutAccountDataRetentionCommand({ mode }))).mode, mode);
      assert.equal((await control().send(new GetAccountDataRetentionCommand({}))).mode, mode);
      await failsWith(runtime.send(new ConverseCommand({ modelId: RETAINS, messages })), "ValidationException", /retains request data/);
    }
  });

  it("a mode Bedrock does not define is a ValidationException naming mode", async () => {
    await failsWith(control().send(new PutAccountDataRetentionCommand({ mode: "forever" as DataRetentionMode })), "ValidationException", /'mode'/);
    assert.equal((await control().send(new GetAccountDataRetentionCommand({}))).mode, "default");
  });
});
