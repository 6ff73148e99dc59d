import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import {
  BedrockClient, CreateProvisionedModelThroughputCommand, ListFoundationModelsCommand, DeleteProvisionedModelThroughputCommand, GetProvisionedModelThroughputCommand,
  ListProvisionedModelThroughputsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdateProvisionedModelThroughputCommand,
  paginateListProvisionedModelThroughputs,
} from "@aws-sdk/client-bedrock";
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, ModelNotReadyException, ThrottlingException,
} from "@aws-sdk/client-bedrock-runtime";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, failsWith, iamAs, policy, runtimeAs, trailAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";

/**
 * Provisioned throughput through the official clients: the control plane's five operations
 * (shapes, filters, paging, errors naming the member), the provisioned model's ARN as Converse's
 * and InvokeModel's modelId (authorised on that ARN), and its units reserving a provider's
 * capacity, so on-demand callers are throttled while the provisioned caller is served.
 */
const SHARED_A = "meta.llama3-1-8b-instruct-v1:0";
const SHARED_B = "meta.llama3-2-3b-instruct-v1:0";
const SMALL = "mistral.mistral-7b-instruct-v0:2";
const SLOW = "mistral.mistral-large-2407-v1:0";
const PLAIN = "anthropic.claude-3-5-haiku-20241022-v1:0";
const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];
const REGION = "eu-west-2";
const modelArn = (id: string) => `arn:aws:bedrock:${REGION}::foundation-model/${id}`;

