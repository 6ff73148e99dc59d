import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../kernel/index.js";
import { decodeResponsesRequest } from "./responses-decode.js";
import { encodeResponse } from "./responses-encode.js";

/** OpenAI Responses bodies -> ConverseCommand, and ConverseResult -> a Response object. */
describe("OpenAI responses request -> ConverseCommand", () => {
  it("a string input with instructions", () => {
    const c = decodeResponsesRequest({ model: "m", instructions: "Be brief.", input: "hi", max_output_tokens: 50, reasoning: { effort: "high" }, store: false });
    assert.deepEqual(c.conversation.reveal(), { system: [{ type: "text", text: "Be brief." }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    assert.deepEqual(c.inference, { maxTokens: 50, reasoning: { effort: "high" } });
    assert.equal(c.retentionRequested, undefined);
    assert.equal(c.stream, false);
  });

  it("stream: true asks for the answer as events", () => {
    assert.equal(decodeResponsesRequest({ model: "m", input: "x", stream: true }).stream, true);
  });

  it("stream_options.include_obfuscation is accepted either way; any other stream option is refused by name", () => {
    for (const include_obfuscation of [true, false]) {
      assert.equal(decodeResponsesRequest({ model: "m", input: "x", stream: true, stream_options: { include_obfuscation } }).stream, true);
    }
    assert.throws(() => decodeResponsesRequest({ model: "m", input: "x", stream: true, stream_options: { include_usage: true } }),
      (e: unknown) => isFault(e) && /stream_options/.test(e.message));
  });

  it("items: messages, a function call and its output; function tools; a json_schema text format", () => {
    const c = decodeResponsesRequest({
      model: "m",
      input: [
        { role: "developer", content: "Rules" },
        { role: "user", content: [{ type: "input_text", text: "weather?" }] },
        { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"city":"Leeds"}' },
        { type: "function_call_output", call_id: "c1", output: "rain" },
      ],
      tools: [{ type: "function", name: "get_weather", parameters: { type: "object" }, strict: true }],
      tool_choice: { type: "function", name: "get_weather" },
      text: { format: { type: "json_schema", name: "w", schema: { type: "object" }, strict: true } },
    });
    assert.deepEqual(c.conversation.reveal(), {
      system: [{ type: "text", text: "Rules" }],
      messages: [
        { role: "user", content: [{ type: "text", text: "weather?" }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "c1", name: "get_weather", input: { city: "Leeds" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "c1", content: [{ type: "text", text: "rain" }] }] },
      ],
      tools: { tools: [{ name: "get_weather", inputSchema: { type: "object" }, strict: true }], toolChoice: { type: "tool", name: "get_weather" } },
      outputFormat: { type: "json_schema", name: "w", schema: { type: "object" } },
    });
  });

  it("store and background ask the service to retain (the admission decides)", () => {
    assert.equal(decodeResponsesRequest({ model: "m", input: "x", store: true }).retentionRequested, "store");
    assert.equal(decodeResponsesRequest({ model: "m", input: "x", background: true, store: true }).retentionRequested, "background");
  });

  const refusals: [string, unknown, string][] = [
    ["a previous response (nothing is kept)", { model: "m", input: "x", previous_response_id: "resp_1" }, "previous_response_id"],
    ["a built-in tool", { model: "m", input: "x", tools: [{ type: "web_search" }] }, "tools.0.type"],
    ["a reasoning item", { model: "m", input: [{ type: "reasoning", summary: [] }] }, "input.0.type"],
    ["a file part", { model: "m", input: [{ role: "user", content: [{ type: "input_file", file_id: "f" }] }] }, "input.0.content.0.type"],
  ];
  for (const [title, body, param] of refusals) {
    it(`refuses ${title}, naming ${param}`, () => {
      assert.throws(() => decodeResponsesRequest(body), (e: unknown) => isFault(e) && e.detail.field === param);
    });
  }
});

describe("ConverseResult -> Response", () => {
  it("output items in answer order, usage in the Responses names", () => {
    const out = encodeResponse({
      message: sensitive({ role: "assistant", content: [{ type: "text", text: "Let me look." }, { type: "toolUse", toolUseId: "t1", name: "f", input: { a: 1 } }] }),
      stopReason: "tool_use", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    }, { id: "resp_req1", created: 1_700_000_000, model: "m" });
    assert.deepEqual(out, {
      id: "resp_req1", object: "response", created_at: 1_700_000_000, model: "m", status: "completed", incomplete_details: null,
      error: null, store: false, background: false, previous_response_id: null,
      output: [
        { type: "message", id: "msg_resp_req1_0", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Let me look.", annotations: [], logprobs: [] }] },
        { type: "function_call", id: "fc_t1", call_id: "t1", name: "f", arguments: '{"a":1}', status: "completed" },
      ],
      usage: { input_tokens: 3, input_tokens_details: { cached_tokens: 0 }, output_tokens: 2, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 5 },
    });
  });

  it("cut short by the token limit: incomplete, reason max_output_tokens", () => {
    const out = encodeResponse({ message: sensitive({ role: "assistant", content: [{ type: "text", text: "Hel" }] }), stopReason: "max_tokens", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }, { id: "r", created: 0, model: "m" });
    assert.deepEqual([out["status"], out["incomplete_details"]], ["incomplete", { reason: "max_output_tokens" }]);
  });
});
