import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { decodeChatRequest } from "./chat-decode.js";

/** Chat Completions bodies as the openai SDK and the AI SDK send them -> the command Converse would make. */
const PNG = "iVBORw0KGgo=";
const weather = { type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };

describe("OpenAI chat request -> ConverseCommand", () => {
  const cases: [string, unknown, unknown][] = [
    ["a system prompt and a question", { model: "m", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "hi" }] },
      { system: [{ type: "text", text: "Be brief." }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }],
    ["developer messages join the system prompt; text parts; an image data URL", {
      model: "m", messages: [{ role: "developer", content: [{ type: "text", text: "Rules" }] }, { role: "user", content: [{ type: "text", text: "what?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}`, detail: "auto" } }] }],
    }, { system: [{ type: "text", text: "Rules" }], messages: [{ role: "user", content: [{ type: "text", text: "what?" }, { type: "image", format: "png", bytes: new Uint8Array(Buffer.from(PNG, "base64")) }] }] }],
    ["a tool call, its results and the next question become alternating turns", {
      model: "m", tools: [weather], tool_choice: "required",
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Leeds"}' } }, { id: "c2", type: "function", function: { name: "get_weather", arguments: "" } }] },
        { role: "tool", tool_call_id: "c1", content: "rain" },
        { role: "tool", tool_call_id: "c2", content: [{ type: "text", text: "sun" }] },
        { role: "user", content: "thanks" },
      ],
    }, {
      system: [],
      messages: [
        { role: "user", content: [{ type: "text", text: "weather?" }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "c1", name: "get_weather", input: { city: "Leeds" } }, { type: "toolUse", toolUseId: "c2", name: "get_weather", input: {} }] },
        { role: "user", content: [
          { type: "toolResult", toolUseId: "c1", content: [{ type: "text", text: "rain" }] },
          { type: "toolResult", toolUseId: "c2", content: [{ type: "text", text: "sun" }] },
          { type: "text", text: "thanks" },
        ] },
      ],
      tools: { tools: [{ name: "get_weather", description: "Weather", inputSchema: { type: "object", properties: { city: { type: "string" } } } }], toolChoice: { type: "any" } },
    }],
    ["response_format json_schema and a stop string", {
      model: "m", messages: [{ role: "user", content: "x" }], stop: "END",
      response_format: { type: "json_schema", json_schema: { name: "city", strict: true, schema: { type: "object" } } },
    }, { system: [], messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], stopSequences: ["END"], outputFormat: { type: "json_schema", name: "city", schema: { type: "object" } } }],
    ["json_object is the schema of any object; tool_choice none without tool history sends no tools", {
      model: "m", messages: [{ role: "user", content: "x" }], response_format: { type: "json_object" }, tools: [weather], tool_choice: "none",
    }, { system: [], messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], outputFormat: { type: "json_schema", schema: { type: "object" } } }],
  ];
  for (const [title, body, conversation] of cases) {
    it(title, () => assert.deepEqual(decodeChatRequest(body).conversation.reveal(), conversation));
  }

  it("settings: max_completion_tokens, temperature, top_p, reasoning_effort, service_tier; stream with usage", () => {
    const c = decodeChatRequest({
      model: "us.meta.llama3-1-8b-instruct-v1:0", messages: [{ role: "user", content: "x" }], max_completion_tokens: 100, temperature: 0.5, top_p: 0.9,
      reasoning_effort: "low", service_tier: "flex", stream: true, stream_options: { include_usage: true },
      // Sent by popular clients at their defaults: accepted.
      n: 1, presence_penalty: 0, frequency_penalty: 0, logprobs: false, user: "u-1", parallel_tool_calls: true, store: false, seed: null,
    });
    assert.equal(c.modelId, "us.meta.llama3-1-8b-instruct-v1:0");
    assert.deepEqual(c.inference, { maxTokens: 100, temperature: 0.5, topP: 0.9, reasoning: { effort: "low" }, serviceTier: "flex" });
    assert.deepEqual([c.stream, c.includeUsage, c.retentionRequested], [true, true, undefined]);
  });

  it("max_tokens is the older name; reasoning_effort none and service_tier auto ask for nothing; store true asks to retain", () => {
    const c = decodeChatRequest({ model: "m", messages: [{ role: "user", content: "x" }], max_tokens: 7, reasoning_effort: "none", service_tier: "auto", store: true });
    assert.deepEqual(c.inference, { maxTokens: 7 });
    assert.deepEqual([c.stream, c.includeUsage, c.retentionRequested], [false, false, "store"]);
  });

  const refusals: [string, unknown, string][] = [
    ["no model", { messages: [{ role: "user", content: "x" }] }, "model"],
    ["no messages", { model: "m" }, "messages"],
    ["only a system message", { model: "m", messages: [{ role: "system", content: "x" }] }, "messages"],
    ["an unknown member", { model: "m", messages: [{ role: "user", content: "x" }], frobnicate: 1 }, "frobnicate"],
    ["an inherited name as a member", JSON.parse('{"model":"m","messages":[{"role":"user","content":"x"}],"constructor":1}'), "constructor"],
    ["a member name that may be content, not echoed", { model: "m", messages: [{ role: "user", content: "x" }], "say hello to bob": 1 }, "*"],
    ["a seed (determinism cannot be promised)", { model: "m", messages: [{ role: "user", content: "x" }], seed: 1 }, "seed"],
    ["n above 1", { model: "m", messages: [{ role: "user", content: "x" }], n: 2 }, "n"],
    ["a presence penalty", { model: "m", messages: [{ role: "user", content: "x" }], presence_penalty: 0.5 }, "presence_penalty"],
    ["logprobs", { model: "m", messages: [{ role: "user", content: "x" }], logprobs: true }, "logprobs"],
    ["temperature above 1", { model: "m", messages: [{ role: "user", content: "x" }], temperature: 1.5 }, "temperature"],
    ["max tokens of 0", { model: "m", messages: [{ role: "user", content: "x" }], max_completion_tokens: 0 }, "max_completion_tokens"],
    ["two different token limits", { model: "m", messages: [{ role: "user", content: "x" }], max_completion_tokens: 5, max_tokens: 6 }, "max_tokens"],
    ["five stop sequences", { model: "m", messages: [{ role: "user", content: "x" }], stop: ["a", "b", "c", "d", "e"] }, "stop"],
    ["stream_options without stream", { model: "m", messages: [{ role: "user", content: "x" }], stream_options: { include_usage: true } }, "stream_options"],
    ["an unknown reasoning effort", { model: "m", messages: [{ role: "user", content: "x" }], reasoning_effort: "extreme" }, "reasoning_effort"],
    ["a remote image URL (never fetched)", { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "http://169.254.169.254/x.png" } }] }] }, "messages.0.content.0.image_url.url"],
    ["an image type Converse has no format for", { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/tiff;base64,AAAA" } }] }] }, "messages.0.content.0.image_url.url"],
    ["audio input", { model: "m", messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }] }, "messages.0.content.0.type"],
    ["an unknown role", { model: "m", messages: [{ role: "function", content: "x" }] }, "messages.0.role"],
    ["tool call arguments that are not JSON", { model: "m", tools: [weather], messages: [{ role: "user", content: "x" }, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: "{nope" } }] }] }, "messages.1.tool_calls.0.function.arguments"],
    ["tool call arguments nested deeper than any body may be", { model: "m", tools: [weather], messages: [{ role: "user", content: "x" }, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: `{"a":${"[".repeat(100)}${"]".repeat(100)}}` } }] }] }, "messages.1.tool_calls.0.function.arguments"],
    ["tool history without tools", { model: "m", messages: [{ role: "user", content: "x" }, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }] }] }, "tools"],
    ["a tool choice naming no tool", { model: "m", tools: [weather], tool_choice: { type: "function", function: { name: "other" } }, messages: [{ role: "user", content: "x" }] }, "tool_choice.function.name"],
    ["two tools of one name", { model: "m", tools: [weather, weather], messages: [{ role: "user", content: "x" }] }, "tools.1"],
    ["a tool name with spaces", { model: "m", tools: [{ type: "function", function: { name: "get weather" } }], messages: [{ role: "user", content: "x" }] }, "tools.0.function.name"],
    ["a custom tool", { model: "m", tools: [{ type: "custom", custom: { name: "x" } }], messages: [{ role: "user", content: "x" }] }, "tools.0.type"],
    ["parallel_tool_calls false (no model here can be held to it)", { model: "m", parallel_tool_calls: false, messages: [{ role: "user", content: "x" }] }, "parallel_tool_calls"],
    ["a json_schema without a name", { model: "m", response_format: { type: "json_schema", json_schema: { schema: {} } }, messages: [{ role: "user", content: "x" }] }, "response_format.json_schema.name"],
  ];
  for (const [title, body, param] of refusals) {
    it(`refuses ${title}, naming ${param}`, () => {
      assert.throws(() => decodeChatRequest(body), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === param);
    });
  }

  it("a refusal never quotes what the caller wrote", () => {
    const canary = "CANARY-7d1f";
    for (const body of [
      { model: "m", messages: [{ role: canary, content: canary }] },
      { model: "m", messages: [{ role: "user", content: [{ type: canary, text: canary }] }] },
      { model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: `data:image/${canary};base64,AAAA` } }] }] },
      { model: "m", messages: [{ role: "user", content: "x" }], reasoning_effort: canary },
    ]) {
      assert.throws(() => decodeChatRequest(body), (e: unknown) => isFault(e) && !e.message.includes(canary));
    }
  });
});
