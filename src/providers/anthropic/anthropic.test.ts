import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, StreamEvent } from "../../kernel/index.js";
import { providerContract } from "../../../test/contract/provider-contract.js";
import { startAnthropicLoopback } from "../../../test/loopback/anthropic.js";
import { breakpointsOf } from "../../../test/loopback/features.js";
import type { Loopback } from "../../../test/loopback/anthropic.js";
import { createAnthropicProvider } from "./index.js";
import { DEFAULT_MAX_TOKENS, fromMessageResponse, toMessagesRequest } from "./codec.js";
import { MessageStreamTranslator } from "./codec-stream.js";

const KEY = "sk-ant-loopback-0123456789";
let shared: Loopback | undefined;

providerContract({
  name: "anthropic",
  setup: async () => {
    shared = await startAnthropicLoopback({ apiKey: KEY });
    return createAnthropicProvider({ id: "anthropic-test", baseUrl: shared.baseUrl, apiKey: sensitive(KEY), timeoutMs: 5_000 });
  },
  teardown: async () => { await shared?.close(); },
  models: { chat: "chat-model", tools: "tool-model", throttled: "throttled-model", failing: "failing-model", malformedStream: "malformed-model", hang: "hang-model" },
  upstreamSawCancel: () => shared!.sawCancel(),
  supportsCountTokens: true,
  supportsImages: true,
  features: {
    documents: "native",
    echo: "echo-model",
    reasoning: { model: "reasoning-model", config: { budgetTokens: 2048 }, signed: true },
    cacheWrites: true,
    lastCacheBreakpoints: () => breakpointsOf(shared!.requests.at(-1)!.body, "anthropic"),
    // The Vercel AI SDK's path, for every Anthropic model.
    responseField: { path: "/delta/stop_sequence", converse: { delta: { stop_sequence: null } }, stream: { delta: { stop_sequence: null } } },
  },
});

const req = (conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}): ConverseRequest => ({
  model: "m", inference, conversation: sensitive({ system: [], messages: [], ...conversation }),
});
const png = new Uint8Array([137, 80, 78, 71]);

describe("anthropic codec: Converse request -> Messages request", () => {
  it("system, knobs, images, tool use and tool results", () => {
    const request = req({
      system: [{ type: "text" as const, text: "Be terse." }],
      stopSequences: ["END"],
      tools: { tools: [{ name: "get_weather", description: "weather", inputSchema: { type: "object" } }], toolChoice: { type: "any" } },
      messages: [
        { role: "user", content: [{ type: "text", text: "Leeds?" }, { type: "image", format: "jpeg", bytes: png }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "toolu_1", name: "get_weather", input: { city: "Leeds" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "toolu_1", status: "error", content: [{ type: "json", json: { e: 1 } }, { type: "image", format: "png", bytes: png }] }] },
      ],
    }, { maxTokens: 100, temperature: 0.2, topP: 0.8, topK: 40 });
    assert.deepEqual(toMessagesRequest(request, true), {
      model: "m",
      system: [{ type: "text", text: "Be terse." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Leeds?" }, { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "iVBORw==" } }] },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Leeds" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", is_error: true, content: [{ type: "text", text: '{"e":1}' }, { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw==" } }] }] },
      ],
      tools: [{ name: "get_weather", description: "weather", input_schema: { type: "object" } }],
      tool_choice: { type: "any" },
      max_tokens: 100, temperature: 0.2, top_p: 0.8, top_k: 40, stop_sequences: ["END"], stream: true,
    });
  });
  it(`an omitted maxTokens becomes ${DEFAULT_MAX_TOKENS}; a named tool choice keeps its name`, () => {
    const body = toMessagesRequest(req({ tools: { tools: [{ name: "t", inputSchema: { type: "object" } }], toolChoice: { type: "tool", name: "t" } }, messages: [{ role: "user", content: [{ type: "text", text: "x" }] }] }), false);
    assert.equal(body.max_tokens, 4096);
    assert.deepEqual(body.tool_choice, { type: "tool", name: "t" });
    assert.equal("system" in body || "stream" in body, false);
  });
});