describe("provisioned throughput through the official clients", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let control: BedrockClient;
  let runtime: BedrockRuntimeClient;
  let account: string;

  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    const provider = (id: string, capacity?: object) => ({
      id, type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-openai", processingRegion: REGION, timeoutMs: 5000, ...(capacity ? { capacity } : {}),
    });
    server = await startServer({
      config: {
        region: REGION,
        providers: [
          // Four units: by calls 8/2, by tokens 400000/100000.
          provider("shared", { maxConcurrency: 8, modelUnitConcurrency: 2, tokensPerMinute: 400_000, modelUnitTokensPerMinute: 100_000 }),
          // One unit takes all of it.
          provider("small", { tokensPerMinute: 30_000, modelUnitTokensPerMinute: 30_000 }),
          provider("slow", { maxConcurrency: 2, modelUnitConcurrency: 1, activationSeconds: 3600 }),
          provider("plain"),
        ],
        models: [
          { modelId: SHARED_A, provider: "shared", upstreamModel: "chat-model" }, { modelId: SHARED_B, provider: "shared", upstreamModel: "chat-model" },
          { modelId: SMALL, provider: "small", upstreamModel: "chat-model" }, { modelId: SLOW, provider: "slow", upstreamModel: "chat-model" },
          { modelId: PLAIN, provider: "plain", upstreamModel: "chat-model", providerName: "Anthropic" },
        ],
      },
    });
    control = bedrockAs(server, server.credentials);
    runtime = runtimeAs(server, server.credentials);
    const iam = iamAs(server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
    iam.destroy();
  });
  after(async () => {
    control?.destroy();
    runtime?.destroy();
    await server?.stop();
    await upstream?.close();
  });

  const create = (name: string, modelId: string, modelUnits: number, extra: object = {}) =>
    control.send(new CreateProvisionedModelThroughputCommand({ provisionedModelName: name, modelId, modelUnits, ...extra }));

  it("create, get (by ARN, id and name), update, tag, delete; a retried create answers what it made", async () => {
    const made = await create("search-main", modelArn(SHARED_A), 1, { clientRequestToken: "pt-once-1", tags: [{ key: "team", value: "search" }] });
    const arn = made.provisionedModelArn!;
    assert.match(arn, new RegExp(`^arn:aws:bedrock:${REGION}:${account}:provisioned-model/[a-z0-9]{12}$`));
    assert.equal((await create("search-main", SHARED_A, 1, { clientRequestToken: "pt-once-1" })).provisionedModelArn, arn);
    await failsWith(create("search-main", SHARED_A, 1), "ConflictException", /provisionedModelName/);

    const got = await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    assert.equal(got.provisionedModelName, "search-main");
    assert.equal(got.provisionedModelArn, arn);
    assert.equal(got.modelUnits, 1);
    assert.equal(got.desiredModelUnits, 1);
    assert.equal(got.status, "InService");
    assert.equal(got.modelArn, modelArn(SHARED_A));
    assert.equal(got.desiredModelArn, modelArn(SHARED_A));
    assert.equal(got.foundationModelArn, modelArn(SHARED_A));
    assert.ok(got.creationTime instanceof Date && got.lastModifiedTime instanceof Date);
    assert.equal(got.commitmentDuration, undefined);
    const id = arn.split("/")[1]!;
    assert.equal((await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: id }))).provisionedModelArn, arn);
    assert.equal((await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: "search-main" }))).provisionedModelArn, arn);

    await control.send(new UpdateProvisionedModelThroughputCommand({ provisionedModelId: arn, desiredProvisionedModelName: "search-renamed", desiredModelId: SHARED_B }));
    const moved = await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    assert.equal(moved.provisionedModelName, "search-renamed");
    assert.equal(moved.modelArn, modelArn(SHARED_B), "no activation time: the move is done at once");
    await failsWith(control.send(new UpdateProvisionedModelThroughputCommand({ provisionedModelId: arn, desiredModelId: SMALL })), "ValidationException", /desiredModelId/);

    await control.send(new TagResourceCommand({ resourceARN: arn, tags: [{ key: "cost", value: "42" }] }));
    await control.send(new UntagResourceCommand({ resourceARN: arn, tagKeys: ["team"] }));
    assert.deepEqual((await control.send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags, [{ key: "cost", value: "42" }]);

    await control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    await failsWith(control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn })), "ResourceNotFoundException");
    await failsWith(control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn })), "ResourceNotFoundException");
    await failsWith(control.send(new TagResourceCommand({ resourceARN: arn, tags: [{ key: "a", value: "b" }] })), "ResourceNotFoundException");
  });

  it("a commitment term is shown and keeps the throughput from being deleted; units past the provider's capacity are refused", async () => {
    const committed = (await create("committed", SHARED_A, 2, { commitmentDuration: "OneMonth" })).provisionedModelArn!;
    const got = await control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: committed }));
    assert.equal(got.commitmentDuration, "OneMonth");
    const term = got.commitmentExpirationTime!.getTime() - got.creationTime!.getTime();
    assert.ok(term >= 28 * 86_400_000 && term <= 31 * 86_400_000, `a month's term, got ${term} ms`);
    await failsWith(control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: committed })), "ConflictException", /commitment/);
    // Two of the provider's four units are taken: three more do not fit, two do.
    await failsWith(create("too-many", SHARED_B, 3), "ServiceQuotaExceededException", /2 more model units/);
    const fits = (await create("fits", SHARED_B, 2)).provisionedModelArn!;
    await failsWith(create("one-more", SHARED_B, 1), "ServiceQuotaExceededException");
    await control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: fits }));
  });

  it("list filters by name, status, model and creation time, sorts and pages", async () => {
    // On "slow": its throughputs stay Creating (an hour to activate), which the status filter finds.
    const arns: string[] = [];
    for (const name of ["list-a", "list-b"]) arns.push((await create(name, SLOW, 1)).provisionedModelArn!);
    const all = await control.send(new ListProvisionedModelThroughputsCommand({}));
    const names = all.provisionedModelSummaries!.map((s) => s.provisionedModelName);
    assert.deepEqual(names.slice(0, 2), ["list-b", "list-a"], "newest first by default");
    const ascending = await control.send(new ListProvisionedModelThroughputsCommand({ sortBy: "CreationTime", sortOrder: "Ascending", nameContains: "list" }));
    assert.deepEqual(ascending.provisionedModelSummaries!.map((s) => s.provisionedModelName), ["list-a", "list-b"]);
    const creating = await control.send(new ListProvisionedModelThroughputsCommand({ statusEquals: "Creating" }));
    assert.deepEqual(new Set(creating.provisionedModelSummaries!.map((s) => s.provisionedModelArn)), new Set(arns));
    const byModel = await control.send(new ListProvisionedModelThroughputsCommand({ modelArnEquals: modelArn(SLOW) }));
    assert.equal(byModel.provisionedModelSummaries!.length, 2);
    const summary = byModel.provisionedModelSummaries![0]!;
    assert.equal(summary.modelUnits, 1);
    assert.equal(summary.status, "Creating");
    const after = await control.send(new ListProvisionedModelThroughputsCommand({ creationTimeAfter: new Date(Date.now() + 60_000) }));
    assert.deepEqual(after.provisionedModelSummaries, []);
    const paged: string[] = [];
    for await (const page of paginateListProvisionedModelThroughputs({ client: control, pageSize: 1 }, { sortOrder: "Ascending" })) {
      assert.ok(page.provisionedModelSummaries!.length <= 1);
      paged.push(...page.provisionedModelSummaries!.map((s) => s.provisionedModelName!));
    }
    assert.deepEqual(paged, [...names].reverse());
    // Creating: invoking it is ModelNotReadyException until its activation time.
    const notReady = await runtime.send(new ConverseCommand({ modelId: arns[0], messages })).then(() => undefined, (e: unknown) => e);
    assert.ok(notReady instanceof ModelNotReadyException, `expected ModelNotReadyException, got ${String(notReady)}`);
    for (const arn of arns) await control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
  });

  it("ListFoundationModels says which models can be provisioned (their provider has capacity) and filters by it", async () => {
    const all = await control.send(new ListFoundationModelsCommand({}));
    const plain = all.modelSummaries!.find((m) => m.modelId === PLAIN)!;
    assert.deepEqual(plain.inferenceTypesSupported, ["ON_DEMAND"]);
    assert.deepEqual(all.modelSummaries!.find((m) => m.modelId === SMALL)!.inferenceTypesSupported, ["ON_DEMAND", "PROVISIONED"]);
    const provisionable = await control.send(new ListFoundationModelsCommand({ byInferenceType: "PROVISIONED" }));
    assert.deepEqual(provisionable.modelSummaries!.map((m) => m.modelId).sort(), [SHARED_A, SHARED_B, SMALL, SLOW].sort());
  });

  it("requests are checked as the published model writes them, naming the member", async () => {
    await failsWith(create("zero", SHARED_A, 0), "ValidationException", /modelUnits/);
    await failsWith(create("bad/name", SHARED_A, 1), "ValidationException", /provisionedModelName/);
    await failsWith(create("x", SHARED_A, 1, { commitmentDuration: "OneYear" }), "ValidationException", /commitmentDuration/);
    await failsWith(create("x", "arn:aws:bedrock:us-east-1::foundation-model/" + SHARED_A, 1), "ValidationException", /modelId/);
    await failsWith(create("x", PLAIN, 1), "ValidationException", /modelId.*capacity/);
    await failsWith(create("x", "nope.model-v1", 1), "ResourceNotFoundException");
    await failsWith(control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: "abcdefghijkl" })), "ResourceNotFoundException");
    await failsWith(control.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: `arn:aws:bedrock:us-east-1:${account}:provisioned-model/abcdefghijkl` })), "ValidationException", /provisionedModelId/);
    await failsWith(control.send(new ListProvisionedModelThroughputsCommand({ maxResults: 0 })), "ValidationException", /maxResults/);
    await failsWith(control.send(new ListProvisionedModelThroughputsCommand({ nextToken: "not-ours" })), "ValidationException", /nextToken/);
  });

  it("Converse, ConverseStream and InvokeModel take the provisioned model's ARN; a policy on that ARN decides", async () => {
    const arn = (await create("runtime", SHARED_A, 1, { tags: [{ key: "tier", value: "gold" }] })).provisionedModelArn!;
    try {
      assert.equal((await runtime.send(new ConverseCommand({ modelId: arn, messages }))).output?.message?.role, "assistant");
      const stream = await runtime.send(new ConverseStreamCommand({ modelId: arn, messages }));
      for await (const _ of stream.stream!) { /* drain */ }
      const body = new TextEncoder().encode(JSON.stringify({ prompt: "hello", max_gen_len: 8 }));
      const native = JSON.parse(new TextDecoder().decode((await runtime.send(new InvokeModelCommand({ modelId: arn, body, contentType: "application/json" }))).body));
      assert.equal(typeof native.generation, "string");

      const iam = iamAs(server);
      const userWith = async (name: string, document: string): Promise<Keys> => {
        await iam.send(new IAM.CreateUserCommand({ UserName: name }));
        await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
        const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
        return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      };
      const denied = runtimeAs(server, await userWith("pt-denied", policy(allow("bedrock:InvokeModel"), { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: arn })));
      const onlyIt = runtimeAs(server, await userWith("pt-only", policy(allow("bedrock:InvokeModel", arn))));
      const byTag = runtimeAs(server, await userWith("pt-tag", policy(allow("bedrock:InvokeModel", "*", { Condition: { StringEquals: { "aws:ResourceTag/tier": "silver" } } }))));
      try {
        await failsWith(denied.send(new ConverseCommand({ modelId: arn, messages })), "AccessDeniedException", /provisioned-model/);
        assert.equal((await denied.send(new ConverseCommand({ modelId: SHARED_A, messages }))).output?.message?.role, "assistant", "the Deny names the provisioned model only");
        assert.equal((await onlyIt.send(new ConverseCommand({ modelId: arn, messages }))).output?.message?.role, "assistant", "the provisioned model is the resource");
        await failsWith(onlyIt.send(new ConverseCommand({ modelId: SHARED_A, messages })), "AccessDeniedException");
        await failsWith(byTag.send(new ConverseCommand({ modelId: arn, messages })), "AccessDeniedException", /provisioned-model/);
        // Another account's spelling of the ARN is refused, not silently taken as ours.
        await failsWith(runtime.send(new ConverseCommand({ modelId: arn.replace(account, "000000000000"), messages })), "ValidationException");
      } finally {
        for (const c of [denied, onlyIt, byTag]) c.destroy();
        iam.destroy();
      }
    } finally {
      await control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    }
  });

  it("units reserving all of a provider's capacity: on-demand callers get ThrottlingException while the provisioned caller is served", async () => {
    assert.equal((await runtime.send(new ConverseCommand({ modelId: SMALL, messages }))).output?.message?.role, "assistant");
    const arn = (await create("reserved-all", SMALL, 1)).provisionedModelArn!;
    try {
      const refused = await runtime.send(new ConverseCommand({ modelId: SMALL, messages })).then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof ThrottlingException, `expected ThrottlingException, got ${String(refused)}`);
      assert.equal(refused.$metadata.httpStatusCode, 429);
      assert.equal(refused.message, "Too many tokens, please wait before trying again.");
      for (let i = 0; i < 3; i++) {
        assert.equal((await runtime.send(new ConverseCommand({ modelId: arn, messages }))).output?.message?.role, "assistant", `provisioned call ${i + 1}`);
      }
    } finally {
      await control.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    }
    assert.equal((await runtime.send(new ConverseCommand({ modelId: SMALL, messages }))).output?.message?.role, "assistant", "freed capacity serves on-demand again");
  });

  it("each operation is in the audit trail, on the provisioned model's ARN", async () => {
    const trail = trailAs(server);
    try {
      for (const name of ["CreateProvisionedModelThroughput", "GetProvisionedModelThroughput", "ListProvisionedModelThroughputs", "UpdateProvisionedModelThroughput", "DeleteProvisionedModelThroughput"]) {
        const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] }));
        assert.ok((Events ?? []).length > 0, `${name} was audited`);
      }
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "DeleteProvisionedModelThroughput" }] }));
      assert.ok(Events!.some((e) => (e.Resources ?? []).some((r) => /:provisioned-model\/[a-z0-9]{12}$/.test(r.ResourceName ?? ""))));
    } finally {
      trail.destroy();
    }
  });
});
