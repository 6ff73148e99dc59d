import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, StreamEvent } from "../../kernel/index.js";
import { providerContract } from "../../../test/contract/provider-contract.js";
import { startOpenAiLoopback } from "../../../test/loopback/openai.js";
import type { Loopback } from "../../../test/loopback/openai.js";
import { createOpenAiProvider } from "./index.js";
import { fromChatCompletion, toChatRequest } from "./codec.js";
import { fromEmbeddingResponse, toEmbeddingRequest } from "./codec-embed.js";
import { ChatStreamTranslator } from "./codec-stream.js";

const KEY = "sk-loopback-key-0123456789";
let shared: Loopback | undefined;

providerContract({
  name: "openai",
  setup: async () => {
    shared = await startOpenAiLoopback({ apiKey: KEY });
    return createOpenAiProvider({ id: "openai-test", baseUrl: shared.baseUrl, apiKey: sensitive(KEY), timeoutMs: 5_000 });
  },
  teardown: async () => { await shared?.close(); },
  models: { chat: "chat-model", tools: "tool-model", embed: "embed-model", throttled: "throttled-model", failing: "failing-model", malformedStream: "malformed-model", hang: "hang-model" },
  upstreamSawCancel: () => shared!.sawCancel(),
  supportsCountTokens: false,
  supportsImages: true,
  features: {
    documents: "text",
    echo: "echo-model",
    reasoning: { model: "reasoning-model", config: { effort: "low" }, signed: false },
    cacheWrites: false,
    responseField: { path: "/choices/0/finish_reason", converse: { choices: [{ finish_reason: "stop" }] }, stream: { choices: [{ finish_reason: "stop" }] } },
  },
});

const req = (conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}): ConverseRequest => ({
  model: "m", inference, conversation: sensitive({ system: [], messages: [], ...conversation }),
});
const png = new Uint8Array([137, 80, 78, 71]);