describe("anthropic codec: Messages response -> Converse result", () => {
  const stops: [string | null, string][] = [["end_turn", "end_turn"], ["max_tokens", "max_tokens"], ["stop_sequence", "stop_sequence"], ["tool_use", "tool_use"], ["refusal", "content_filtered"], ["model_context_window_exceeded", "max_tokens"], ["pause_turn", "end_turn"], [null, "end_turn"]];
  for (const [wire, domain] of stops) {
    it(`stop_reason ${wire} -> ${domain}`, () => {
      const body = JSON.parse(`{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Hi."}],"stop_reason":${JSON.stringify(wire)},"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":2,"cache_read_input_tokens":3,"output_tokens":4}}`);
      const result = fromMessageResponse(body);
      assert.equal(result.stopReason, domain);
      // input_tokens is the uncached part, as Bedrock's inputTokens is; the total counts all.
      assert.deepEqual(result.usage, { inputTokens: 10, outputTokens: 4, totalTokens: 19, cacheReadInputTokens: 3, cacheWriteInputTokens: 2 });
    });
  }
  it("thinking and redacted thinking become reasoning blocks; all kept in order; server tools dropped", () => {
    const body = JSON.parse('{"type":"message","role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"redacted_thinking","data":"EmwKAhgB"},{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}},{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Leeds"}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":2}}');
    assert.deepEqual(fromMessageResponse(body).message.reveal(), { role: "assistant", content: [
      { type: "reasoning", text: "hmm", signature: "sig" },
      { type: "redactedReasoning", data: new TextEncoder().encode("EmwKAhgB") },
      { type: "text", text: "Checking." },
      { type: "toolUse", toolUseId: "toolu_1", name: "get_weather", input: { city: "Leeds" } },
    ] });
  });
  it("response-field paths read the answer and its stop as a message_delta would carry it; the tier is echoed", () => {
    const body = JSON.parse('{"type":"message","role":"assistant","content":[{"type":"text","text":"a"}],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{"input_tokens":1,"output_tokens":2,"service_tier":"priority"}}');
    const result = fromMessageResponse(body, ["/delta/stop_sequence", "/usage/service_tier", "/nope"]);
    assert.deepEqual(result.additionalFields?.reveal(), { delta: { stop_sequence: "END" }, usage: { service_tier: "priority" } });
    assert.equal(result.serviceTier, "priority");
    assert.equal(fromMessageResponse(body).additionalFields, undefined);
  });
});

/** `event:`/`data:` pairs as the API streams them; only data matters (it repeats the type). */
function translate(datas: string[]): StreamEvent[] {
  const t = new MessageStreamTranslator();
  return [...datas.flatMap((d) => t.push(d)), ...t.end()].map((e) => (e.type === "contentBlockDelta" ? { ...e, delta: e.delta.reveal() } : e) as StreamEvent);
}

