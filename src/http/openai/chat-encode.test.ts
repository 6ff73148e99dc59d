import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../kernel/index.js";
import type { ConverseResult, StreamEvent } from "../../kernel/index.js";
import { sseData } from "../sse.js";
import { ChatChunks, encodeChatCompletion } from "./chat-encode.js";

/** Converse results and stream events -> Chat Completions JSON and server-sent events, as literal payloads. */
const who = { id: "chatcmpl-req1", created: 1_700_000_000, model: "meta.llama3-1-8b-instruct-v1:0" };
const usage = { inputTokens: 10, outputTokens: 3, totalTokens: 18, cacheReadInputTokens: 5 };

describe("ConverseResult -> chat.completion", () => {
  it("text, reasoning and usage (cached tokens counted inside prompt_tokens, as OpenAI counts them)", () => {
    const result: ConverseResult = {
      message: sensitive({ role: "assistant", content: [{ type: "reasoning", text: "think", signature: "sig" }, { type: "text", text: "Hello" }, { type: "text", text: " there." }] }),
      stopReason: "end_turn", usage,
    };
    assert.deepEqual(encodeChatCompletion(result, who), {
      id: "chatcmpl-req1", object: "chat.completion", created: 1_700_000_000, model: "meta.llama3-1-8b-instruct-v1:0",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello there.", refusal: null, reasoning_content: "think" }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 15, completion_tokens: 3, total_tokens: 18, prompt_tokens_details: { cached_tokens: 5 } },
    });
  });

  it("tool calls: content null, arguments as JSON text, finish_reason tool_calls", () => {
    const result: ConverseResult = {
      message: sensitive({ role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } }] }),
      stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, serviceTier: "flex",
    };
    const out = encodeChatCompletion(result, who) as { choices: unknown[]; service_tier: string };
    assert.deepEqual(out.choices, [{
      index: 0, logprobs: null, finish_reason: "tool_calls",
      message: { role: "assistant", content: null, refusal: null, tool_calls: [{ id: "t1", type: "function", function: { name: "get_weather", arguments: '{"city":"Leeds"}' } }] },
    }]);
    assert.equal(out.service_tier, "flex");
  });

  for (const [stop, finish] of [["max_tokens", "length"], ["stop_sequence", "stop"], ["guardrail_intervened", "content_filter"], ["content_filtered", "content_filter"]] as const) {
    it(`${stop} is finish_reason ${finish}`, () => {
      const out = encodeChatCompletion({ message: sensitive({ role: "assistant", content: [] }), stopReason: stop, usage }, who) as { choices: { finish_reason: string }[] };
      assert.equal(out.choices[0]!.finish_reason, finish);
    });
  }
});

describe("Converse stream events -> chat.completion.chunk events", () => {
  const events: StreamEvent[] = [
    { type: "messageStart", role: "assistant" },
    { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hi" }) },
    { type: "contentBlockStop", index: 0 },
    { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t1", name: "f" } },
    { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: '{"a":' }) },
    { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: "1}" }) },
    { type: "contentBlockStop", index: 1 },
    { type: "messageStop", stopReason: "tool_use" },
    { type: "metadata", usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 } },
  ];
  const head = '"id":"chatcmpl-req1","object":"chat.completion.chunk","created":1700000000,"model":"meta.llama3-1-8b-instruct-v1:0"';
  const sse = (chunks: ChatChunks): string => events.flatMap((e) => { const c = chunks.next(e); return c === undefined ? [] : [new TextDecoder().decode(sseData(c))]; }).join("");

  it("with include_usage: usage null on each chunk, then a last chunk with no choices and the usage", () => {
    assert.equal(sse(new ChatChunks(who, true)), [
      `data: {${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`,
      `data: {${head},"choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`,
      `data: {${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`,
      `data: {${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"a\\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`,
      `data: {${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}\n\n`,
      `data: {${head},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}\n\n`,
      `data: {${head},"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6,"prompt_tokens_details":{"cached_tokens":0}}}\n\n`,
    ].join(""));
  });

  it("without include_usage: no usage member, no usage chunk", () => {
    const text = sse(new ChatChunks(who, false));
    assert.doesNotMatch(text, /usage/);
    assert.equal(text.split("\n\n").length - 1, 6);
  });

  it("tool calls are numbered in answer order, whatever their content block index", () => {
    const chunks = new ChatChunks(who, false);
    const calls = [
      chunks.next({ type: "contentBlockStart", index: 3, toolUse: { toolUseId: "a", name: "f" } }),
      chunks.next({ type: "contentBlockStart", index: 5, toolUse: { toolUseId: "b", name: "g" } }),
      chunks.next({ type: "contentBlockDelta", index: 5, delta: sensitive({ toolUseInput: "{}" }) }),
    ].map((c) => (c as { choices: { delta: { tool_calls: { index: number }[] } }[] }).choices[0]!.delta.tool_calls[0]!.index);
    assert.deepEqual(calls, [0, 1, 1]);
  });

  it("reasoning text streams as reasoning_content; a signature has no chunk", () => {
    const chunks = new ChatChunks(who, false);
    assert.deepEqual((chunks.next({ type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "hmm" }) }) as { choices: { delta: unknown }[] }).choices[0]!.delta, { reasoning_content: "hmm" });
    assert.equal(chunks.next({ type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningSignature: "s" }) }), undefined);
  });
});
