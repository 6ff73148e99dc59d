import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { GetFoundationModelCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const parse = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const out: ConverseStreamOutput[] = [];
  for await (const e of stream!) out.push(e);
  return out;
}

describe("Bedrock runtime through the official AWS SDK clients", () => {
  let e2e: E2e;
  before(async () => { e2e = await startE2e(); });
  after(async () => { await e2e?.stop(); });

  for (const http1 of [false, true]) {
    it(`Converse answers over ${http1 ? "HTTP/1.1" : "HTTP/2"}`, async () => {
      const out = await e2e.runtime({ http1 }).send(new ConverseCommand({
        modelId: MODELS.llama, messages: user("Say hello"), system: [{ text: "Be brief." }],
        inferenceConfig: { maxTokens: 50, temperature: 0.2, topP: 0.9, stopSequences: ["###"] },
      }));
      assert.equal(out.output?.message?.role, "assistant");
      assert.equal(out.output?.message?.content?.[0]?.text, "Hello there.");
      assert.equal(out.stopReason, "end_turn");
      assert.equal(out.usage!.totalTokens, out.usage!.inputTokens! + out.usage!.outputTokens!);
      assert.ok(out.$metadata.requestId);
      const sent = e2e.openai.requests.at(-1)!.body as Record<string, unknown>;
      assert.equal(sent["max_tokens"], 50);
      assert.deepEqual(sent["stop"], ["###"]);
      assert.equal(e2e.openai.requests.at(-1)!.headers["authorization"], "Bearer sk-loopback-openai", "the provider key is added server-side");
    });
  }

  it("Converse accepts a foundation-model ARN as the model id", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({ modelId: `arn:aws:bedrock:eu-west-2::foundation-model/${MODELS.claude}`, messages: user("hi") }));
    assert.equal(out.output?.message?.content?.[0]?.text, "Hello there.");
  });

  it("ConverseStream delivers the event sequence", async () => {
    const out = await e2e.runtime().send(new ConverseStreamCommand({ modelId: MODELS.claude, messages: user("Say hello") }));
    const events = await collect(out.stream);
    assert.ok(events[0]?.messageStart);
    const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? "").join("");
    assert.equal(text, "Hello there.");
    assert.equal(events.find((e) => e.messageStop)?.messageStop?.stopReason, "end_turn");
    assert.ok(events.at(-1)?.metadata?.usage?.outputTokens);
  });

  it("tool use round-trips: toolConfig out, toolUse back, streamed tool input", async () => {
    const toolConfig = { tools: [{ toolSpec: { name: "get_weather", description: "weather", inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } } } }] };
    const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.tools, messages: user("Weather in Leeds?"), toolConfig }));
    assert.equal(out.stopReason, "tool_use");
    const use = out.output?.message?.content?.find((b) => b.toolUse)?.toolUse;
    assert.equal(use?.name, "get_weather");
    const next = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.llama, toolConfig,
      messages: [...user("Weather in Leeds?"), out.output!.message!, { role: "user", content: [{ toolResult: { toolUseId: use!.toolUseId!, content: [{ json: { temp: 11 } }] } }] }],
    }));
    assert.equal(next.stopReason, "end_turn");
    const stream = await e2e.runtime().send(new ConverseStreamCommand({ modelId: MODELS.tools, messages: user("Weather in Leeds?"), toolConfig }));
    const events = await collect(stream.stream);
    assert.equal(events.find((e) => e.contentBlockStart)?.contentBlockStart?.start?.toolUse?.name, "get_weather");
    const input = events.map((e) => e.contentBlockDelta?.delta?.toolUse?.input ?? "").join("");
    assert.equal(typeof JSON.parse(input), "object");
  });

  it("InvokeModel speaks each family's native body", async () => {
    const client = e2e.runtime();
    const claude = parse((await client.send(new InvokeModelCommand({ modelId: MODELS.claude, contentType: "application/json", accept: "application/json",
      body: json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }) }))).body);
    assert.deepEqual((claude["content"] as unknown[])[0], { type: "text", text: "Hello there." });
    const llama = parse((await client.send(new InvokeModelCommand({ modelId: MODELS.llama, body: json({ prompt: "hi", max_gen_len: 64 }) }))).body);
    assert.equal(llama["generation"], "Hello there.");
    const mistral = parse((await client.send(new InvokeModelCommand({ modelId: MODELS.mistral, body: json({ prompt: "<s>[INST] hi [/INST]", max_tokens: 64 }) }))).body);
    assert.equal((mistral["outputs"] as Array<{ text: string }>)[0]!.text, "Hello there.");
    const titan = parse((await client.send(new InvokeModelCommand({ modelId: MODELS.titanText, body: json({ inputText: "hi", textGenerationConfig: { maxTokenCount: 64 } }) }))).body);
    assert.equal((titan["results"] as Array<{ outputText: string }>)[0]!.outputText, "Hello there.");
    const embed = await client.send(new InvokeModelCommand({ modelId: MODELS.titanEmbed, body: json({ inputText: "hello", dimensions: 256, normalize: true }) }));
    const vector = parse(embed.body)["embedding"] as number[];
    assert.equal(vector.length, 256);
    assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-6, "normalised");
    const cohere = parse((await client.send(new InvokeModelCommand({ modelId: MODELS.cohereEmbed, body: json({ texts: ["a", "b"], input_type: "search_document" }) }))).body);
    assert.equal((cohere["embeddings"] as unknown[]).length, 2);
  });

  it("InvokeModelWithResponseStream streams native chunks", async () => {
    const out = await e2e.runtime().send(new InvokeModelWithResponseStreamCommand({ modelId: MODELS.llama, body: json({ prompt: "hi" }) }));
    const chunks: Array<Record<string, unknown>> = [];
    for await (const e of out.body!) chunks.push(parse(e.chunk?.bytes));
    assert.equal(chunks.map((c) => c["generation"] ?? "").join(""), "Hello there.");
    assert.ok(chunks.at(-1)!["amazon-bedrock-invocationMetrics"]);
  });

  it("CountTokens counts for both input forms", async () => {
    const a = await e2e.runtime().send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: user("count these words please") } } }));
    assert.ok(a.inputTokens! > 0);
    const b = await e2e.runtime().send(new CountTokensCommand({ modelId: MODELS.claude, input: { invokeModel: { body: json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: "count these words please" }] }) } } }));
    assert.ok(b.inputTokens! > 0);
  });

  const refusals: Array<[string, () => unknown, string, RegExp]> = [
    ["unknown model", () => new ConverseCommand({ modelId: "meta.nope-v1:0", messages: user("x") }), "ResourceNotFoundException", /not found/],
    ["temperature out of range", () => new ConverseCommand({ modelId: MODELS.llama, messages: user("x"), inferenceConfig: { temperature: 1.5 } }), "ValidationException", /inferenceConfig\.temperature/],
    ["image to a text-only model", () => new ConverseCommand({ modelId: MODELS.llama, messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]) } } }] }] }), "ValidationException", /image/],
    ["a guardrail that does not exist", () => new ConverseCommand({ modelId: MODELS.llama, messages: user("x"), guardrailConfig: { guardrailIdentifier: "abc123", guardrailVersion: "1" } }), "ResourceNotFoundException", /guardrail/],
    ["chat with an embedding model", () => new ConverseCommand({ modelId: MODELS.titanEmbed, messages: user("x") }), "ValidationException", /does not support chat/],
    ["upstream throttling", () => new ConverseCommand({ modelId: MODELS.throttled, messages: user("x") }), "ThrottlingException", /./],
    ["upstream failure", () => new ConverseCommand({ modelId: MODELS.failing, messages: user("x") }), "ModelErrorException", /./],
    ["malformed native body", () => new InvokeModelCommand({ modelId: MODELS.llama, body: new TextEncoder().encode("{not json") }), "ValidationException", /body/],
  ];
  for (const [name, command, errorName, message] of refusals) {
    it(`refuses ${name} with ${errorName}`, async () => {
      await assert.rejects(e2e.runtime().send(command() as ConverseCommand), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, errorName);
        assert.match(e.message, message);
        assert.doesNotMatch(e.message, /upstream-secret-detail|at .*\.js/);
        return true;
      });
    });
  }

  it("a slow upstream becomes ModelTimeoutException", async () => {
    await assert.rejects(e2e.runtime().send(new ConverseCommand({ modelId: MODELS.hang, messages: user("x") })), { name: "ModelTimeoutException" });
  });

  it("refuses a wrong secret and an unknown key", async () => {
    const { accessKeyId } = e2e.server.credentials;
    await assert.rejects(e2e.runtime({ credentials: { accessKeyId, secretAccessKey: "x".repeat(40) } }).send(new ConverseCommand({ modelId: MODELS.llama, messages: user("x") })), { name: "InvalidSignatureException" });
    await assert.rejects(e2e.runtime({ credentials: { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "x".repeat(40) } }).send(new ConverseCommand({ modelId: MODELS.llama, messages: user("x") })), { name: "UnrecognizedClientException" });
  });

  it("the control plane lists and describes foundation models", async () => {
    const list = await e2e.control().send(new ListFoundationModelsCommand({}));
    assert.equal(list.modelSummaries?.length, 11);
    const meta = await e2e.control().send(new ListFoundationModelsCommand({ byProvider: "meta" }));
    assert.ok(meta.modelSummaries!.every((m) => m.providerName === "Meta"));
    const embeddings = await e2e.control().send(new ListFoundationModelsCommand({ byOutputModality: "EMBEDDING" }));
    assert.deepEqual(embeddings.modelSummaries!.map((m) => m.modelId).sort(), [MODELS.titanEmbed, MODELS.cohereEmbed].sort());
    const one = await e2e.control().send(new GetFoundationModelCommand({ modelIdentifier: MODELS.llama }));
    assert.equal(one.modelDetails?.modelArn, `arn:aws:bedrock:eu-west-2::foundation-model/${MODELS.llama}`);
    assert.equal(one.modelDetails?.responseStreamingSupported, true);
    await assert.rejects(e2e.control().send(new GetFoundationModelCommand({ modelIdentifier: "meta.nope-v1:0" })), { name: "ResourceNotFoundException" });
  });
});
