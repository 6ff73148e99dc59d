import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import { sensitive } from "../../kernel/index.js";
import type { Conversation } from "../../kernel/index.js";
import { rejectsWith } from "../../../test/support/faults.js";
import { startOpenAiLoopback } from "../../../test/loopback/openai.js";
import type { Loopback } from "../../../test/loopback/openai.js";
import type { ModelProvider } from "../port.js";
import { createOpenAiProvider } from "./index.js";

const never = new AbortController().signal;
const chat = (c: Partial<Conversation>) => sensitive<Conversation>({ system: [], messages: [], ...c });

describe("openai adapter: countTokens", () => {
  let upstream: Loopback;
  let provider: ModelProvider;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "k" });
    provider = createOpenAiProvider({ id: "o", baseUrl: upstream.baseUrl, apiKey: sensitive("k"), timeoutMs: 5_000 });
  });
  after(async () => {
    await provider.close();
    await upstream.close();
  });

  it("counts an OpenAI model locally, as its chat format frames the request it would be sent", async () => {
    const conversation = chat({
      system: [{ type: "text", text: "Be terse." }, { type: "text", text: "Be kind." }],
      messages: [{ role: "user", content: [{ type: "text", text: "What is the capital of France?" }] }],
    });
    const counted = await provider.countTokens({ model: "gpt-4o-mini", conversation }, never);
    // The two system blocks travel as one system message, joined by a blank line.
    const expected = encodeChat([{ role: "system", content: "Be terse.\n\nBe kind." }, { role: "user", content: "What is the capital of France?" }], "gpt-4o").length;
    assert.equal(counted, expected);
    assert.equal(upstream.requests.length, 0, "nothing is sent upstream to count");
  });

  it("counts tools and tool traffic, and more of them costs more", async () => {
    const tools = { tools: [{ name: "get_weather", description: "Weather for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }] };
    const ask = { role: "user" as const, content: [{ type: "text" as const, text: "Weather in Leeds?" }] };
    const plain = await provider.countTokens({ model: "gpt-4.1", conversation: chat({ messages: [ask] }) }, never);
    const withTools = await provider.countTokens({ model: "gpt-4.1", conversation: chat({ messages: [ask], tools }) }, never);
    const roundTrip = await provider.countTokens({
      model: "gpt-4.1",
      conversation: chat({
        tools,
        messages: [
          ask,
          { role: "assistant", content: [{ type: "toolUse", toolUseId: "call_1", name: "get_weather", input: { city: "Leeds" } }] },
          { role: "user", content: [{ type: "toolResult", toolUseId: "call_1", content: [{ type: "json", json: { temp: 11 } }] }] },
        ],
      }),
    }, never);
    assert.ok(plain < withTools && withTools < roundTrip, `${plain} < ${withTools} < ${roundTrip}`);
  });

  it("gpt-4 and gpt-3.5 count with cl100k_base, the newer models with o200k_base", async () => {
    // The two encodings differ on this text (OpenAI's cookbook): 9 tokens and 8.
    const conversation = chat({ messages: [{ role: "user", content: [{ type: "text", text: "お誕生日おめでとう" }] }] });
    assert.equal(await provider.countTokens({ model: "gpt-4-turbo", conversation }, never), 9 + 7);
    assert.equal(await provider.countTokens({ model: "gpt-4o", conversation }, never), 8 + 7);
  });

  it("refuses a model of another family clearly, without asking the upstream", async () => {
    for (const model of ["chat-model", "llama3.1:8b", "Qwen/Qwen2.5-7B-Instruct", "gpt-oss:20b"]) {
      const f = await rejectsWith(provider.countTokens({ model, conversation: chat({ messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }) }, never), "validation");
      assert.match(f.message, /CountTokens is not available for this model/);
      assert.equal(f.detail.field, "modelId");
    }
    assert.equal(upstream.requests.length, 0);
  });

  it("refuses an image, naming it, rather than undercounting", async () => {
    const conversation = chat({ messages: [{ role: "user", content: [{ type: "text", text: "what?" }, { type: "image", format: "png", bytes: new Uint8Array([137, 80, 78, 71]) }] }] });
    const f = await rejectsWith(provider.countTokens({ model: "gpt-4o", conversation }, never), "validation");
    assert.equal(f.detail.field, "messages.0.content.1.image");
  });
});

describe("openai adapter: countTokens through a compatible server's own tokenize endpoint (vLLM)", () => {
  let upstream: Loopback;
  let provider: ModelProvider;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "k" });
    provider = createOpenAiProvider({ id: "v", baseUrl: upstream.baseUrl, apiKey: sensitive("k"), timeoutMs: 5_000, tokenizeEndpoint: "vllm" });
  });
  after(async () => {
    await provider.close();
    await upstream.close();
  });

  const ask = chat({ system: [{ type: "text", text: "Be terse." }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });

  it("asks the server, at its root beside /v1, with the chat it would be sent and the generation prompt", async () => {
    const n = await provider.countTokens({ model: "chat-model", conversation: ask }, never);
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.path, "/tokenize");
    assert.deepEqual(sent.body, { model: "chat-model", messages: [{ role: "system", content: "Be terse." }, { role: "user", content: "hi" }], add_generation_prompt: true });
    assert.equal(sent.headers["authorization"], "Bearer k");
    assert.ok(Number.isInteger(n) && n > 0);
  });

  it("sends the tools too, so their tokens count", async () => {
    const tools = { tools: [{ name: "get_weather", description: "Weather for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } }] };
    const plain = await provider.countTokens({ model: "chat-model", conversation: ask }, never);
    const withTools = await provider.countTokens({ model: "chat-model", conversation: chat({ ...ask.reveal(), tools }) }, never);
    assert.ok(withTools > plain);
    assert.equal((upstream.requests.at(-1)!.body as { tools: unknown[] }).tools.length, 1);
  });

  it("the server's count wins over plinth's tokenizer, even for an OpenAI model name", async () => {
    const before = upstream.requests.length;
    await rejectsWith(provider.countTokens({ model: "gpt-4o", conversation: ask }, never), "model-error");
    assert.equal(upstream.requests.length, before + 1, "the server was asked (and, not serving gpt-4o, refused)");
  });
});