describe("anthropic codec: stream events -> stream events", () => {
  const start = '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}';
  it("thinking streams as reasoning with its signature; server tools dropped and indexes renumbered; tool input as partial JSON; usage at the end", () => {
    assert.deepEqual(translate([
      start,
      '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}',
      '{"type":"content_block_stop","index":0}',
      '{"type":"ping"}',
      '{"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}',
      '{"type":"content_block_stop","index":1}',
      '{"type":"content_block_start","index":2,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}',
      '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}',
      '{"type":"content_block_stop","index":2}',
      '{"type":"content_block_start","index":3,"content_block":{"type":"text","text":""}}',
      '{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"Checking"}}',
      '{"type":"content_block_stop","index":3}',
      '{"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}',
      '{"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":""}}',
      '{"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Le"}}',
      '{"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":"eds\\"}"}}',
      '{"type":"content_block_stop","index":4}',
      '{"type":"content_block_start","index":5,"content_block":{"type":"tool_use","id":"toolu_2","name":"now","input":{}}}',
      '{"type":"content_block_stop","index":5}',
      '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}',
      '{"type":"message_stop"}',
    ]), [
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: { reasoningText: "Let me think" } },
      { type: "contentBlockDelta", index: 0, delta: { reasoningSignature: "EqQB" } },
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockDelta", index: 1, delta: { redactedReasoning: new TextEncoder().encode("EmwKAhgB") } },
      { type: "contentBlockStop", index: 1 },
      { type: "contentBlockDelta", index: 2, delta: { text: "Checking" } },
      { type: "contentBlockStop", index: 2 },
      { type: "contentBlockStart", index: 3, toolUse: { toolUseId: "toolu_1", name: "get_weather" } },
      { type: "contentBlockDelta", index: 3, delta: { toolUseInput: '{"city": "Le' } },
      { type: "contentBlockDelta", index: 3, delta: { toolUseInput: 'eds"}' } },
      { type: "contentBlockStop", index: 3 },
      { type: "contentBlockStart", index: 4, toolUse: { toolUseId: "toolu_2", name: "now" } },
      { type: "contentBlockDelta", index: 4, delta: { toolUseInput: "{}" } },
      { type: "contentBlockStop", index: 4 },
      { type: "messageStop", stopReason: "tool_use" },
      { type: "metadata", usage: { inputTokens: 25, outputTokens: 89, totalTokens: 114 } },
    ]);
  });
  it("the last message_delta answers the response-field paths; the tier comes from usage", () => {
    const t = new MessageStreamTranslator(["/delta/stop_sequence"]);
    const events = [
      '{"type":"message_start","message":{"role":"assistant","content":[],"usage":{"input_tokens":2,"output_tokens":1,"cache_read_input_tokens":7,"cache_creation_input_tokens":0,"service_tier":"standard"}}}',
      '{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}}',
      '{"type":"message_stop"}',
    ].flatMap((d) => t.push(d));
    const stop = events.find((e) => e.type === "messageStop") as Extract<StreamEvent, { type: "messageStop" }>;
    assert.deepEqual(stop.additionalFields?.reveal(), { delta: { stop_sequence: "END" } });
    assert.deepEqual(events.at(-1), { type: "metadata", usage: { inputTokens: 2, outputTokens: 3, totalTokens: 12, cacheReadInputTokens: 7, cacheWriteInputTokens: 0 }, serviceTier: "default" });
  });
  const broken: [string, string[]][] = [
    ["an error event", [start, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded upstream-secret-detail"}}']],
    ["data that is not JSON", [start, "{garbage"]],
    ["a stream without message_stop", [start, '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}']],
    ["content before message_start", ['{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}']],
    ["message_stop with a block open", [start, '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}', '{"type":"message_stop"}']],
  ];
  for (const [name, datas] of broken) {
    it(`${name} is a model-stream-error without upstream text`, () => {
      assert.throws(() => translate(datas), (e: unknown) => e instanceof Fault && e.kind === "model-stream-error" && !e.message.includes("upstream-secret-detail"));
    });
  }
  it("an error event names the upstream error type", () => {
    assert.throws(() => translate(broken[0]![1]), /overloaded_error/);
  });
});

describe("anthropic adapter on the wire", () => {
  let loop: Loopback;
  before(async () => { loop = await startAnthropicLoopback({ apiKey: KEY }); });
  after(async () => { await loop.close(); });
  const never = new AbortController().signal;
  const hello = (model: string, text = "hi"): ConverseRequest => ({ ...req({ system: [{ type: "text" as const, text: "Be terse." }], messages: [{ role: "user", content: [{ type: "text", text }] }] }), model });
  const provider = (over: { apiKey?: string; timeoutMs?: number; anthropicVersion?: string } = {}) =>
    createAnthropicProvider({ id: "p", baseUrl: `${loop.baseUrl}/`, apiKey: sensitive(over.apiKey ?? KEY), timeoutMs: over.timeoutMs ?? 5_000, ...(over.anthropicVersion ? { anthropicVersion: over.anthropicVersion } : {}) });
  const faultOf = async (p: Promise<unknown>): Promise<Fault> => {
    try { await p; } catch (e) { assert.ok(e instanceof Fault, String(e)); return e; }
    assert.fail("expected a fault");
  };

  it("sends x-api-key and anthropic-version, the key nowhere else, max_tokens always", async () => {
    await provider().converse(hello("chat-model"), never);
    const seen = loop.requests.at(-1)!;
    assert.equal(seen.path, "/v1/messages");
    assert.equal(seen.headers["x-api-key"], KEY);
    assert.equal(seen.headers["anthropic-version"], "2023-06-01");
    assert.equal(seen.headers.authorization, undefined);
    assert.equal(seen.rawBody.includes(KEY), false);
    assert.equal((seen.body as { max_tokens: number }).max_tokens, DEFAULT_MAX_TOKENS);
  });
  it("a configured anthropic-version is sent", async () => {
    await provider({ anthropicVersion: "2099-01-01" }).converse(hello("chat-model"), never);
    assert.equal(loop.requests.at(-1)!.headers["anthropic-version"], "2099-01-01");
  });
  it("countTokens posts the prompt only (the API refuses max_tokens there) and counts", async () => {
    const count = await provider().countTokens({ model: "chat-model", conversation: hello("x").conversation }, never);
    const seen = loop.requests.at(-1)!;
    assert.equal(seen.path, "/v1/messages/count_tokens");
    assert.deepEqual(Object.keys(seen.body as object).sort(), ["messages", "model", "system"]);
    assert.ok(count > 0);
  });
  it("embed is refused as a validation fault", async () => {
    assert.equal((await faultOf(provider().embed({ model: "chat-model", texts: sensitive(["x"]) }, never))).kind, "validation");
  });
  it("a refused key is a model-error with status 401 naming neither key nor upstream text", async () => {
    const f = await faultOf(provider({ apiKey: "sk-ant-wrong" }).converse(hello("chat-model"), never));
    assert.equal(f.kind, "model-error");
    assert.equal(f.detail.originalStatusCode, 401);
    assert.doesNotMatch(f.message, /sk-ant-wrong|upstream-secret-detail/);
    assert.match(f.message, /authentication_error/);
  });
  it("maps statuses to fault kinds and keeps upstream text out", async () => {
    const cases: [string, string][] = [["status-400", "validation"], ["status-413", "validation"], ["status-403", "model-error"], ["unknown-model", "model-error"], ["status-504", "model-timeout"], ["status-529", "service-unavailable"], ["throttled-model", "throttling"]];
    for (const [model, kind] of cases) {
      const f = await faultOf(provider().converse(hello(model), never));
      assert.equal(f.kind, kind, model);
      assert.doesNotMatch(f.message, /upstream-secret-detail/);
    }
  });
  it("an upstream 400 for a real request problem is a validation fault (empty text block)", async () => {
    const f = await faultOf(provider().converse(hello("chat-model", ""), never));
    assert.equal(f.kind, "validation");
    assert.match(f.message, /invalid_request_error/);
  });
  it("an error event mid-stream is a model-stream-error after the stream started", async () => {
    const seen: string[] = [];
    const f = await faultOf((async () => { for await (const e of provider().converseStream(hello("error-event-model"), never)) seen.push(e.type); })());
    assert.equal(f.kind, "model-stream-error");
    assert.equal(seen[0], "messageStart");
  });
  it("echo-model streams back the user's text", async () => {
    let text = "";
    for await (const e of provider().converseStream(hello("echo-model", "repeat after me"), never)) {
      if (e.type === "contentBlockDelta") text += (e.delta.reveal() as { text: string }).text;
    }
    assert.equal(text, "repeat after me");
  });
  it("timeoutMs ends a hanging call as model-timeout and the upstream sees the socket close", async () => {
    assert.equal((await faultOf(provider({ timeoutMs: 100 }).converse(hello("hang-model"), never))).kind, "model-timeout");
    await loop.sawCancel();
  });
});