describe("openai codec: Converse request -> chat completion request", () => {
  const cases: { name: string; request: ConverseRequest; stream?: boolean; wire: unknown }[] = [
    {
      name: "system prompts join into one system message; knobs map one to one",
      request: req({ system: [{ type: "text" as const, text: "Be terse." }, { type: "text" as const, text: "Be kind." }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], stopSequences: ["END"] }, { maxTokens: 10, temperature: 0.5, topP: 0.9 }),
      wire: { model: "m", messages: [{ role: "system", content: "Be terse.\n\nBe kind." }, { role: "user", content: "hi" }], max_tokens: 10, temperature: 0.5, top_p: 0.9, stop: ["END"] },
    },
    {
      name: "images become data URLs beside the text",
      request: req({ messages: [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image", format: "png", bytes: png }] }] }),
      wire: { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" } }] }] },
    },
    {
      name: "tools, a named tool choice, a tool call and its result as a tool message",
      request: req({
        tools: { tools: [{ name: "get_weather", description: "weather", inputSchema: { type: "object" } }], toolChoice: { type: "tool", name: "get_weather" } },
        messages: [
          { role: "user", content: [{ type: "text", text: "Leeds?" }] },
          { role: "assistant", content: [{ type: "text", text: "Checking." }, { type: "toolUse", toolUseId: "call_1", name: "get_weather", input: { city: "Leeds" } }] },
          { role: "user", content: [{ type: "toolResult", toolUseId: "call_1", content: [{ type: "json", json: { temp: 12 } }, { type: "text", text: "cloudy" }] }, { type: "text", text: "and tomorrow?" }] },
        ],
      }),
      wire: {
        model: "m",
        messages: [
          { role: "user", content: "Leeds?" },
          { role: "assistant", content: "Checking.", tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Leeds"}' } }] },
          { role: "tool", tool_call_id: "call_1", content: '{"temp":12}\ncloudy' },
          { role: "user", content: "and tomorrow?" },
        ],
        tools: [{ type: "function", function: { name: "get_weather", description: "weather", parameters: { type: "object" } } }],
        tool_choice: { type: "function", function: { name: "get_weather" } },
      },
    },
    {
      name: "tool choice any is required; streaming asks for usage",
      request: req({ tools: { tools: [{ name: "t", inputSchema: {} }], toolChoice: { type: "any" } }, messages: [{ role: "user", content: [{ type: "text", text: "x" }] }] }),
      stream: true,
      wire: { model: "m", messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "t", parameters: {} } }], tool_choice: "required", stream: true, stream_options: { include_usage: true } },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(toChatRequest(c.request, c.stream ?? false), c.wire));

  const refusals: { name: string; request: ConverseRequest; field: string }[] = [
    { name: "topK", request: req({ messages: [] }, { topK: 5 }), field: "topK" },
    { name: "an image in an assistant message", request: req({ messages: [{ role: "assistant", content: [{ type: "image", format: "png", bytes: png }] }] }), field: "messages.0.content.0" },
    { name: "an image in a tool result", request: req({ messages: [{ role: "user", content: [{ type: "toolResult", toolUseId: "c", content: [{ type: "image", format: "png", bytes: png }] }] }] }), field: "messages.0.content.0.toolResult.content.0" },
    { name: "a toolUse block from the user", request: req({ messages: [{ role: "user", content: [{ type: "toolUse", toolUseId: "c", name: "t", input: {} }] }] }), field: "messages.0.content.0" },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} as a validation fault naming the field`, () => {
      assert.throws(() => toChatRequest(r.request, false), (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === r.field);
    });
  }
});

describe("openai codec: chat completion -> Converse result", () => {
  const usage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 };
  const cases: { finish: string | null; stop: string; extra?: object }[] = [
    { finish: "stop", stop: "end_turn" }, { finish: "length", stop: "max_tokens" }, { finish: "tool_calls", stop: "tool_use" },
    { finish: "content_filter", stop: "content_filtered" }, { finish: null, stop: "end_turn" }, { finish: "stop", stop: "stop_sequence", extra: { stop_reason: "END" } },
  ];
  for (const c of cases) {
    it(`finish_reason ${c.finish}${c.extra ? " (vLLM stop_reason)" : ""} -> ${c.stop}`, () => {
      const body = { id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi." }, finish_reason: c.finish, ...c.extra }], usage };
      const result = fromChatCompletion(body);
      assert.equal(result.stopReason, c.stop);
      assert.deepEqual(result.message.reveal(), { role: "assistant", content: [{ type: "text", text: "Hi." }] });
      assert.deepEqual(result.usage, { inputTokens: 9, outputTokens: 3, totalTokens: 12 });
    });
  }
  it("tool calls become toolUse blocks with parsed input; a refusal is content_filtered", () => {
    const tools = fromChatCompletion(JSON.parse('{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Leeds\\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}'));
    assert.deepEqual(tools.message.reveal().content, [{ type: "toolUse", toolUseId: "call_9", name: "get_weather", input: { city: "Leeds" } }]);
    const refusal = fromChatCompletion({ choices: [{ index: 0, message: { role: "assistant", content: null, refusal: "I can't." }, finish_reason: "stop" }] });
    assert.equal(refusal.stopReason, "content_filtered");
    assert.deepEqual(refusal.usage, { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
  });
  it("bad tool arguments and a missing choice are model errors", () => {
    const bad = { choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "t", arguments: "{oops" } }] }, finish_reason: "tool_calls" }] };
    assert.throws(() => fromChatCompletion(bad), (e: unknown) => e instanceof Fault && e.kind === "model-error");
    assert.throws(() => fromChatCompletion({ choices: [] }), (e: unknown) => e instanceof Fault && e.kind === "model-error");
  });
});

/** The `data:` payloads of a stream, as the API sends them. */
function translate(lines: string[]): StreamEvent[] {
  const t = new ChatStreamTranslator();
  return [...lines.flatMap((l) => t.push(l)), ...t.end()].map((e) => (e.type === "contentBlockDelta" ? { ...e, delta: e.delta.reveal() } : e) as StreamEvent);
}

describe("openai codec: stream chunks -> stream events", () => {
  const head = '"id":"c","object":"chat.completion.chunk"';
  it("text, then finish, then the usage chunk, then [DONE]", () => {
    assert.deepEqual(translate([
      `{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}`,
      `{${head},"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null}`,
      `{${head},"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}],"usage":null}`,
      `{${head},"choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":null}`,
      `{${head},"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}`,
      "[DONE]",
    ]), [
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: { text: "Hel" } },
      { type: "contentBlockDelta", index: 0, delta: { text: "lo" } },
      { type: "contentBlockStop", index: 0 },
      { type: "messageStop", stopReason: "max_tokens" },
      { type: "metadata", usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 } },
    ]);
  });
  it("two tool calls by index, one without arguments (Ollama sends each whole, without usage)", () => {
    assert.deepEqual(translate([
      `{${head},"choices":[{"index":0,"delta":{"content":"Let me see."},"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"ci"}}]},"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\\":\\"Leeds\\"}"}}]},"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"now","arguments":""}}]},"finish_reason":"tool_calls"}]}`,
    ]), [
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: { text: "Let me see." } },
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "call_a", name: "get_weather" } },
      { type: "contentBlockDelta", index: 1, delta: { toolUseInput: '{"ci' } },
      { type: "contentBlockDelta", index: 1, delta: { toolUseInput: 'ty":"Leeds"}' } },
      { type: "contentBlockStop", index: 1 },
      { type: "contentBlockStart", index: 2, toolUse: { toolUseId: "call_b", name: "now" } },
      { type: "contentBlockDelta", index: 2, delta: { toolUseInput: "{}" } },
      { type: "contentBlockStop", index: 2 },
      { type: "messageStop", stopReason: "tool_use" },
      { type: "metadata", usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } },
    ]);
  });
  const broken: [string, string[]][] = [
    ["a payload that is not JSON", [`{${head},"choices":[{"index":0,"delta":{"content":"a"}}]}`, "{not json"]],
    ["a stream that stops before a finish reason", [`{${head},"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}`, "[DONE]"]],
    ["an error object mid-stream (vLLM)", [`{${head},"choices":[]}`, '{"error":{"message":"upstream-secret-detail","type":"BadRequestError","code":400}}']],
    ["interleaved tool fragments", [`{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"x","arguments":"{"}}]}}]}`, `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"b","function":{"name":"y","arguments":"{"}}]}}]}`, `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"}"}}]}}]}`]],
  ];
  for (const [name, lines] of broken) {
    it(`${name} is a model-stream-error without upstream text`, () => {
      assert.throws(() => translate(lines), (e: unknown) => e instanceof Fault && e.kind === "model-stream-error" && !e.message.includes("upstream-secret-detail"));
    });
  }
});

