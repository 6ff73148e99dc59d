import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { BedrockRuntimeClient, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import { startAnthropicLoopback } from "../loopback/anthropic.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { countingProviders } from "./loopback-providers.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * CountTokens through the AWS SDK for each way plinth can count: the provider's own count
 * (Anthropic's endpoint; vLLM's /tokenize where the operator names it), a tokenizer of the
 * model's family (an OpenAI model behind the OpenAI API), and a clear refusal when neither exists
 * (a Llama served over the OpenAI API).
 */
const MODELS = {
  claude: "anthropic.claude-3-5-haiku-20241022-v1:0",
  titan: "amazon.titan-text-express-v1",
  gpt: "openai.gpt-4o-mini-v1:0",
  // A native Llama body for a model an OpenAI model serves: how a non-Anthropic family's
  // invokeModel input reaches a tokenizer.
  gptAsLlama: "meta.llama3-2-1b-instruct-v1:0",
  llama: "meta.llama3-1-8b-instruct-v1:0",
  // The same upstream model behind a provider that names vLLM's /tokenize.
  vllmLlama: "meta.llama3-1-70b-instruct-v1:0",
} as const;

const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));

describe("CountTokens for every model, through the AWS SDK", () => {
  let server: RunningServer;
  let openai: Loopback;
  let anthropic: Loopback;
  let client: BedrockRuntimeClient;

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    anthropic = await startAnthropicLoopback({ apiKey: "sk-ant-loopback" });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: countingProviders(openai, anthropic),
        models: [
          { modelId: MODELS.claude, provider: "claude", upstreamModel: "chat-model", providerName: "Anthropic" },
          { modelId: MODELS.titan, provider: "claude", upstreamModel: "chat-model", providerName: "Amazon" },
          { modelId: MODELS.gpt, provider: "openai-main", upstreamModel: "gpt-4o-mini", providerName: "OpenAI", inputModalities: ["TEXT", "IMAGE"] },
          { modelId: MODELS.gptAsLlama, provider: "openai-main", upstreamModel: "gpt-4o-mini", providerName: "Meta" },
          { modelId: MODELS.llama, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" },
          { modelId: MODELS.vllmLlama, provider: "vllm", upstreamModel: "chat-model", providerName: "Meta" },
        ],
      },
    });
    client = new BedrockRuntimeClient({
      endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
    });
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
    await openai?.close();
    await anthropic?.close();
  });

  const count = async (modelId: string, input: CountTokensCommand["input"]["input"]) =>
    (await client.send(new CountTokensCommand({ modelId, input }))).inputTokens!;

  it("an Anthropic model: the provider's own count, for both input forms and any native family it serves", async () => {
    const before = anthropic.requests.length;
    assert.ok(await count(MODELS.claude, { converse: { messages: user("count these words please") } }) > 0);
    assert.ok(await count(MODELS.claude, { invokeModel: { body: json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: "count these words please" }] }) } }) > 0);
    assert.ok(await count(MODELS.titan, { invokeModel: { body: json({ inputText: "count these words please" }) } }) > 0);
    assert.equal(anthropic.requests.length - before, 3);
    assert.ok(anthropic.requests.slice(before).every((r) => r.path === "/v1/messages/count_tokens"));
  });

  it("an OpenAI model: its own encoding and chat framing, counted by plinth without an upstream call", async () => {
    const before = openai.requests.length;
    const n = await count(MODELS.gpt, { converse: { system: [{ text: "Be terse." }], messages: user("What is the capital of France?") } });
    assert.equal(n, encodeChat([{ role: "system", content: "Be terse." }, { role: "user", content: "What is the capital of France?" }], "gpt-4o-mini").length);
    const toolConfig = { tools: [{ toolSpec: { name: "get_weather", description: "Weather for a city.", inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } } } }] };
    const withTools = await count(MODELS.gpt, { converse: { system: [{ text: "Be terse." }], messages: user("What is the capital of France?"), toolConfig } });
    assert.ok(withTools > n, `${withTools} > ${n}`);
    assert.equal(openai.requests.length, before);
  });

  it("a native body of another family counts what it holds, alike with the Converse form", async () => {
    const native = await count(MODELS.gptAsLlama, { invokeModel: { body: json({ prompt: "What is the capital of France?", max_gen_len: 64 }) } });
    const converse = await count(MODELS.gptAsLlama, { converse: { messages: user("What is the capital of France?") } });
    assert.equal(native, converse);
  });

  it("a Llama behind vLLM: the server's own count through /tokenize, for both input forms", async () => {
    const before = openai.requests.length;
    const converse = await count(MODELS.vllmLlama, { converse: { messages: user("What is the capital of France?") } });
    const native = await count(MODELS.vllmLlama, { invokeModel: { body: json({ prompt: "What is the capital of France?" }) } });
    assert.ok(converse > 0);
    assert.equal(native, converse);
    assert.deepEqual(openai.requests.slice(before).map((r) => r.path), ["/tokenize", "/tokenize"]);
  });

  const refusals: [string, string, CountTokensCommand["input"]["input"], RegExp][] = [
    ["a model whose provider has no count and plinth no tokenizer (Converse)", MODELS.llama, { converse: { messages: user("hi") } }, /^CountTokens is not available for this model: its provider has no token-count endpoint for it and plinth has no tokenizer for its family$/],
    ["the same, as a native body", MODELS.llama, { invokeModel: { body: json({ prompt: "hi" }) } }, /^CountTokens is not available for this model/],
    ["an image to a tokenizer-counted model", MODELS.gpt, { converse: { messages: [{ role: "user", content: [{ text: "what?" }, { image: { format: "png", source: { bytes: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]) } } }] }] } }, /messages\.0\.content\.1\.image/],
  ];
  for (const [name, modelId, input, message] of refusals) {
    it(`refuses ${name} with a ValidationException`, async () => {
      await assert.rejects(client.send(new CountTokensCommand({ modelId, input })), (e: Error) => {
        assert.equal(e.name, "ValidationException");
        assert.match(e.message, message);
        return true;
      });
    });
  }
});
