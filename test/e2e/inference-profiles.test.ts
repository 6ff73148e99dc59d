import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import {
  CreateInferenceProfileCommand, DeleteInferenceProfileCommand, GetInferenceProfileCommand, ListInferenceProfilesCommand,
  ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, paginateListInferenceProfiles,
} from "@aws-sdk/client-bedrock";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { failsWith, iamAs, bedrockAs, runtimeAs } from "./iam-admin.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { accessLines } from "./stack.js";

const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];
const CLAUDE = MODELS.claude;

/** The x-plinth-processing-region header of each answer the client receives. */
function regionsSeen(client: BedrockRuntimeClient): string[] {
  const seen: string[] = [];
  client.middlewareStack.add((next) => async (args) => {
    const out = await next(args);
    const headers = (out.response as { headers?: Record<string, string> }).headers ?? {};
    if (headers["x-plinth-processing-region"]) seen.push(headers["x-plinth-processing-region"]);
    return out;
  }, { step: "deserialize", name: "processingRegionHeader" });
  return seen;
}

describe("inference profiles in a deployment whose providers are all in its region (eu-west-2, crossRegion none)", () => {
  let e2e: E2e;
  let account: string;
  before(async () => {
    e2e = await startE2e();
    const iam = iamAs(e2e.server);
    account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
    iam.destroy();
  });
  after(async () => { await e2e?.stop(); });

  it("ListInferenceProfiles SYSTEM_DEFINED (Claude Code's first call) lists eu. and global. profiles of each model, no us. ones, and pages", async () => {
    const control = e2e.control();
    const all = await control.send(new ListInferenceProfilesCommand({ typeEquals: "SYSTEM_DEFINED" }));
    const ids = all.inferenceProfileSummaries!.map((p) => p.inferenceProfileId!);
    assert.ok(ids.includes(`eu.${CLAUDE}`) && ids.includes(`global.${CLAUDE}`), ids.join(" "));
    assert.ok(!ids.some((id) => /^(us|apac|jp|au|us-gov)\./.test(id)));
    const eu = all.inferenceProfileSummaries!.find((p) => p.inferenceProfileId === `eu.${CLAUDE}`)!;
    assert.equal(eu.inferenceProfileArn, `arn:aws:bedrock:eu-west-2:${account}:inference-profile/eu.${CLAUDE}`);
    assert.deepEqual(eu.models, [{ modelArn: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` }]);
    assert.equal(eu.type, "SYSTEM_DEFINED");
    assert.equal(eu.status, "ACTIVE");
    const paged: string[] = [];
    for await (const page of paginateListInferenceProfiles({ client: control, pageSize: 3 }, { typeEquals: "SYSTEM_DEFINED" })) {
      assert.ok(page.inferenceProfileSummaries!.length <= 3);
      paged.push(...page.inferenceProfileSummaries!.map((p) => p.inferenceProfileId!));
    }
    assert.deepEqual(paged, ids);
  });

  it("GetInferenceProfile by id and by ARN; a geography this region is not in is not found", async () => {
    const control = e2e.control();
    const byId = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: `global.${CLAUDE}` }));
    assert.equal(byId.inferenceProfileId, `global.${CLAUDE}`);
    assert.ok(byId.models!.some((m) => m.modelArn === `arn:aws:bedrock:::foundation-model/${CLAUDE}`));
    const byArn = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: byId.inferenceProfileArn }));
    assert.equal(byArn.inferenceProfileArn, byId.inferenceProfileArn);
    await failsWith(control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: `us.${CLAUDE}` })), "ResourceNotFoundException");
  });

  it("Converse, ConverseStream, InvokeModel and CountTokens take eu. and global. ids and the profile's ARN; us. is not found (404, as Claude Code's probes expect)", async () => {
    const runtime = e2e.runtime();
    const seen = regionsSeen(runtime);
    for (const modelId of [`eu.${CLAUDE}`, `global.${CLAUDE}`, `arn:aws:bedrock:eu-west-2:${account}:inference-profile/global.${CLAUDE}`]) {
      const out = await runtime.send(new ConverseCommand({ modelId, messages }));
      assert.equal(out.output?.message?.role, "assistant");
    }
    const stream = await runtime.send(new ConverseStreamCommand({ modelId: `global.${CLAUDE}`, messages }));
    for await (const _ of stream.stream!) { /* drain */ }
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 1, messages: [{ role: "user", content: "hi" }] }));
    await runtime.send(new InvokeModelCommand({ modelId: `eu.${CLAUDE}`, body, contentType: "application/json" }));
    await runtime.send(new CountTokensCommand({ modelId: `global.${CLAUDE}`, input: { converse: { messages } } }));
    assert.deepEqual(new Set(seen), new Set(["eu-west-2"]), "every answer names the region that processed it");
    await failsWith(runtime.send(new InvokeModelCommand({ modelId: `us.${CLAUDE}`, body, contentType: "application/json" })), "ResourceNotFoundException");
    const lines = accessLines(e2e.server.stdout()).filter((l) => l["operation"] === "Converse" && l["status"] === 200);
    assert.ok(lines.length > 0 && lines.every((l) => l["processingRegion"] === "eu-west-2" && l["modelId"] === CLAUDE), "the access log records the canonical model and where it was processed");
  });

  it("application profiles: create (from a model or a system profile, with tags), use as modelId, tag, untag, list, delete", async () => {
    const control = e2e.control();
    const runtime = e2e.runtime();
    const created = await control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "team search", description: "cost centre 42", clientRequestToken: "create-once-1",
      modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` }, tags: [{ key: "team", value: "search" }],
    }));
    assert.match(created.inferenceProfileArn!, new RegExp(`^arn:aws:bedrock:eu-west-2:${account}:application-inference-profile/[a-z0-9]{12}$`));
    assert.equal(created.status, "ACTIVE");
    const again = await control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "team search", clientRequestToken: "create-once-1", modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` },
    }));
    assert.equal(again.inferenceProfileArn, created.inferenceProfileArn, "a retried create answers the profile it made");
    await failsWith(control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "team search", modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` },
    })), "ConflictException");

    const got = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: created.inferenceProfileArn }));
    assert.equal(got.type, "APPLICATION");
    assert.equal(got.inferenceProfileName, "team search");
    assert.equal(got.description, "cost centre 42");
    assert.ok(got.createdAt instanceof Date);
    assert.deepEqual(got.models, [{ modelArn: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` }]);
    const byId = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: got.inferenceProfileId }));
    assert.equal(byId.inferenceProfileArn, created.inferenceProfileArn);

    const out = await runtime.send(new ConverseCommand({ modelId: created.inferenceProfileArn, messages }));
    assert.equal(out.output?.message?.role, "assistant");
    // A native body through an application profile: its family is known once the profile is resolved.
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 8, messages: [{ role: "user", content: "hi" }] }));
    const native = JSON.parse(new TextDecoder().decode((await runtime.send(new InvokeModelCommand({ modelId: created.inferenceProfileArn, body, contentType: "application/json" }))).body));
    assert.equal(native.type, "message");

    const fromSystem = await control.send(new CreateInferenceProfileCommand({
      inferenceProfileName: "global copy", modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2:${account}:inference-profile/global.${CLAUDE}` },
    }));
    const global = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: fromSystem.inferenceProfileArn }));
    assert.ok(global.models!.some((m) => m.modelArn === `arn:aws:bedrock:::foundation-model/${CLAUDE}`));
    await runtime.send(new ConverseCommand({ modelId: fromSystem.inferenceProfileArn, messages }));

    const listed = await control.send(new ListInferenceProfilesCommand({ typeEquals: "APPLICATION" }));
    assert.deepEqual(new Set(listed.inferenceProfileSummaries!.map((p) => p.inferenceProfileArn)), new Set([created.inferenceProfileArn, fromSystem.inferenceProfileArn]));

    const resourceARN = created.inferenceProfileArn!;
    await control.send(new TagResourceCommand({ resourceARN, tags: [{ key: "cost", value: "42" }, { key: "team", value: "ranking" }] }));
    await control.send(new UntagResourceCommand({ resourceARN, tagKeys: ["cost"] }));
    assert.deepEqual((await control.send(new ListTagsForResourceCommand({ resourceARN }))).tags, [{ key: "team", value: "ranking" }]);
    await failsWith(control.send(new TagResourceCommand({ resourceARN: `arn:aws:bedrock:eu-west-2:${account}:guardrail/abc123`, tags: [{ key: "a", value: "b" }] })), "ResourceNotFoundException");
    await failsWith(control.send(new TagResourceCommand({ resourceARN: `arn:aws:bedrock:eu-west-2:${account}:custom-model/abc123`, tags: [{ key: "a", value: "b" }] })), "ValidationException");

    await control.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: resourceARN }));
    await failsWith(control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: resourceARN })), "ResourceNotFoundException");
    await failsWith(runtime.send(new ConverseCommand({ modelId: resourceARN, messages })), "ResourceNotFoundException");
    await failsWith(control.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: `eu.${CLAUDE}` })), "ValidationException");
  });

  it("a profile's name, source and tags are checked as the model writes them, naming the member", async () => {
    const control = e2e.control();
    await failsWith(control.send(new CreateInferenceProfileCommand({ inferenceProfileName: "bad/name", modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}` } })), "ValidationException", /inferenceProfileName/);
    await failsWith(control.send(new CreateInferenceProfileCommand({ inferenceProfileName: "x", modelSource: { copyFrom: CLAUDE } })), "ValidationException", /modelSource\.copyFrom/);
    await failsWith(control.send(new CreateInferenceProfileCommand({ inferenceProfileName: "x", modelSource: { copyFrom: "arn:aws:bedrock:eu-west-2::foundation-model/nope.model-v1" } })), "ResourceNotFoundException");
    await failsWith(control.send(new CreateInferenceProfileCommand({ inferenceProfileName: "x", modelSource: { copyFrom: `arn:aws:bedrock:eu-west-2:${account}:inference-profile/us.${CLAUDE}` } })), "ResourceNotFoundException");
  });
});

/**
 * Residency: a provider that processes data outside the deployment's region (us-east-1 for an
 * eu-west-2 deployment). Its model is served by id (the operator configured it), but no profile
 * sends data there unless the owner opted in, and no geography outside its own routes to it.
 */
describe("a provider outside the deployment's region: profiles refuse it unless the owner opts in", () => {
  const FAR = "meta.llama3-1-8b-instruct-v1:0";
  let upstream: Loopback;
  const servers: RunningServer[] = [];
  const start = async (crossRegion: string): Promise<RunningServer> => {
    const server = await startServer({
      config: {
        region: "eu-west-2", inference: { crossRegion },
        providers: [{ id: "far", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "us-east-1", timeoutMs: 5000 }],
        models: [{ modelId: FAR, provider: "far", upstreamModel: "chat-model", providerName: "Meta" }],
      },
    });
    servers.push(server);
    return server;
  };
  before(async () => { upstream = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" }); });
  after(async () => { await Promise.all(servers.map((s) => s.stop())); await upstream?.close(); });

  it("crossRegion none: global. is refused saying why, eu./us. are not found, the model's own id still serves", async () => {
    const server = await start("none");
    const runtime = runtimeAs(server, server.credentials);
    await failsWith(runtime.send(new ConverseCommand({ modelId: `global.${FAR}`, messages })), "ValidationException", /outside eu-west-2.*us-east-1.*crossRegion/);
    await failsWith(runtime.send(new ConverseCommand({ modelId: `eu.${FAR}`, messages })), "ResourceNotFoundException", /no provider inside its geography/);
    await failsWith(runtime.send(new ConverseCommand({ modelId: `us.${FAR}`, messages })), "ResourceNotFoundException");
    assert.equal((await runtime.send(new ConverseCommand({ modelId: FAR, messages }))).output?.message?.role, "assistant");
    const listed = await bedrockAs(server, server.credentials).send(new ListInferenceProfilesCommand({}));
    assert.deepEqual(listed.inferenceProfileSummaries, [], "no profile here can be used");
  });

  it("crossRegion global: global. serves, says it was processed in us-east-1, and is authorised on the model there too", async () => {
    const server = await start("global");
    const runtime = runtimeAs(server, server.credentials);
    const seen = regionsSeen(runtime);
    assert.equal((await runtime.send(new ConverseCommand({ modelId: `global.${FAR}`, messages }))).output?.message?.role, "assistant");
    assert.deepEqual(seen, ["us-east-1"]);
    await failsWith(runtime.send(new ConverseCommand({ modelId: `eu.${FAR}`, messages })), "ResourceNotFoundException");
    const got = await bedrockAs(server, server.credentials).send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: `global.${FAR}` }));
    assert.deepEqual(got.models!.map((m) => m.modelArn), [
      `arn:aws:bedrock:eu-west-2::foundation-model/${FAR}`, `arn:aws:bedrock:us-east-1::foundation-model/${FAR}`, `arn:aws:bedrock:::foundation-model/${FAR}`,
    ]);
  });
});
