import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chatModelParams, modelToEncodingMap } from "gpt-tokenizer/mapping";
import { encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import { isFault } from "../../kernel/index.js";
import { cannotCountTokens, countChatTokens, openAiEncodingFor, slices, textCounter } from "./index.js";
import type { ChatToCount, OpenAiEncoding } from "./index.js";

const never = new AbortController().signal;

describe("which OpenAI encoding an upstream model name calls for", () => {
  const cases: [string, OpenAiEncoding | undefined][] = [
    ["gpt-4o", "o200k_base"], ["gpt-4o-mini", "o200k_base"], ["gpt-4o-2024-08-06", "o200k_base"],
    ["gpt-4.1", "o200k_base"], ["gpt-4.1-nano-2025-04-14", "o200k_base"], ["gpt-4.5-preview", "o200k_base"],
    ["gpt-5", "o200k_base"], ["gpt-5-mini", "o200k_base"], ["gpt-5.1-codex", "o200k_base"], ["chatgpt-4o-latest", "o200k_base"],
    ["o1", "o200k_base"], ["o1-mini", "o200k_base"], ["o3-pro", "o200k_base"], ["o4-mini-2025-04-16", "o200k_base"],
    ["gpt-4", "cl100k_base"], ["gpt-4-turbo", "cl100k_base"], ["gpt-4-0613", "cl100k_base"], ["gpt-4-32k", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"], ["gpt-3.5-turbo-0125", "cl100k_base"], ["gpt-35-turbo", "cl100k_base"],
    // Routers put the vendor first; case is not significant in OpenAI's names.
    ["openai/gpt-4o", "o200k_base"], ["GPT-4o", "o200k_base"],
    // Open-weight models behind OpenAI-compatible servers: no tokenizer here.
    ["gpt-oss-20b", undefined], ["gpt-oss:120b", undefined], ["openai/gpt-oss-120b", undefined],
    ["llama3.1:8b", undefined], ["meta-llama/Llama-3.1-8B-Instruct", undefined], ["mistral-small", undefined],
    ["Qwen/Qwen2.5-7B-Instruct", undefined], ["EleutherAI/gpt-j-6b", undefined], ["gpt-j-6b", undefined],
    ["gpt-neox-20b", undefined], ["gpt2", undefined], ["ollama", undefined], ["o", undefined], ["omni-moderation-latest", undefined],
    ["chat-model", undefined], ["", undefined],
  ];
  for (const [name, encoding] of cases) {
    it(`${JSON.stringify(name)} -> ${encoding ?? "none"}`, () => assert.equal(openAiEncodingFor(name), encoding));
  }

  it("agrees with gpt-tokenizer's own model map for every chat model it recognises", () => {
    let recognised = 0;
    for (const name of Object.keys(chatModelParams)) {
      const ours = openAiEncodingFor(name);
      if (ours === undefined) continue;
      recognised += 1;
      // The library's map lists the older models; every newer one is o200k_base.
      const theirs = (modelToEncodingMap as Record<string, string>)[name] ?? "o200k_base";
      assert.equal(ours, theirs, name);
    }
    assert.ok(recognised > 80, `${recognised} models recognised`);
  });
});

describe("text counts match the published encodings", () => {
  // From OpenAI's cookbook (How to count tokens with tiktoken) and tiktoken's own tests.
  const cases: [string, number, number][] = [
    ["hello world", 2, 2],
    ["tiktoken is great!", 6, 6],
    ["antidisestablishmentarianism", 6, 6],
    ["お誕生日おめでとう", 9, 8],
    ["", 0, 0],
  ];
  for (const [text, cl100k, o200k] of cases) {
    it(`${JSON.stringify(text)}: cl100k_base ${cl100k}, o200k_base ${o200k}`, async () => {
      assert.equal((await textCounter("cl100k_base"))(text), cl100k);
      assert.equal((await textCounter("o200k_base"))(text), o200k);
    });
  }

  it("a special-token spelling in customer text is counted as text, not refused", async () => {
    const count = await textCounter("o200k_base");
    assert.equal(count("<|endoftext|>"), 7);
    assert.equal(count("a <|im_start|> b") > 3, true);
  });
});

describe("chat prompt counts", () => {
  const user = (content: string) => ({ role: "user", content });
  // The counts of gpt-tokenizer's function-calling fixtures (first measured against the API by
  // openai-chat-tokens), which the library checks with gpt-4o's encoding.
  const cases: [string, ChatToCount, number][] = [
    ["one user message", { messages: [user("hello")] }, 8],
    ["one user message of two tokens", { messages: [user("hello world")] }, 9],
    ["system, user and assistant", { messages: [{ role: "system", content: "# Important: you're the best robot" }, user("hello robot"), { role: "assistant", content: "hello world" }] }, 26],
    ["a tool with no parameters", { messages: [user("hello")], tools: [{ function: { name: "foo", parameters: { type: "object", properties: {} } } }] }, 31],
    ["a tool with no parameters, tool_choice none", { messages: [user("hello")], tools: [{ function: { name: "foo", parameters: { type: "object", properties: {} } } }], tool_choice: "none" }, 32],
  ];
  for (const [name, chat, expected] of cases) {
    it(`${name}: ${expected}`, async () => assert.equal(await countChatTokens(chat, await textCounter("o200k_base"), never), expected));
  }

  it("without tools, agrees with gpt-tokenizer's chat encoding for gpt-4o", async () => {
    const messages = [{ role: "system", content: "Be terse." }, user("What is the capital of France?"), { role: "assistant", content: "Paris." }, user("And of Peru?")];
    assert.equal(await countChatTokens({ messages }, await textCounter("o200k_base"), never), encodeChat(messages, "gpt-4o").length);
  });

  it("text parts of one message count as their joined text", async () => {
    const count = await textCounter("o200k_base");
    const parts = await countChatTokens({ messages: [{ role: "user", content: [{ type: "text", text: "hello" }, { type: "text", text: "world" }] }] }, count, never);
    assert.equal(parts, await countChatTokens({ messages: [user("hello\nworld")] }, count, never));
  });

  it("tool calls and tool results count: more calls, more tokens", async () => {
    const count = await textCounter("o200k_base");
    const call = (id: string) => ({ id, type: "function", function: { name: "get_weather", arguments: '{"city":"Leeds"}' } });
    const one = await countChatTokens({ messages: [user("x"), { role: "assistant", content: null, tool_calls: [call("a")] }, { role: "tool", content: "11C" }] }, count, never);
    const two = await countChatTokens({ messages: [user("x"), { role: "assistant", content: null, tool_calls: [call("a"), call("b")] }, { role: "tool", content: "11C" }] }, count, never);
    assert.ok(one > await countChatTokens({ messages: [user("x")] }, count, never));
    assert.equal(two - one, count("get_weather") + count('{"city":"Leeds"}') + 3);
  });

  it("a richer tool schema costs more, and a hostile schema is rendered rather than crashing", async () => {
    const count = await textCounter("o200k_base");
    const tool = (parameters: unknown) => countChatTokens({ messages: [user("x")], tools: [{ function: { name: "f", description: "Finds things.", parameters } }] }, count, never);
    const bare = await tool({ type: "object", properties: {} });
    const rich = await tool({ type: "object", required: ["q"], properties: { q: { type: "string", description: "query" }, n: { type: ["integer", "null"], enum: [1, 2] }, tags: { type: "array", items: { type: "string" } } } });
    assert.ok(rich > bare);
    let deep: unknown = { type: "string" };
    for (let i = 0; i < 10_000; i += 1) deep = { type: "object", properties: { a: deep } };
    const hostile = [null, 7, "schema", [], { type: 5 }, { type: "object", properties: { a: null, b: [1], c: { type: "weird" } }, required: [1] }, deep];
    for (const [i, schema] of hostile.entries()) assert.ok(Number.isInteger(await tool(schema)), `schema ${i}`);
  });

  it("an image part is refused naming where it is, never undercounted", async () => {
    const count = await textCounter("o200k_base");
    await assert.rejects(
      countChatTokens({ messages: [{ role: "user", content: [{ type: "text", text: "what?" }, { type: "image_url" }] }] }, count, never),
      (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === "messages.0.content.1",
    );
  });
});

it("the refusal is a validation fault about modelId that names what is missing", () => {
  const f = cannotCountTokens();
  assert.equal(f.kind, "validation");
  assert.equal(f.detail.field, "modelId");
  assert.match(f.message, /CountTokens is not available .*no token-count endpoint.*no tokenizer for its family/);
});

describe("slices: bounded work, and exact wherever the text has spaces", () => {
  const prose = "The quick brown fox, it's said, jumps over 12345 lazy dogs!  Twice.\n\tThen: rest… 🦊 ok ".repeat(400);
  for (const encoding of ["o200k_base", "cl100k_base"] as const) {
    it(`${encoding}: prose counted slice by slice sums to its count as one text`, async () => {
      const count = await textCounter(encoding);
      const parts = [...slices(prose)];
      assert.ok(parts.length > 10 && parts.every((p) => p.length <= 512));
      assert.equal(parts.join(""), prose);
      assert.equal(parts.reduce((sum, p) => sum + count(p), 0), count(prose));
    });
  }

  it("a long run with no space is cut at the limit, without splitting a surrogate pair, and counted closely", async () => {
    const count = await textCounter("o200k_base");
    const fox = "🦊".repeat(1000);
    const parts = [...slices(fox, 511)];
    assert.equal(parts.join(""), fox);
    assert.ok(parts.every((p) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p)), "no half pair at either end");
    const japanese = "お誕生日おめでとう".repeat(300);
    const sliced = [...slices(japanese)].reduce((sum, p) => sum + count(p), 0);
    assert.ok(sliced >= count(japanese) && sliced <= count(japanese) + 2 * Math.ceil(japanese.length / 512), `${sliced} vs ${count(japanese)}`);
  });

  it("a megabyte of one letter is counted in moments, not the minutes one piece would take", async () => {
    const started = performance.now();
    const n = await countChatTokens({ messages: [{ role: "user", content: "a".repeat(1_000_000) }] }, await textCounter("o200k_base"), never);
    assert.ok(n > 1000 && n < 1_000_000, String(n));
    assert.ok(performance.now() - started < 30_000);
  });

  it("an aborted signal stops a large count", async () => {
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await assert.rejects(countChatTokens({ messages: [{ role: "user", content: "word ".repeat(100_000) }] }, await textCounter("o200k_base"), controller.signal), /deadline/);
  });
});