describe("openai codec: embeddings", () => {
  it("maps the request, sorts by index and normalises on request", () => {
    assert.deepEqual(toEmbeddingRequest({ model: "e", texts: sensitive(["a", "b"]), dimensions: 2, purpose: "search_query" }), { model: "e", input: ["a", "b"], encoding_format: "float", dimensions: 2 });
    const body = JSON.parse('{"object":"list","data":[{"object":"embedding","index":1,"embedding":[0,2]},{"object":"embedding","index":0,"embedding":[3,4]}],"model":"e","usage":{"prompt_tokens":2,"total_tokens":2}}');
    assert.deepEqual(fromEmbeddingResponse(body, 2, false).vectors.reveal(), [[3, 4], [0, 2]]);
    const unit = fromEmbeddingResponse(body, 2, true);
    assert.deepEqual(unit.vectors.reveal(), [[0.6, 0.8], [0, 1]]);
    assert.equal(unit.inputTokens, 2);
  });
  it("refuses bad dimensions and a count mismatch", () => {
    assert.throws(() => toEmbeddingRequest({ model: "e", texts: sensitive(["a"]), dimensions: 0 }), (e: unknown) => e instanceof Fault && e.detail.field === "dimensions");
    assert.throws(() => fromEmbeddingResponse({ data: [] }, 1, false), (e: unknown) => e instanceof Fault && e.kind === "model-error");
  });
});

