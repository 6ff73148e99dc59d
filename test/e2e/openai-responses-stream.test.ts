import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import OpenAI from "openai";
import { keyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { iamAs } from "./iam-admin.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * The Responses API with `stream: true`, read by the official `openai` package both ways it
 * offers: `responses.create({stream: true})` (the raw events, in order, numbered) and
 * `responses.stream()` (its accumulator, which needs every event in its place to build the final
 * Response). Text and a function call; usage in response.completed; streaming authorised as
 * InvokeModelWithResponseStream; a throttled model refused before the head with retry-after.
 */
const weather: OpenAI.Responses.FunctionTool = {
  type: "function", name: "get_weather", strict: false, parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("OpenAI Responses streaming with the openai package", () => {
  let e2e: E2e;
  let iam: IAM.IAMClient;
  let client: OpenAI;
  const openai = (apiKey: string): OpenAI =>
    new OpenAI({ apiKey, baseURL: `${e2e.server.url}/openai/v1`, fetch: fetchTrusting(e2e.server.ca), maxRetries: 0 });

  before(async () => {
    e2e = await startE2e();
    iam = iamAs(e2e.server);
    client = openai((await keyHolder(iam, e2e.server, "responses-stream-user")).longTerm);
  });
  after(async () => { iam?.destroy(); await e2e?.stop(); });

  it("text: created first, deltas that add up, completed last with the usage; sequence numbers count up", async () => {
    const stream = await client.responses.create({ model: MODELS.llama, instructions: "Be brief.", input: "Say hello", stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    assert.equal(events[0]!.type, "response.created");
    assert.equal(events[1]!.type, "response.in_progress");
    const last = events.at(-1)!;
    assert.equal(last.type, "response.completed");
    const text = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : [])).join("");
    assert.equal(text, "Hello there.");
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    if (last.type !== "response.completed") return;
    const answered = last.response.output.flatMap((o) => (o.type === "message" ? o.content.map((c) => (c.type === "output_text" ? c.text : "")) : [])).join("");
    assert.equal(answered, "Hello there.");
    assert.ok(last.response.usage!.output_tokens > 0 && last.response.usage!.input_tokens > 0);
    assert.equal(last.response.model, MODELS.llama);
  });

  it("responses.stream(): the SDK's accumulator builds the final Response from the events", async () => {
    const deltas: string[] = [];
    const final = await client.responses.stream({ model: MODELS.claude, input: "Say hello" })
      .on("response.output_text.delta", (e) => deltas.push(e.delta))
      .finalResponse();
    assert.equal(final.output_text, "Hello there.");
    assert.equal(deltas.join(""), "Hello there.");
    assert.equal(final.status, "completed");
    assert.ok(final.usage!.total_tokens > 0);
  });

  it("a function call: the item added, argument deltas, the whole arguments at done, and in the final Response", async () => {
    const stream = client.responses.stream({ model: MODELS.tools, input: [{ role: "user", content: "Weather in Leeds?" }], tools: [weather] });
    let deltas = "";
    let done: string | undefined;
    stream.on("response.function_call_arguments.delta", (e) => { deltas += e.delta; });
    stream.on("response.function_call_arguments.done", (e) => { done = e.arguments; });
    const final = await stream.finalResponse();
    const call = final.output.find((o) => o.type === "function_call");
    assert.ok(call?.type === "function_call", JSON.stringify(final.output));
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Leeds" });
    assert.deepEqual(JSON.parse(done!), { city: "Leeds" });
    assert.equal(deltas, done);
  });

  it("streaming is authorised as InvokeModelWithResponseStream; a throttled model is a 429 with retry-after before any event", async () => {
    const noStream = openai((await keyHolder(iam, e2e.server, "responses-no-stream", ["bedrock:InvokeModel", "bedrock:CallWithBearerToken"])).longTerm);
    assert.equal((await noStream.responses.create({ model: MODELS.llama, input: "hi" })).output_text, "Hello there.");
    const refused = await noStream.responses.create({ model: MODELS.llama, input: "hi", stream: true }).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.PermissionDeniedError, String(refused));
    assert.match(refused.message, /bedrock:InvokeModelWithResponseStream/);
    const throttled = await client.responses.create({ model: MODELS.throttled, input: "hi", stream: true }).catch((e: unknown) => e);
    assert.ok(throttled instanceof OpenAI.RateLimitError, String(throttled));
    assert.equal(throttled.headers.get("retry-after"), "1");
  });
});

describe("OpenAI Responses streaming: a failure after the head", () => {
  const MALFORMED = "meta.llama3-2-1b-instruct-v1:0";
  let stack: Stack;
  let iam: IAM.IAMClient;
  let client: OpenAI;

  before(async () => {
    stack = await startStack({ models: [{ modelId: MALFORMED, via: "openai", upstreamModel: "malformed-model", providerName: "Meta" }] });
    iam = iamAs(stack.server);
    const key = (await keyHolder(iam, stack.server, "responses-failure-user")).longTerm;
    client = new OpenAI({ apiKey: key, baseURL: `${stack.server.url}/openai/v1`, fetch: fetchTrusting(stack.server.ca), maxRetries: 0 });
  });
  after(async () => { iam?.destroy(); await stack?.stop(); });

  it("the stream ends with response.failed (its error named) and an error event, never response.completed; the SDK's accumulator rejects", async () => {
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create({ model: MALFORMED, input: "hi", stream: true })) events.push(event);
    assert.equal(events[0]!.type, "response.created");
    assert.deepEqual(events.slice(-2).map((e) => e.type), ["response.failed", "error"]);
    assert.ok(!events.some((e) => e.type === "response.completed"));
    const failed = events.at(-2)!;
    assert.ok(failed.type === "response.failed" && failed.response.status === "failed" && typeof failed.response.error?.code === "string", JSON.stringify(failed));
    const rejected = await client.responses.stream({ model: MALFORMED, input: "hi" }).finalResponse().then(() => "resolved", () => "rejected");
    assert.equal(rejected, "rejected");
  });
});
