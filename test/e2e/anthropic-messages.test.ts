import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import * as IAM from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent as HttpsAgent } from "node:https";
import Anthropic from "anthropic-sdk";
import { Agent } from "undici";
import { runtimeWith, keyHolder, BEARER_USER } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { allow, failsWith, iamAs, policy } from "./iam-admin.js";
import { findSecret } from "./scan.js";
import { sign } from "./sign.js";
import { accessLine, startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { h1 } from "./wire.js";
import { UPSTREAM_SECRET } from "../loopback/sse.js";

/**
 * Anthropic's Messages API (`/anthropic/v1/messages`) with Anthropic's own SDK, pointed at
 * plinth as `baseURL: <endpoint>/anthropic` with a Bedrock API key, in front of the loopback
 * Anthropic provider: create, stream (the SDK's helpers and finalMessage), tools, count_tokens,
 * and errors the SDK raises as its own classes. The same keys, policies and audit as Converse: a
 * Deny on a model holds on both, streaming is authorised as InvokeModelWithResponseStream, a
 * SigV4-signed request works, and no key reaches the logs or the data directory.
 */
const MODELS = {
  claude: "anthropic.claude-3-5-haiku-20241022-v1:0",
  tools: "anthropic.claude-3-5-sonnet-20241022-v2:0",
  errorEvent: "anthropic.claude-3-haiku-20240307-v1:0",
  llama: "meta.llama3-1-8b-instruct-v1:0",
} as const;
const hello: Anthropic.MessageParam[] = [{ role: "user", content: "Say hello" }];
const weather: Anthropic.Tool = { name: "get_weather", description: "The weather in a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };

describe("Anthropic's Messages API with Anthropic's SDK and a Bedrock API key", () => {
  let stack: Stack;
  let iam: IAM.IAMClient;
  let holder: KeyHolder;
  let dispatcher: Agent;
  const issued: string[] = [];
  const sdk = (credential: { apiKey: string } | { authToken: string }): Anthropic =>
    new Anthropic({ baseURL: `${stack.server.url}/anthropic`, ...credential, maxRetries: 0, fetchOptions: { dispatcher } as never });
  const arnOf = (modelId: string): string => `arn:aws:bedrock:${stack.server.region}::foundation-model/${modelId}`;

  before(async () => {
    stack = await startStack({
      models: [
        { modelId: MODELS.claude, via: "anthropic", upstreamModel: "chat-model", providerName: "Anthropic" },
        { modelId: MODELS.tools, via: "anthropic", upstreamModel: "tool-model", providerName: "Anthropic" },
        { modelId: MODELS.errorEvent, via: "anthropic", upstreamModel: "error-event-model", providerName: "Anthropic" },
        { modelId: MODELS.llama, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
      ],
    });
    dispatcher = new Agent({ connect: { ca: stack.server.ca } });
    iam = iamAs(stack.server);
    holder = await keyHolder(iam, stack.server, "messages-user");
    issued.push(holder.longTerm);
  });
  after(async () => { iam?.destroy(); await dispatcher?.close(); await stack?.stop(); });

  it("create with the key as apiKey: Anthropic's Message, the model as named, audited as CreateMessage by the key's user", async () => {
    const { data: message, request_id } = await sdk({ apiKey: holder.longTerm }).messages.create({ model: MODELS.claude, max_tokens: 64, messages: hello }).withResponse();
    assert.equal(message.type, "message");
    assert.equal(message.role, "assistant");
    assert.equal(message.model, MODELS.claude);
    assert.match(message.id, /^msg_/);
    assert.deepEqual(message.content, [{ type: "text", text: "Hello there." }]);
    assert.equal(message.stop_reason, "end_turn");
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    assert.ok(request_id);
    const line = await accessLine(stack.server, request_id);
    assert.deepEqual([line["operation"], line["principal"], line["modelId"], line["status"]], ["CreateMessage", holder.arn, MODELS.claude, 200]);
    const s = stack.server;
    const trail = new CloudTrailClient({ endpoint: s.url, region: s.region, credentials: s.credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new HttpsAgent({ ca: s.ca }) }) });
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateMessage" }] }));
    trail.destroy();
    const record = JSON.parse(Events!.find((e) => JSON.parse(e.CloudTrailEvent!).requestID === request_id)!.CloudTrailEvent!) as Record<string, any>;
    assert.deepEqual([record["eventSource"], record["readOnly"], record["userIdentity"].arn, record["userIdentity"].credentialType], ["bedrock.amazonaws.com", true, holder.arn, "bearer"]);
    assert.deepEqual(record["requestParameters"], { modelId: MODELS.claude, inferenceConfig: { maxTokens: 64 } });
    assert.deepEqual(record["resources"]?.[0]?.ARN, arnOf(MODELS.claude));
  });

  it("the model by its ARN: the same resolver as Converse, the canonical id in the records, the caller's spelling echoed", async () => {
    const { data: message, request_id } = await sdk({ apiKey: holder.longTerm }).messages.create({ model: arnOf(MODELS.claude), max_tokens: 64, messages: hello }).withResponse();
    assert.equal(message.model, arnOf(MODELS.claude));
    assert.equal((await accessLine(stack.server, request_id!))["modelId"], MODELS.claude);
  });

  it("a short-term key as authToken, and a long-term key in x-api-key (as curl and older SDKs send it)", async () => {
    const short = await holder.shortTerm();
    issued.push(short);
    const created = await sdk({ authToken: short }).messages.create({ model: MODELS.claude, max_tokens: 64, messages: hello });
    assert.equal(created.content[0]?.type === "text" && created.content[0].text, "Hello there.");
    const answer = await h1(stack.server, {
      method: "POST", path: "/anthropic/v1/messages",
      headers: { "content-type": "application/json", "x-api-key": holder.longTerm, "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: MODELS.claude, max_tokens: 64, messages: hello }),
    });
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { content: { text: string }[] }).content[0]?.text, "Hello there.");
    const both = await h1(stack.server, {
      method: "POST", path: "/anthropic/v1/messages",
      headers: { "content-type": "application/json", "x-api-key": holder.longTerm, authorization: `Bearer ${holder.longTerm}` },
      body: JSON.stringify({ model: MODELS.claude, max_tokens: 64, messages: hello }),
    });
    assert.equal(both.status, 401, "credentials in two places are refused, not guessed between");
    const elsewhere = await h1(stack.server, {
      method: "POST", path: `/model/${MODELS.claude}/converse`,
      headers: { "content-type": "application/json", "x-api-key": holder.longTerm },
      body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] }),
    });
    assert.equal(elsewhere.status, 403, "x-api-key is a credential on the Anthropic surface only");
  });

  it("stream: the SDK's helpers see text deltas and a finalMessage; the raw events come in Anthropic's order", async () => {
    const client = sdk({ apiKey: holder.longTerm });
    const stream = client.messages.stream({ model: MODELS.claude, max_tokens: 64, messages: hello });
    const deltas: string[] = [];
    stream.on("text", (t) => deltas.push(t));
    const final = await stream.finalMessage();
    assert.ok(deltas.length > 1);
    assert.equal(deltas.join(""), "Hello there.");
    assert.deepEqual(final.content, [{ type: "text", text: "Hello there." }]);
    assert.equal(final.stop_reason, "end_turn");
    assert.ok(final.usage.output_tokens > 0);
    const types: string[] = [];
    for await (const event of await client.messages.create({ model: MODELS.claude, max_tokens: 64, messages: hello, stream: true })) types.push(event.type);
    const distinct = types.filter((t, i) => t !== types[i - 1]);
    assert.deepEqual(distinct, ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    const raw = await h1(stack.server, {
      method: "POST", path: "/anthropic/v1/messages",
      headers: { "content-type": "application/json", authorization: `Bearer ${holder.longTerm}` },
      body: JSON.stringify({ model: MODELS.claude, max_tokens: 64, messages: hello, stream: true }),
    });
    assert.match(String(raw.headers["content-type"]), /^text\/event-stream/);
    assert.match(raw.body, /^event: message_start\ndata: \{.*\}\n\nevent: ping\ndata: \{"type":"ping"\}\n\n/);
    assert.ok(!raw.body.includes("amazon-bedrock-invocationMetrics"), "Bedrock's chunk metrics are not part of this API");
  });

  it("tools: a tool call, its result in the next turn, and the same call streamed", async () => {
    const client = sdk({ apiKey: holder.longTerm });
    const ask: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Leeds?" }];
    const called = await client.messages.create({ model: MODELS.tools, max_tokens: 256, tools: [weather], messages: ask });
    assert.equal(called.stop_reason, "tool_use");
    const use = called.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
    assert.deepEqual([use?.name, use?.input], ["get_weather", { city: "Leeds" }]);
    const answered = await client.messages.create({
      // The chat model answers the tool result (the tool model would call again: Bedrock refuses tool_choice none).
      model: MODELS.claude, max_tokens: 256, tools: [weather],
      messages: [...ask, { role: "assistant", content: called.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: use!.id, content: "Rain, 11°C" }] }],
    });
    assert.equal(answered.stop_reason, "end_turn");
    const streamed = await client.messages.stream({ model: MODELS.tools, max_tokens: 256, tools: [weather], messages: ask }).finalMessage();
    const streamedUse = streamed.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
    assert.deepEqual([streamed.stop_reason, streamedUse?.name, streamedUse?.input], ["tool_use", "get_weather", { city: "Leeds" }]);
  });

  it("count_tokens: the count CountTokens gives for the same conversation", async () => {
    const counted = await sdk({ apiKey: holder.longTerm }).messages.countTokens({ model: MODELS.claude, messages: hello, system: "Be brief." });
    assert.ok(counted.input_tokens > 0);
    const runtime = runtimeWith(stack.server, holder.longTerm);
    const bedrock = await runtime.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { system: [{ text: "Be brief." }], messages: [{ role: "user", content: [{ text: "Say hello" }] }] } } }));
    runtime.destroy();
    assert.equal(counted.input_tokens, bedrock.inputTokens);
  });

  it("errors in Anthropic's shape, raised by the SDK as its own classes", async () => {
    const client = sdk({ apiKey: holder.longTerm });
    const badKey = await sdk({ apiKey: "ABSKbm90LWEta2V5" }).messages.create({ model: MODELS.claude, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(badKey instanceof Anthropic.AuthenticationError, String(badKey));
    assert.equal(badKey.status, 401);
    assert.equal((badKey.error as { error: { type: string } }).error.type, "authentication_error");
    const unknown = await client.messages.create({ model: "anthropic.claude-nonexistent-v1:0", max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(unknown instanceof Anthropic.NotFoundError, String(unknown));
    const llama = await client.messages.create({ model: MODELS.llama, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(llama instanceof Anthropic.BadRequestError, String(llama));
    assert.match(llama.message, /not an Anthropic model/);
    const invalid = await client.messages.create({ model: MODELS.claude, messages: hello, max_tokens: 0 }).catch((e: unknown) => e);
    assert.ok(invalid instanceof Anthropic.BadRequestError, String(invalid));
    assert.equal((invalid.error as { type: string; error: { type: string } }).type, "error");
    for (const [method, path] of [["POST", "/anthropic/v1/nothing"], ["GET", "/anthropic/v1/messages"], ["POST", "/anthropic/"]] as const) {
      const answer = await h1(stack.server, { method, path, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.deepEqual(JSON.parse(answer.body).error?.type, "not_found_error", "never a bare 404 under /anthropic/");
    }
    const unsigned = await h1(stack.server, { method: "POST", path: "/anthropic/v1/messages", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(unsigned.status, 401);
    assert.equal(JSON.parse(unsigned.body).error?.type, "authentication_error");
  });

  it("a provider's error mid-stream reaches the SDK as an error event, without the provider's detail", async () => {
    const stream = sdk({ apiKey: holder.longTerm }).messages.stream({ model: MODELS.errorEvent, max_tokens: 64, messages: hello });
    const error = await stream.finalMessage().then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.ok(!String(error.message).includes(UPSTREAM_SECRET));
    assert.equal(error.status, undefined, "the answer had begun: the error came as an event, not a status");
    assert.equal((error.error as { error: { type: string } }).error.type, "api_error");
  });

  it("a Deny on a model holds here as on Converse; a Deny of streaming refuses only the streamed call", async () => {
    const denied = await keyHolder(iam, stack.server, "denied-user");
    issued.push(denied.longTerm);
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "denied-user", PolicyName: "deny-claude",
      PolicyDocument: policy({ Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: arnOf(MODELS.claude) }),
    }));
    const refused = await sdk({ apiKey: denied.longTerm }).messages.create({ model: MODELS.claude, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(refused instanceof Anthropic.PermissionDeniedError, String(refused));
    assert.equal((refused.error as { error: { type: string } }).error.type, "permission_error");
    const runtime = runtimeWith(stack.server, denied.longTerm);
    await failsWith(runtime.send(new ConverseCommand({ modelId: MODELS.claude, messages: [{ role: "user", content: [{ text: "hi" }] }] })), "AccessDeniedException");
    runtime.destroy();
    assert.ok(await sdk({ apiKey: denied.longTerm }).messages.create({ model: MODELS.tools, max_tokens: 8, messages: hello }), "other models are still allowed");

    const noStream = await keyHolder(iam, stack.server, "no-stream-user", BEARER_USER.filter((a) => a !== "bedrock:InvokeModelWithResponseStream"));
    issued.push(noStream.longTerm);
    const client = sdk({ apiKey: noStream.longTerm });
    assert.ok(await client.messages.create({ model: MODELS.claude, max_tokens: 8, messages: hello }));
    const streamRefused = await client.messages.stream({ model: MODELS.claude, max_tokens: 8, messages: hello }).finalMessage().then(() => undefined, (e: unknown) => e);
    assert.ok(streamRefused instanceof Anthropic.PermissionDeniedError, String(streamRefused));
    assert.match(streamRefused.message, /bedrock:InvokeModelWithResponseStream/);

    const noBearer = await keyHolder(iam, stack.server, "no-bearer-user", BEARER_USER.filter((a) => a !== "bedrock:CallWithBearerToken"));
    issued.push(noBearer.longTerm);
    const bearerRefused = await sdk({ apiKey: noBearer.longTerm }).messages.create({ model: MODELS.claude, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(bearerRefused instanceof Anthropic.PermissionDeniedError, String(bearerRefused));
    assert.match(bearerRefused.message, /bedrock:CallWithBearerToken/);
  });

  it("a SigV4-signed request (service bedrock) is served too, with the anthropic-version header signed", async () => {
    const body = JSON.stringify({ model: MODELS.claude, max_tokens: 64, messages: hello });
    const request = await sign(stack.server, { method: "POST", path: "/anthropic/v1/messages", headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" }, body });
    const answer = await h1(stack.server, request);
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { content: { text: string }[] }).content[0]?.text, "Hello there.");
    const wrongService = await h1(stack.server, await sign(stack.server, { method: "POST", path: "/anthropic/v1/messages", headers: { "content-type": "application/json" }, body }, { service: "anthropic" }));
    assert.equal(wrongService.status, 401);
  });

  it("no key appears in the server's stdout, stderr or data directory", async () => {
    assert.ok(issued.length >= 5);
    for (const key of issued) {
      const hits = await findSecret(key, { texts: { stdout: stack.server.stdout(), stderr: stack.server.stderr() }, dir: stack.server.dataDir });
      assert.deepEqual(hits, [], "a key was written out");
    }
  });
});