describe("openai adapter on the wire", () => {
  let loop: Loopback;
  before(async () => { loop = await startOpenAiLoopback({ apiKey: KEY }); });
  after(async () => { await loop.close(); });
  const never = new AbortController().signal;
  const hello = (model: string): ConverseRequest => ({ ...req({ messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }), model });
  const provider = (over: { apiKey?: string; timeoutMs?: number; baseUrl?: string } = {}) =>
    createOpenAiProvider({ id: "p", baseUrl: over.baseUrl ?? loop.baseUrl, timeoutMs: over.timeoutMs ?? 5_000, ...("apiKey" in over ? (over.apiKey === undefined ? {} : { apiKey: sensitive(over.apiKey) }) : { apiKey: sensitive(KEY) }) });
  const kindOf = async (p: Promise<unknown>): Promise<Fault> => {
    try { await p; } catch (e) { assert.ok(e instanceof Fault, String(e)); return e; }
    assert.fail("expected a fault");
  };

  it("sends the key only as a bearer token and the translated body to /v1/chat/completions", async () => {
    const image = req({ messages: [{ role: "user", content: [{ type: "image", format: "png", bytes: png }, { type: "text", text: "?" }] }] });
    await provider().converse({ ...image, model: "chat-model" }, never);
    const seen = loop.requests.at(-1)!;
    assert.equal(seen.path, "/v1/chat/completions");
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.equal(seen.rawBody.includes(KEY), false);
    assert.deepEqual((seen.body as { messages: unknown[] }).messages[0], { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" } }, { type: "text", text: "?" }] });
  });
  it("sends no authorization header when no key is configured (local servers)", async () => {
    const open = await startOpenAiLoopback();
    try {
      await provider({ apiKey: undefined, baseUrl: open.baseUrl }).converse(hello("chat-model"), never);
      assert.equal(open.requests[0]!.headers.authorization, undefined);
    } finally { await open.close(); }
  });
  it("a refused key is a model-error with status 401 that names neither key nor upstream text", async () => {
    const f = await kindOf(provider({ apiKey: "sk-wrong-key" }).converse(hello("chat-model"), never));
    assert.equal(f.kind, "model-error");
    assert.equal(f.detail.originalStatusCode, 401);
    assert.doesNotMatch(f.message, /sk-wrong-key|upstream-secret-detail/);
    assert.match(f.message, /invalid_api_key/);
  });
  it("maps 400, 404, 503 and 504 by status", async () => {
    const cases: [string, string][] = [["status-400", "validation"], ["status-422", "validation"], ["unknown-model", "model-error"], ["status-503", "model-error"], ["status-504", "model-timeout"], ["status-408", "model-timeout"]];
    for (const [model, kind] of cases) {
      const f = await kindOf(provider().converse(hello(model), never));
      assert.equal(f.kind, kind, model);
      assert.doesNotMatch(f.message, /upstream-secret-detail/);
    }
  });
  it("a malformed non-streaming body is a model-error", async () => {
    assert.equal((await kindOf(provider().converse(hello("malformed-model"), never))).kind, "model-error");
  });
  it("timeoutMs ends a hanging call as model-timeout and the upstream sees the socket close", async () => {
    const f = await kindOf(provider({ timeoutMs: 100 }).converse(hello("hang-model"), never));
    assert.equal(f.kind, "model-timeout");
    await loop.sawCancel();
  });
  it("the caller's abort rejects with the caller's own reason", async () => {
    const controller = new AbortController();
    const reason = new Error("client went away");
    const pending = provider().converse(hello("hang-model"), controller.signal);
    setTimeout(() => controller.abort(reason), 30);
    await assert.rejects(pending, (e) => e === reason);
    await loop.sawCancel();
  });
  it("close() cancels a call in flight", async () => {
    const p = provider();
    const pending = p.converse(hello("hang-model"), never);
    setTimeout(() => void p.close(), 30);
    assert.equal((await kindOf(pending)).kind, "service-unavailable");
    await loop.sawCancel();
  });
  it("an unreachable upstream is service-unavailable", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    assert.equal((await kindOf(provider({ baseUrl: `http://127.0.0.1:${port}/v1` }).converse(hello("chat-model"), never))).kind, "service-unavailable");
  });
  it("countTokens is refused as a validation fault", async () => {
    const f = await kindOf(provider().countTokens({ model: "chat-model", conversation: hello("x").conversation }, never));
    assert.equal(f.kind, "validation");
    assert.match(f.message, /count/);
  });
  it("maxTokens reaches the wire and a cut answer stops with max_tokens", async () => {
    const result = await provider().converse({ ...hello("chat-model"), inference: { maxTokens: 1 } }, never);
    assert.equal(result.stopReason, "max_tokens");
    assert.equal((loop.requests.at(-1)!.body as { max_tokens: number }).max_tokens, 1);
  });
  it("embeds with the requested dimensions", async () => {
    const result = await provider().embed({ model: "embed-model", texts: sensitive(["a", "b", "c"]), dimensions: 4 }, never);
    assert.equal(loop.requests.at(-1)!.path, "/v1/embeddings");
    assert.deepEqual(result.vectors.reveal().map((v) => v.length), [4, 4, 4]);
  });
  it("a consumer that stops reading a stream early cancels the upstream", async () => {
    const slow = await startOpenAiLoopback({ text: "one two three four five six", chunkDelayMs: 20 });
    try {
      const p = createOpenAiProvider({ id: "p", baseUrl: slow.baseUrl, timeoutMs: 5_000 });
      for await (const e of p.converseStream(hello("chat-model"), never)) if (e.type === "contentBlockDelta") break;
      await slow.sawCancel();
    } finally { await slow.close(); }
  });
});
