import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault, Sensitive } from "../../kernel/index.js";
import { decodeCountTokensRequest, decodeMessagesRequest } from "./messages-codec.js";
import type { MessagesHeaders } from "./messages-codec.js";

/**
 * Messages API bodies as Anthropic's SDK sends them (JSON text and headers), against the command
 * they decode to through the InvokeModel Anthropic codec, or the field a refusal names.
 */
function reveal(value: unknown): unknown {
  if (value instanceof Sensitive) return { sensitive: reveal(value.reveal()) };
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const SDK_HEADERS: MessagesHeaders = { version: "2023-06-01" };

const accepted: { name: string; json: string; headers?: MessagesHeaders; expect: Record<string, unknown> }[] = [
  {
    name: "the SDK's plainest create: model and max_tokens, no stream",
    json: `{"model":"anthropic.claude-3-5-haiku-20241022-v1:0","max_tokens":64,"messages":[{"role":"user","content":"Say hello"}]}`,
    expect: {
      modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", stream: false,
      command: { modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", conversation: { sensitive: { system: [], messages: [user("Say hello")] } }, inference: { maxTokens: 64 } },
    },
  },
  {
    name: "stream true, a system string, sampling, and betas from the header (commas, spaces) forwarded as the native path does",
    json: `{"model":"us.anthropic.claude-sonnet-4-5-20250929-v1:0","max_tokens":2048,"stream":true,"system":"Be brief.","temperature":0.5,
      "messages":[{"role":"user","content":"Hi"}]}`,
    headers: { version: "2023-06-01", beta: "interleaved-thinking-2025-05-14, context-1m-2025-08-07" },
    expect: {
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", stream: true,
      command: {
        modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        conversation: { sensitive: { system: [{ type: "text", text: "Be brief." }], messages: [user("Hi")] } },
        inference: { maxTokens: 2048, temperature: 0.5 },
        anthropic: { betas: ["interleaved-thinking-2025-05-14", "context-1m-2025-08-07"] },
      },
    },
  },
  {
    name: "stream false, no anthropic-version header at all (Bedrock's own clients send none)",
    json: `{"model":"m","max_tokens":1,"stream":false,"messages":[{"role":"user","content":"x"}]}`,
    headers: {},
    expect: { modelId: "m", stream: false, command: { modelId: "m", conversation: { sensitive: { system: [], messages: [user("x")] } }, inference: { maxTokens: 1 } } },
  },
];

const refused: { name: string; json: string; headers?: MessagesHeaders; field: string; kind?: string }[] = [
  { name: "no model", json: `{"max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "model" },
  { name: "an empty model", json: `{"model":"","max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "model" },
  { name: "a model that is not a string", json: `{"model":7,"max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "model" },
  { name: "stream that is not a boolean", json: `{"model":"m","stream":"yes","max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "stream" },
  { name: "anthropic_version in the body: Bedrock's member, a header here", json: `{"model":"m","anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "anthropic_version" },
  { name: "anthropic_beta in the body", json: `{"model":"m","anthropic_beta":["x"],"max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, field: "anthropic_beta" },
  { name: "an anthropic-version that is not a date", json: `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]}`, headers: { version: "latest" }, field: "anthropic-version" },
  { name: "no max_tokens: the native codec's rule", json: `{"model":"m","messages":[{"role":"user","content":"x"}]}`, field: "max_tokens" },
  { name: "an unknown member: the native codec's rule", json: `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"bogus":1}`, field: "bogus" },
  { name: "mcp_servers: refused by name as on InvokeModel", json: `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"mcp_servers":[]}`, field: "mcp_servers" },
  { name: "a body that is not an object", json: `[1]`, field: "body" },
];

describe("the Messages API request codec", () => {
  for (const c of accepted) {
    it(`decodes: ${c.name}`, () => {
      const decoded = decodeMessagesRequest(JSON.parse(c.json), c.headers ?? SDK_HEADERS);
      assert.deepEqual(reveal(decoded), c.expect);
    });
  }
  for (const c of refused) {
    it(`refuses, naming the field: ${c.name}`, () => {
      assert.throws(() => decodeMessagesRequest(JSON.parse(c.json), c.headers ?? SDK_HEADERS), (e: unknown) => {
        assert.ok(isFault(e), String(e));
        assert.equal(e.kind, c.kind ?? "validation");
        assert.equal(e.detail.field ?? "", c.field, e.message);
        return true;
      });
    });
  }
  it("never quotes what the caller wrote in a refusal (a key is named only when it looks like a member name)", () => {
    const secret = "my secret prompt: do not echo";
    for (const json of [`{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"${secret}":1}`, `{"model":"m","max_tokens":"${secret}","messages":[]}`, `{"model":"${secret}","max_tokens":1,"stream":"${secret}"}`]) {
      assert.throws(() => decodeMessagesRequest(JSON.parse(json), SDK_HEADERS), (e: unknown) => isFault(e) && !e.message.includes(secret));
    }
  });
});

describe("the count_tokens request codec", () => {
  it("decodes the prompt (system, tools, messages) without max_tokens", () => {
    const json = `{"model":"anthropic.claude-3-5-haiku-20241022-v1:0","system":"Be brief.","messages":[{"role":"user","content":"Say hello"}],
      "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}`;
    const decoded = reveal(decodeCountTokensRequest(JSON.parse(json), SDK_HEADERS)) as { modelId: string; conversation: { sensitive: Record<string, unknown> } };
    assert.equal(decoded.modelId, "anthropic.claude-3-5-haiku-20241022-v1:0");
    assert.deepEqual(decoded.conversation.sensitive["system"], [{ type: "text", text: "Be brief." }]);
    assert.deepEqual(decoded.conversation.sensitive["messages"], [user("Say hello")]);
    assert.ok(decoded.conversation.sensitive["tools"], "tools count too");
  });
  it("a thinking budget is checked for its own bounds only", () => {
    const ok = `{"model":"m","thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"x"}]}`;
    assert.ok(decodeCountTokensRequest(JSON.parse(ok), SDK_HEADERS));
    const low = `{"model":"m","thinking":{"type":"enabled","budget_tokens":10},"messages":[{"role":"user","content":"x"}]}`;
    assert.throws(() => decodeCountTokensRequest(JSON.parse(low), SDK_HEADERS), (e: unknown) => isFault(e) && e.detail.field === "thinking.budget_tokens");
  });
  for (const [name, json, field] of [
    ["max_tokens is not a count_tokens member", `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}]}`, "max_tokens"],
    ["nor is stream", `{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}`, "stream"],
    ["nor sampling", `{"model":"m","temperature":0.1,"messages":[{"role":"user","content":"x"}]}`, "temperature"],
    ["no messages", `{"model":"m"}`, "messages"],
  ] as const) {
    it(`refuses: ${name}`, () => {
      assert.throws(() => decodeCountTokensRequest(JSON.parse(json), SDK_HEADERS), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === field);
    });
  }
});
