import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  BedrockClient, CreateInferenceProfileCommand, CreateProvisionedModelThroughputCommand, DeleteProvisionedModelThroughputCommand,
  GetProvisionedModelThroughputCommand, UpdateProvisionedModelThroughputCommand,
} from "@aws-sdk/client-bedrock";
import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import OpenAI from "openai";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { keyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { bedrockAs, failsWith, iamAs, runtimeAs } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * Ways round service quotas and provisioned capacity, through the official clients: a model's
 * quota reached through an application inference profile the caller made; tokens per minute
 * escaped by leaving a stream before its usage arrives; and capacity places that must come back
 * on every way a call can end (upstream failure, a stream turning to garbage, the client leaving).
 */
const REGION = "eu-west-2";
const LIMITED = "meta.llama3-1-8b-instruct-v1:0";
const TOKENS = "meta.llama3-2-3b-instruct-v1:0";
const GOOD = "mistral.mistral-7b-instruct-v0:2";
const FAILING = "mistral.mistral-large-2407-v1:0";
const MALFORMED = "mistral.mixtral-8x7b-instruct-v0:1";
const TPM = 300;
const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];
const modelArn = (id: string) => `arn:aws:bedrock:${REGION}::foundation-model/${id}`;

describe("quota and capacity evasion through the official clients", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let control: BedrockClient;
  let runtime: BedrockRuntimeClient;

  before(async () => {
    // Slow chunks, so a client can leave a stream half-way.
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback-openai", chunkDelayMs: 30 });
    const provider = (id: string, capacity?: object) => ({
      id, type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-openai", processingRegion: REGION, timeoutMs: 5000, ...(capacity ? { capacity } : {}),
    });
    server = await startServer({
      config: {
        region: REGION,
        providers: [provider("plain"), provider("capped", { maxConcurrency: 3, modelUnitConcurrency: 1 })],
        models: [
          { modelId: LIMITED, provider: "plain", upstreamModel: "chat-model" },
          { modelId: TOKENS, provider: "plain", upstreamModel: "chat-model" },
          { modelId: GOOD, provider: "capped", upstreamModel: "chat-model" },
          { modelId: FAILING, provider: "capped", upstreamModel: "failing-model" },
          { modelId: MALFORMED, provider: "capped", upstreamModel: "malformed-model" },
        ],
        // No default: only the models named are limited.
        quotas: { models: [{ model: LIMITED, requestsPerMinute: 2 }, { model: TOKENS, tokensPerMinute: TPM }] },
      },
    });
    control = bedrockAs(server, server.credentials);
    runtime = runtimeAs(server, server.credentials);
  });
  after(async () => {
    control?.destroy();
    runtime?.destroy();
    await server?.stop();
    await upstream?.close();
  });

  it("an application inference profile the caller made shares its model's quota", async () => {
    const { inferenceProfileArn } = await control.send(new CreateInferenceProfileCommand({ inferenceProfileName: "quota-dodge", modelSource: { copyFrom: modelArn(LIMITED) } }));
    for (let i = 0; i < 2; i++) await runtime.send(new ConverseCommand({ modelId: LIMITED, messages }));
    await failsWith(runtime.send(new ConverseCommand({ modelId: LIMITED, messages })), "ThrottlingException");
    await failsWith(runtime.send(new ConverseCommand({ modelId: inferenceProfileArn!, messages })), "ThrottlingException", /Too many requests/);
    // Nor does any other spelling, operation or surface reach another bucket.
    await failsWith(runtime.send(new ConverseCommand({ modelId: modelArn(LIMITED), messages })), "ThrottlingException");
    await failsWith(runtime.send(new ConverseCommand({ modelId: `eu.${LIMITED}`, messages })), "ThrottlingException");
    await failsWith(runtime.send(new ConverseStreamCommand({ modelId: LIMITED, messages })), "ThrottlingException");
    const body = new TextEncoder().encode(JSON.stringify({ prompt: "hello", max_gen_len: 8 }));
    await failsWith(runtime.send(new InvokeModelCommand({ modelId: LIMITED, body, contentType: "application/json" })), "ThrottlingException");
    await failsWith(runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: LIMITED, body, contentType: "application/json" })), "ThrottlingException");
    const iam = iamAs(server);
    const holder = await keyHolder(iam, server, "quota-evasion-openai");
    iam.destroy();
    const openai = new OpenAI({ apiKey: holder.longTerm, baseURL: `${server.url}/openai/v1`, fetch: fetchTrusting(server.ca), maxRetries: 0 });
    const refused = await openai.chat.completions.create({ model: LIMITED, messages: [{ role: "user", content: "hello" }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${String(refused)}`);
  });

  it("a stream left before its usage arrives keeps its token estimate charged", async () => {
    const abort = new AbortController();
    const stream = await runtime.send(new ConverseStreamCommand({ modelId: TOKENS, messages, inferenceConfig: { maxTokens: TPM - 50 } }), { abortSignal: abort.signal });
    for await (const event of stream.stream!) {
      if (event.contentBlockDelta) break; // the first words are enough: hang up
    }
    abort.abort();
    // Once the server has seen the client go, the call is over and settled.
    await upstream.sawCancel();
    await new Promise((r) => setTimeout(r, 200));
    await failsWith(runtime.send(new ConverseCommand({ modelId: TOKENS, messages, inferenceConfig: { maxTokens: TPM - 50 } })), "ThrottlingException", /Too many tokens/);
  });

  it("capacity places come back however a call ends: a pool of one place still serves after many failures", async () => {
    const provisioned = async (name: string, modelId: string) =>
      (await control.send(new CreateProvisionedModelThroughputCommand({ provisionedModelName: name, modelId, modelUnits: 1 }))).provisionedModelArn!;
    const good = await provisioned("pt-good", GOOD);
    const failing = await provisioned("pt-failing", FAILING);
    const leave = async (modelId: string) => {
      const abort = new AbortController();
      const stream = await runtime.send(new ConverseStreamCommand({ modelId, messages }), { abortSignal: abort.signal });
      for await (const event of stream.stream!) if (event.contentBlockDelta) break;
      abort.abort();
    };
    const drain = async (modelId: string) => {
      const stream = await runtime.send(new ConverseStreamCommand({ modelId, messages }));
      for await (const _ of stream.stream!) { /* until it fails */ }
    };
    // Each failure must be the upstream's (a throttle would mean a place was already lost).
    const fails = (call: Promise<unknown>) => call.then(() => assert.fail("the call succeeded"), (e: Error) => assert.notEqual(e.name, "ThrottlingException", e.message));
    for (let i = 0; i < 5; i++) {
      await fails(runtime.send(new ConverseCommand({ modelId: failing, messages })));
      await fails(runtime.send(new ConverseCommand({ modelId: FAILING, messages })));
      await drain(MALFORMED).catch(() => undefined);
      await leave(GOOD).catch(() => undefined);
      await leave(good).catch(() => undefined);
    }
    // Each pool has one place: a leaked one would refuse these for good (a cancelled stream may take a moment to end).
    for (const modelId of [good, GOOD]) {
      let last: unknown;
      for (let tries = 0; tries < 20; tries++) {
        last = await runtime.send(new ConverseCommand({ modelId, messages })).then(() => undefined, (e: unknown) => e);
        if (last === undefined) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(last, undefined, `${modelId}: ${String(last)}`);
    }
  });

  it("another account can neither invoke, read, change nor delete a provisioned model, by ARN or by id", async () => {
    const arn = (await control.send(new CreateProvisionedModelThroughputCommand({ provisionedModelName: "pt-owned", modelId: GOOD, modelUnits: 1 }))).provisionedModelArn!;
    const id = arn.split("/")[1]!;
    const { CreateAccountStatus } = await organizationsClient(server).send(new CreateAccountCommand({ AccountName: "pt-other", Email: "pt-other@example.com" }));
    const { Credentials } = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${CreateAccountStatus!.AccountId!}:role/OrganizationAccountAccessRole`, RoleSessionName: "pt" }));
    const keys = temporaryKeys(Credentials);
    const [otherControl, otherRuntime] = [bedrockAs(server, keys), runtimeAs(server, keys)];
    try {
      const spellings = [arn, arn.replace(`:${REGION}:`, ":EU-WEST-2:"), arn.replace(`:${REGION}:`, ":us-east-1:"), arn.toUpperCase()];
      // Refused as naming nothing of the caller's (an ARN of elsewhere, or, upper-cased, no ARN at all): never served.
      const refused = (call: Promise<unknown>) => call.then(() => assert.fail("served"), (e: Error) =>
        assert.ok(["ValidationException", "ResourceNotFoundException"].includes(e.name), `${e.name}: ${e.message}`));
      for (const named of spellings) {
        await refused(otherRuntime.send(new ConverseCommand({ modelId: named, messages })));
        await refused(otherControl.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: named })));
        await refused(otherControl.send(new UpdateProvisionedModelThroughputCommand({ provisionedModelId: named, desiredProvisionedModelName: "taken" })));
        await refused(otherControl.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: named })));
      }
      // Its bare id or name, in the other account, names nothing there.
      for (const named of [id, "pt-owned"]) {
        await failsWith(otherControl.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: named })), "ResourceNotFoundException");
        await failsWith(otherControl.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: named })), "ResourceNotFoundException");
      }
      const still = await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
      assert.equal(still.provisionedModelName, "pt-owned");
      assert.equal((await runtime.send(new ConverseCommand({ modelId: arn, messages }))).output?.message?.role, "assistant");
    } finally {
      otherControl.destroy();
      otherRuntime.destroy();
    }
  });
});
