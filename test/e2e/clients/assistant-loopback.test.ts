import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SIGNATURE, THINKING } from "./assistant-answer.js";
import { CLIENT_MODEL, startAssistantLoopback } from "./assistant-loopback.js";
import type { Loopback } from "./assistant-loopback.js";
import { PDF_TEXT, tinyPdf } from "./pdf.fixture.js";
import { cacheSplit } from "./prompt-cache.js";

/**
 * The assistant loopback answers the clients' round trips as assistant-answer.ts promises and
 * refuses what the Messages API refuses, so the client tests fail for plinth's faults, not its.
 */
const KEY = "sk-ant-assistant-test";
const weather = { name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };
const user = (content: unknown) => [{ role: "user", content }];
const base = { model: CLIENT_MODEL, max_tokens: 2048 };

describe("the assistant loopback (Anthropic Messages API for the client tests)", () => {
  let loopback: Loopback;
  before(async () => { loopback = await startAssistantLoopback(KEY); });
  after(async () => { await loopback?.close(); });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${loopback.baseUrl}/v1/messages`, {
      method: "POST", body: JSON.stringify(body),
      headers: { "content-type": "application/json", "x-api-key": KEY, "anthropic-version": "2023-06-01", ...headers },
    });
    return { status: res.status, text: await res.text() };
  };
  const answered = async (body: unknown) => {
    const r = await post(body);
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as { content: Record<string, any>[]; stop_reason: string; stop_sequence: string | null };
  };

  const answers: Array<{ name: string; body: Record<string, unknown>; content: unknown[]; stop: string }> = [
    { name: "plain text", body: { messages: user("hi") }, content: [{ type: "text", text: "Hello there." }], stop: "end_turn" },
    { name: "Say:", body: { messages: user([{ type: "text", text: "Say: Hi." }]) }, content: [{ type: "text", text: "Hi." }], stop: "end_turn" },
    { name: "a stop sequence", body: { messages: user("Say: a b STOP c"), stop_sequences: ["STOP"] }, content: [{ type: "text", text: "a b " }], stop: "stop_sequence" },
    { name: "max_tokens", body: { messages: user("Say: one two three"), max_tokens: 2 }, content: [{ type: "text", text: "one two" }], stop: "max_tokens" },
    { name: "a PDF document", body: { messages: user([{ type: "text", text: "Read" }, { type: "document", source: { type: "base64", media_type: "application/pdf", data: Buffer.from(tinyPdf()).toString("base64") } }]) }, content: [{ type: "text", text: `The document says: ${PDF_TEXT}` }], stop: "end_turn" },
    { name: "structured output", body: { messages: user("who?"), output_config: { format: { type: "json_schema", schema: { type: "object", properties: { name: { type: "string" }, n: { type: "integer" } } } } } }, content: [{ type: "text", text: '{"name":"Ada Lovelace","n":42}' }], stop: "end_turn" },
    { name: "structured output (the beta output_format)", body: { messages: user("who?"), output_format: { type: "json_schema", schema: { type: "object", properties: { unit: { enum: ["celsius", "kelvin"] } } } } }, content: [{ type: "text", text: '{"unit":"celsius"}' }], stop: "end_turn" },
    { name: "thinking", body: { messages: user("Say: 4"), thinking: { type: "enabled", budget_tokens: 1024 } }, content: [{ type: "thinking", thinking: THINKING, signature: SIGNATURE }, { type: "text", text: "4" }], stop: "end_turn" },
  ];
  for (const a of answers) {
    it(`answers ${a.name}`, async () => {
      const r = await answered({ ...base, ...a.body });
      assert.deepEqual(r.content, a.content);
      assert.equal(r.stop_reason, a.stop);
    });
  }

  it("calls the offered tool, then answers from its result; a forced tool is called without preamble", async () => {
    const first = await answered({ ...base, tools: [weather], messages: user("weather?") });
    assert.equal(first.stop_reason, "tool_use");
    const call = first.content.at(-1)!;
    assert.deepEqual([call.type, call.name, call.input], ["tool_use", "get_weather", { city: "Leeds" }]);
    const second = await answered({ ...base, tools: [weather], messages: [...user("weather?"), { role: "assistant", content: first.content }, ...user([{ type: "tool_result", tool_use_id: call.id, content: "rain" }])] });
    assert.deepEqual(second.content, [{ type: "text", text: "The tool said: rain" }]);
    const forced = await answered({ ...base, tools: [{ ...weather, name: "other" }, weather], tool_choice: { type: "tool", name: "get_weather" }, messages: user("x") });
    assert.deepEqual(forced.content.map((c) => c.name), ["get_weather"]);
  });

  it("prompt caching: the prefix up to the last cache_control is written once, then read", async () => {
    const body = { ...base, system: [{ type: "text", text: "Long instructions. ".repeat(30), cache_control: { type: "ephemeral" } }], messages: user("hi") };
    const usage = async () => (JSON.parse((await post(body)).text) as { usage: Record<string, number> }).usage;
    const [first, second] = [await usage(), await usage()];
    const split = cacheSplit(body);
    assert.ok(split.cachedTokens > 0 && split.inputTokens > 0);
    assert.deepEqual([first!.cache_creation_input_tokens, first!.cache_read_input_tokens, first!.input_tokens], [split.cachedTokens, 0, split.inputTokens]);
    assert.deepEqual([second!.cache_creation_input_tokens, second!.cache_read_input_tokens, second!.input_tokens], [0, split.cachedTokens, split.inputTokens]);
    const plain = (JSON.parse((await post({ ...base, messages: user("hi") })).text) as { usage: Record<string, number> }).usage;
    assert.deepEqual([plain.cache_creation_input_tokens, plain.cache_read_input_tokens], [0, 0]);
  });

  it("a tool loop with thinking: the signed thinking comes back first in the assistant turn", async () => {
    const body = { ...base, tools: [weather], thinking: { type: "enabled", budget_tokens: 1024 }, messages: user("weather?") };
    const first = await answered(body);
    assert.deepEqual(first.content.map((c) => c.type), ["thinking", "text", "tool_use"]);
    const again = await answered({ ...body, messages: [...body.messages, { role: "assistant", content: first.content }, ...user([{ type: "tool_result", tool_use_id: first.content[2]!.id, content: "rain" }])] });
    assert.deepEqual(again.content, [{ type: "thinking", thinking: THINKING, signature: SIGNATURE }, { type: "text", text: "The tool said: rain" }]);
  });

  it("streams thinking, text and tool input as the API does", async () => {
    const r = await post({ ...base, stream: true, tools: [weather], thinking: { type: "enabled", budget_tokens: 1024 }, messages: user("weather?") });
    const deltas = [...r.text.matchAll(/"delta":\{"type":"(\w+)"/g)].map((m) => m[1]);
    for (const kind of ["thinking_delta", "signature_delta", "text_delta", "input_json_delta"]) assert.ok(deltas.includes(kind), kind);
    const json = [...r.text.matchAll(/"partial_json":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`)).join("");
    assert.deepEqual(JSON.parse(json), { city: "Leeds" });
    assert.match(r.text, /"stop_reason":"tool_use"/);
  });

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ["a Converse member", { messages: user("x"), additionalModelResponseFieldPaths: ["/x"] }, /additionalModelResponseFieldPaths: Extra inputs are not permitted/],
    ["an unknown block", { messages: user([{ type: "cachePoint" }]) }, /messages\.0\.content\.0: Input tag 'cachePoint'/],
    ["a document that is not a PDF", { messages: user([{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "aGVsbG8=" } }]) }, /source\.base64\.data: The PDF specified was not valid/],
    ["a Converse-shaped document", { messages: user([{ type: "document", format: "pdf", name: "x", source: { bytes: "JVBERi0=" } }]) }, /messages\.0\.content\.0\.format: Extra inputs/],
    ["five cache marks", { system: [1, 2, 3, 4, 5].map((i) => ({ type: "text", text: `s${i}`, cache_control: { type: "ephemeral" } })), messages: user("x") }, /A maximum of 4 blocks with cache_control/],
    ["a small thinking budget", { messages: user("x"), thinking: { type: "enabled", budget_tokens: 100 } }, /budget_tokens: Input should be greater than or equal to 1024/],
    ["thinking with a forced tool", { messages: user("x"), tools: [weather], tool_choice: { type: "any" }, thinking: { type: "enabled", budget_tokens: 1024 } }, /Thinking may not be enabled when tool_choice forces tool use/],
    ["a tool loop whose assistant turn lost its thinking", { messages: [...user("x"), { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "get_weather", input: {} }] }, ...user([{ type: "tool_result", tool_use_id: "t1", content: "r" }])], tools: [weather], thinking: { type: "enabled", budget_tokens: 1024 } }, /messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`/],
    ["a thinking block with an altered signature", { messages: [...user("x"), { role: "assistant", content: [{ type: "thinking", thinking: THINKING, signature: "forged" }, { type: "text", text: "y" }] }, ...user("z")] }, /messages\.1\.content\.0: Invalid `signature`/],
    ["a tool result without its call", { messages: user([{ type: "tool_result", tool_use_id: "toolu_x", content: "r" }]) }, /unexpected `tool_use_id`/],
    ["a tool with an unknown member", { messages: user("x"), tools: [{ ...weather, inputSchema: {} }] }, /tools\.0\.custom\.inputSchema: Extra inputs/],
  ];
  for (const [name, body, message] of refusals) {
    it(`refuses ${name}`, async () => {
      const r = await post({ ...base, ...body });
      assert.equal(r.status, 400, r.text);
      assert.match(r.text, message);
    });
  }

  it("refuses a wrong key and a missing anthropic-version", async () => {
    assert.equal((await post({ ...base, messages: user("x") }, { "x-api-key": "wrong" })).status, 401);
    assert.equal((await post({ ...base, messages: user("x") }, { "anthropic-version": "" })).status, 400);
  });
});
