import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import * as IAM from "@aws-sdk/client-iam";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateObject, generateText, streamText } from "ai";
import OpenAI from "openai";
import { z } from "zod";
import { keyHolder } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { iamAs, policy, trailAs } from "./iam-admin.js";
import { sign } from "./sign.js";
import { h1 } from "./wire.js";

/**
 * The OpenAI-compatible API under /openai/v1 with the official `openai` package, a Bedrock API
 * key as its apiKey: chat (plain, streamed, with tools, with structured output), responses,
 * embeddings, models, and OpenAI-shaped errors with the statuses its clients act on. The same
 * policies govern it as Converse (a Deny on a model holds here), and the same model answers
 * the same through both. The AI SDK's OpenAI-compatible provider works against it as well.
 */
describe("the OpenAI-compatible API with the openai package", () => {
  let e2e: E2e;
  let iam: IAM.IAMClient;
  let holder: KeyHolder;
  let client: OpenAI;
  const openai = (apiKey: string): OpenAI =>
    new OpenAI({ apiKey, baseURL: `${e2e.server.url}/openai/v1`, fetch: fetchTrusting(e2e.server.ca), maxRetries: 0 });

  before(async () => {
    e2e = await startE2e();
    iam = iamAs(e2e.server);
    holder = await keyHolder(iam, e2e.server, "openai-user");
    client = openai(holder.longTerm);
  });
  after(async () => { iam?.destroy(); await e2e?.stop(); });

  it("chat completion: text, finish reason, usage, the canonical model", async () => {
    const out = await client.chat.completions.create({
      model: MODELS.llama, max_completion_tokens: 64, temperature: 0.2,
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello" }],
    });
    assert.equal(out.object, "chat.completion");
    assert.equal(out.model, MODELS.llama);
    assert.equal(out.choices[0]!.message.content, "Hello there.");
    assert.equal(out.choices[0]!.finish_reason, "stop");
    assert.ok(out.usage!.prompt_tokens > 0 && out.usage!.completion_tokens > 0);
    assert.equal(out.usage!.total_tokens, out.usage!.prompt_tokens + out.usage!.completion_tokens);
    assert.equal(out.id, `chatcmpl-${out._request_id}`, "the request id the SDK reports names the completion");
  });

  it("the model member takes inference profile ids and ARNs, as Converse's modelId does", async () => {
    const account = holder.arn.split(":")[4]!;
    for (const model of [`eu.${MODELS.llama}`, `global.${MODELS.claude}`, `arn:aws:bedrock:${e2e.server.region}:${account}:inference-profile/global.${MODELS.claude}`]) {
      const out = await client.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
      assert.equal(out.choices[0]!.message.content, "Hello there.", model);
    }
    const missing = await client.chat.completions.create({ model: `us.${MODELS.llama}`, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(missing instanceof OpenAI.NotFoundError, String(missing));
  });

  it("streamed chat with stream_options.include_usage: deltas, a finish reason, then the usage", async () => {
    const stream = await client.chat.completions.create({
      model: MODELS.claude, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Say hello" }],
    });
    let text = "";
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, "Hello there.");
    assert.deepEqual(finishes, ["stop"]);
    assert.ok(usage && usage.completion_tokens > 0);
  });

  it("tools: a tool call, then its result answered (non-streamed and streamed)", async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{
      type: "function", function: { name: "get_weather", description: "The weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
    }];
    const ask: OpenAI.ChatCompletionMessageParam = { role: "user", content: "Weather in Leeds?" };
    const first = await client.chat.completions.create({ model: MODELS.tools, tools, tool_choice: "auto", messages: [ask] });
    assert.equal(first.choices[0]!.finish_reason, "tool_calls");
    const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([call.function.name, JSON.parse(call.function.arguments)], ["get_weather", { city: "Leeds" }]);

    const streamed = await client.chat.completions.create({ model: MODELS.tools, tools, messages: [ask], stream: true });
    let args = "";
    let name = "";
    for await (const chunk of streamed) {
      for (const c of chunk.choices[0]?.delta.tool_calls ?? []) { args += c.function?.arguments ?? ""; name ||= c.function?.name ?? ""; }
    }
    assert.deepEqual([name, JSON.parse(args)], ["get_weather", { city: "Leeds" }]);

    const second = await client.chat.completions.create({
      model: MODELS.llama, tools,
      messages: [ask, first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: "12 degrees" }],
    });
    assert.equal(second.choices[0]!.message.content, "Hello there.");
  });

  it("structured output: response_format json_schema answers JSON of that schema", async () => {
    const out = await client.chat.completions.create({
      model: MODELS.llama, messages: [{ role: "user", content: "A city" }],
      response_format: { type: "json_schema", json_schema: { name: "city", strict: true, schema: { type: "object", properties: { name: { type: "string" } }, required: ["name"], additionalProperties: false } } },
    });
    const parsed = JSON.parse(out.choices[0]!.message.content!) as { name: unknown };
    assert.equal(typeof parsed.name, "string");
  });

  it("images as data URLs reach a model that takes images; remote URLs are refused naming the param", async () => {
    const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const out = await client.chat.completions.create({
      model: MODELS.claude, messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: png } }] }],
    });
    assert.equal(out.choices[0]!.message.role, "assistant");
    const refused = await client.chat.completions.create({
      model: MODELS.claude, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] }],
    }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.BadRequestError);
    assert.equal(refused.param, "messages.0.content.0.image_url.url");
  });

  it("embeddings: base64 (the SDK's default) and float give the same vectors", async () => {
    const b64 = await client.embeddings.create({ model: MODELS.titanEmbed, input: ["one", "two"] });
    const floats = await client.embeddings.create({ model: MODELS.titanEmbed, input: ["one", "two"], encoding_format: "float" });
    assert.equal(b64.data.length, 2);
    assert.equal(b64.model, MODELS.titanEmbed);
    for (const [i, d] of floats.data.entries()) {
      assert.equal(d.embedding.length, b64.data[i]!.embedding.length);
      d.embedding.forEach((x, k) => assert.ok(Math.abs(x - b64.data[i]!.embedding[k]!) < 1e-6));
    }
    assert.ok(b64.usage.prompt_tokens > 0);
  });

  it("models: the list and one model; an unknown one is a 404 in OpenAI's shape", async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.ok(ids.includes(MODELS.llama) && ids.includes(MODELS.titanEmbed));
    const one = await client.models.retrieve(MODELS.claude);
    assert.deepEqual([one.id, one.object, one.owned_by], [MODELS.claude, "model", "Anthropic"]);
    const missing = await client.models.retrieve("no.such-model-v1:0").catch((e: unknown) => e);
    assert.ok(missing instanceof OpenAI.NotFoundError, String(missing));
  });

  it("responses: input and instructions answered; store: true refused under the none retention mode", async () => {
    const out = await client.responses.create({ model: MODELS.llama, instructions: "Be brief.", input: "Say hello", store: false });
    assert.equal(out.output_text, "Hello there.");
    assert.equal(out.status, "completed");
    const items = await client.responses.create({
      model: MODELS.tools, store: false, input: [{ role: "user", content: "Weather in Leeds?" }],
      tools: [{ type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: false }],
    });
    const call = items.output.find((o) => o.type === "function_call");
    assert.equal(call?.type === "function_call" ? call.name : undefined, "get_weather");
    for (const member of ["store", "background"] as const) {
      const refused = await client.responses.create({ model: MODELS.llama, input: "hi", [member]: true }).catch((e: unknown) => e);
      assert.ok(refused instanceof OpenAI.BadRequestError, String(refused));
      assert.equal(refused.param, member);
      assert.match(refused.message, /data-retention mode is none/);
    }
  });

  it("errors: a bad key is 401, an unknown model 404, a throttled one 429 with retry-after, a bad member 400 naming it", async () => {
    const bad = await openai("ABSK" + "A".repeat(120)).chat.completions.create({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(bad instanceof OpenAI.AuthenticationError, String(bad));
    const unknown = await client.chat.completions.create({ model: "no.such-model-v1:0", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(unknown instanceof OpenAI.NotFoundError, String(unknown));
    assert.deepEqual([unknown.code, unknown.param], ["model_not_found", "model"]);
    const throttled = await client.chat.completions.create({ model: MODELS.throttled, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(throttled instanceof OpenAI.RateLimitError, String(throttled));
    assert.equal(throttled.headers.get("retry-after"), "1");
    const invalid = await client.chat.completions.create({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }], temperature: 1.5 }).catch((e: unknown) => e);
    assert.ok(invalid instanceof OpenAI.BadRequestError, String(invalid));
    assert.deepEqual([invalid.type, invalid.param], ["invalid_request_error", "temperature"]);
    const seed = await client.chat.completions.create({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }], seed: 7 }).catch((e: unknown) => e);
    assert.ok(seed instanceof OpenAI.BadRequestError && seed.param === "seed", String(seed));
  });

  it("a path under /openai that names nothing is a 404 in OpenAI's shape, never a bare one", async () => {
    const answer = await h1(e2e.server, { method: "POST", path: "/openai/v1/completions", headers: { authorization: `Bearer ${holder.longTerm}`, "content-type": "application/json" }, body: "{}" });
    assert.equal(answer.status, 404);
    const body = JSON.parse(answer.body) as { error: { type: string; code: string } };
    assert.deepEqual([body.error.type, body.error.code], ["invalid_request_error", "unknown_url"]);
    const wrongMethod = await h1(e2e.server, { method: "GET", path: "/openai/v1/chat/completions", headers: {} });
    assert.equal(wrongMethod.status, 404);
    assert.ok((JSON.parse(wrongMethod.body) as { error?: unknown }).error);
  });

  it("a Deny on a model holds here as on Converse: 403 in OpenAI's shape, other models still served", async () => {
    const denied = await keyHolder(iam, e2e.server, "openai-denied");
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "openai-denied", PolicyName: "no-llama",
      PolicyDocument: policy({ Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: `arn:aws:bedrock:${e2e.server.region}::foundation-model/${MODELS.llama}` }),
    }));
    const c = openai(denied.longTerm);
    const refused = await c.chat.completions.create({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.PermissionDeniedError, String(refused));
    assert.equal(refused.type, "permission_error");
    const streamRefused = await c.chat.completions.create({ model: MODELS.llama, stream: true, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    assert.ok(streamRefused instanceof OpenAI.PermissionDeniedError, String(streamRefused));
    assert.equal((await c.chat.completions.create({ model: MODELS.mistral, messages: [{ role: "user", content: "hi" }] })).choices[0]!.message.content, "Hello there.");
  });

  it("streaming is authorised as InvokeModelWithResponseStream: a key without it streams nothing", async () => {
    await keyHolder(iam, e2e.server, "openai-no-stream", ["bedrock:InvokeModel", "bedrock:CallWithBearerToken"]).then(async (h) => {
      const c = openai(h.longTerm);
      assert.equal((await c.chat.completions.create({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }] })).choices[0]!.message.content, "Hello there.");
      const refused = await c.chat.completions.create({ model: MODELS.llama, stream: true, messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
      assert.ok(refused instanceof OpenAI.PermissionDeniedError, String(refused));
      assert.match(refused.message, /bedrock:InvokeModelWithResponseStream/);
    });
  });

  it("the same model answers the same through Converse and /openai/v1 (the loopback's echo model)", async () => {
    const prompt = "Repeat after me: the quick brown fox";
    const converse = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: prompt }] }] }));
    const chat = await client.chat.completions.create({ model: MODELS.echo, messages: [{ role: "user", content: prompt }] });
    assert.equal(chat.choices[0]!.message.content, converse.output!.message!.content![0]!.text);
    assert.equal(chat.usage!.completion_tokens, converse.usage!.outputTokens);
  });

  it("SigV4-signed requests (signing name bedrock) are served too", async () => {
    const body = JSON.stringify({ model: MODELS.llama, messages: [{ role: "user", content: "hi" }] });
    const req = await sign(e2e.server, { method: "POST", path: "/openai/v1/chat/completions", headers: { "content-type": "application/json" }, body });
    const answer = await h1(e2e.server, req);
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "Hello there.");
    const wrongService = await h1(e2e.server, await sign(e2e.server, { method: "POST", path: "/openai/v1/chat/completions", headers: { "content-type": "application/json" }, body }, { service: "openai" }));
    assert.equal(wrongService.status, 401);
  });

  it("the AI SDK's OpenAI-compatible provider: generateText, streamText with usage, generateObject", async () => {
    const provider = createOpenAICompatible({
      name: "plinth", baseURL: `${e2e.server.url}/openai/v1`, apiKey: holder.longTerm, fetch: fetchTrusting(e2e.server.ca),
      includeUsage: true, supportsStructuredOutputs: true,
    });
    const once = { maxRetries: 0 } as const;
    const text = await generateText({ model: provider(MODELS.llama), system: "Be brief.", prompt: "Say hello", ...once });
    assert.deepEqual([text.text, text.finishReason], ["Hello there.", "stop"]);
    assert.ok((text.usage.outputTokens ?? 0) > 0);
    const stream = streamText({ model: provider(MODELS.claude), prompt: "Say hello", ...once, onError: () => undefined });
    let streamed = "";
    for await (const delta of stream.textStream) streamed += delta;
    assert.equal(streamed, "Hello there.");
    assert.ok(((await stream.usage).outputTokens ?? 0) > 0);
    const { object } = await generateObject({ model: provider(MODELS.llama), schema: z.object({ city: z.string() }), prompt: "A city", ...once });
    assert.equal(typeof object.city, "string");
  });

  it("the audit trail records a chat as it records Converse: the key's user, the action decided, the model and settings, no content", async () => {
    const canary = "CANARY-openai-audit-5c2e";
    const out = await client.chat.completions.create({ model: MODELS.llama, max_tokens: 20, stream: true, messages: [{ role: "user", content: canary }] });
    for await (const chunk of out) void chunk;
    const { server } = e2e;
    const trail = trailAs(server);
    try {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateChatCompletion" }] }));
      const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, any>);
      const streamed = records.find((r) => r.requestParameters?.stream === true && r.requestParameters?.inferenceConfig?.maxTokens === 20);
      assert.ok(streamed, "the streamed chat is in the trail");
      assert.equal(streamed.eventSource, "bedrock.amazonaws.com");
      assert.equal(streamed.readOnly, true);
      assert.equal(streamed.userIdentity.arn, holder.arn);
      assert.deepEqual(streamed.requestParameters, { modelId: MODELS.llama, inferenceConfig: { maxTokens: 20 }, stream: true });
      assert.doesNotMatch(JSON.stringify(records), new RegExp(canary), "no content");
      assert.doesNotMatch(server.stderr() + server.stdout(), new RegExp(`${canary}|${holder.longTerm.slice(4, 40)}`), "no content or key in the logs");
    } finally {
      trail.destroy();
    }
  });
});
