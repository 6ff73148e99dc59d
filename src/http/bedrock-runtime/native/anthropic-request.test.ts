import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, Sensitive } from "../../../kernel/index.js";
import { anthropic } from "./anthropic.js";

/**
 * Anthropic request bodies as they travel (JSON text), against the command they must decode to.
 * Sensitive values are compared by what they hold.
 */
const MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

function reveal(value: unknown): unknown {
  if (value instanceof Sensitive) return { sensitive: reveal(value.reveal()) };
  if (Array.isArray(value)) return value.map(reveal);
  if (value instanceof Uint8Array) return value;
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

function decode(json: string): Record<string, unknown> {
  const decoded = anthropic.decode(JSON.parse(json), MODEL);
  assert.ok(decoded.kind === "converse");
  return reveal(decoded.command) as Record<string, unknown>;
}

const userText = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const PDF = "JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZz4+ZW5kb2JqCnRyYWlsZXI8PC9Sb290IDEgMCBSPj4KJSVFT0YK";

const cases: { name: string; json: string; expect: Record<string, unknown> }[] = [
  {
    name: "thinking with a budget, metadata.user_id and anthropic_beta",
    json: `{"anthropic_version":"bedrock-2023-05-31","anthropic_beta":["interleaved-thinking-2025-05-14"],"max_tokens":4096,
      "thinking":{"type":"enabled","budget_tokens":2048},"metadata":{"user_id":"{\\"session_id\\":\\"s1\\"}"},
      "messages":[{"role":"user","content":"Why?"}]}`,
    expect: {
      inference: { maxTokens: 4096, reasoning: { budgetTokens: 2048 } },
      anthropic: { betas: ["interleaved-thinking-2025-05-14"], userId: { sensitive: '{"session_id":"s1"}' } },
    },
  },
  {
    name: "adaptive thinking with output_config effort and a JSON schema format",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":1000,"thinking":{"type":"adaptive"},
      "output_config":{"effort":"high","format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}},
      "messages":[{"role":"user","content":"Give JSON"}]}`,
    expect: {
      conversation: { sensitive: { system: [], messages: [userText("Give JSON")], outputFormat: { type: "json_schema", schema: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false } } } },
      inference: { maxTokens: 1000 },
      anthropic: { adaptiveThinking: true, effort: "high" },
    },
  },
  {
    name: "thinking disabled is no reasoning; the beta output_format is the kernel's output format",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":50,"thinking":{"type":"disabled"},"temperature":0.3,
      "output_format":{"type":"json_schema","schema":{"type":"object"}},"messages":[{"role":"user","content":"x"}]}`,
    expect: {
      conversation: { sensitive: { system: [], messages: [userText("x")], outputFormat: { type: "json_schema", schema: { type: "object" } } } },
      inference: { maxTokens: 50, temperature: 0.3 },
    },
  },
  {
    name: "cache_control on system, a text block, a tool (with a 1h ttl) and a tool_result",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,
      "system":[{"type":"text","text":"Rules.","cache_control":{"type":"ephemeral"}}],
      "tools":[{"name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","ttl":"1h"}}],
      "messages":[{"role":"user","content":[{"type":"text","text":"Go","cache_control":{"type":"ephemeral","ttl":"5m"}}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok","cache_control":{"type":"ephemeral"}}]}]}`,
    expect: {
      conversation: {
        sensitive: {
          system: [{ type: "text", text: "Rules.", cache: {} }],
          messages: [
            { role: "user", content: [{ type: "text", text: "Go", cache: { ttl: "5m" } }] },
            { role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "f", input: {} }] },
            { role: "user", content: [{ type: "toolResult", toolUseId: "t1", content: [{ type: "text", text: "ok" }], cache: {} }] },
          ],
          tools: { tools: [{ name: "f", inputSchema: { type: "object" }, cache: { ttl: "1h" } }] },
        },
      },
      inference: { maxTokens: 10 },
    },
  },
  {
    name: "top-level cache_control marks the last block of the last message",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"cache_control":{"type":"ephemeral"},
      "messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}`,
    expect: {
      conversation: { sensitive: { system: [], messages: [{ role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b", cache: {} }] }] } },
      inference: { maxTokens: 10 },
    },
  },
  {
    name: "documents: a base64 PDF with title, context and citations; plain text; custom content",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[
      {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"${PDF}"},"title":"Spec","context":"v2","citations":{"enabled":true}},
      {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}},
      {"type":"document","source":{"type":"content","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},"cache_control":{"type":"ephemeral"}},
      {"type":"text","text":"Summarise"}]}]}`,
    expect: {
      conversation: {
        sensitive: {
          system: [],
          messages: [{
            role: "user",
            content: [
              { type: "document", format: "pdf", source: { bytes: new Uint8Array(Buffer.from(PDF, "base64")) }, name: "Spec", context: "v2", citations: true },
              { type: "document", format: "txt", source: { text: "plain words" }, name: "" },
              { type: "document", format: "txt", source: { text: "one\n\ntwo" }, name: "", cache: {} },
              { type: "text", text: "Summarise" },
            ],
          }],
        },
      },
      inference: { maxTokens: 10 },
    },
  },
  {
    name: "an assistant turn with signed thinking, redacted thinking and a tool call",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":3000,"thinking":{"type":"enabled","budget_tokens":1024},
      "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
      "messages":[{"role":"user","content":"Weather?"},
        {"role":"assistant","content":[{"type":"thinking","thinking":"Check it.","signature":"sig=="},{"type":"redacted_thinking","data":"EmwKAhgB"},
          {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"21C"}]}]}]}`,
    expect: {
      conversation: {
        sensitive: {
          system: [],
          messages: [
            userText("Weather?"),
            {
              role: "assistant",
              content: [
                { type: "reasoning", text: "Check it.", signature: "sig==" },
                { type: "redactedReasoning", data: new Uint8Array(Buffer.from("EmwKAhgB", "utf8")) },
                { type: "toolUse", toolUseId: "toolu_1", name: "get_weather", input: { city: "Paris" } },
              ],
            },
            { role: "user", content: [{ type: "toolResult", toolUseId: "toolu_1", content: [{ type: "text", text: "21C" }] }] },
          ],
          tools: { tools: [{ name: "get_weather", inputSchema: { type: "object" } }] },
        },
      },
      inference: { maxTokens: 3000, reasoning: { budgetTokens: 1024 } },
    },
  },
  {
    name: "strict, defer_loading, eager_input_streaming, disable_parallel_tool_use, context_management, service_tier",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"service_tier":"standard_only",
      "context_management":{"edits":[{"type":"clear_tool_uses_20250919","exclude_tools":["a"]}]},
      "tools":[{"type":"custom","name":"a","input_schema":{"type":"object"},"strict":true,"eager_input_streaming":true},
        {"name":"b","input_schema":{"type":"object"},"defer_loading":true}],
      "tool_choice":{"type":"any","disable_parallel_tool_use":true},"messages":[{"role":"user","content":"x"}]}`,
    expect: {
      conversation: {
        sensitive: {
          system: [],
          messages: [userText("x")],
          tools: { tools: [{ name: "a", inputSchema: { type: "object" }, strict: true }, { name: "b", inputSchema: { type: "object" } }], toolChoice: { type: "any" } },
        },
      },
      inference: { maxTokens: 10, serviceTier: "default" },
      anthropic: {
        deferredTools: { sensitive: ["b"] },
        eagerInputStreamingTools: { sensitive: ["a"] },
        disableParallelToolUse: true,
        contextManagement: { sensitive: { edits: [{ type: "clear_tool_uses_20250919", exclude_tools: ["a"] }] } },
      },
    },
  },
  {
    name: "stop sequences ask for the matched one among the response fields",
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"stop_sequences":["END"],"messages":[{"role":"user","content":"x"}]}`,
    expect: {
      conversation: { sensitive: { system: [], messages: [userText("x")], stopSequences: ["END"] } },
      inference: { maxTokens: 10 },
      responseFieldPaths: ["/stop_sequence", "/delta/stop_sequence"],
    },
  },
];

for (const c of cases) {
  test(`anthropic request: ${c.name}`, () => {
    const command = decode(c.json);
    for (const [key, value] of Object.entries(c.expect)) assert.deepEqual(command[key], value, key);
    for (const key of ["anthropic", "responseFieldPaths"]) if (!(key in c.expect)) assert.equal(command[key], undefined, key);
  });
}

const base = `"anthropic_version":"bedrock-2023-05-31","max_tokens":2000,"messages":[{"role":"user","content":"x"}]`;
const refusals: { json: string; field: string; problem?: RegExp }[] = [
  { json: `{${base},"thinking":{"type":"enabled","budget_tokens":1023}}`, field: "thinking.budget_tokens" },
  { json: `{${base},"thinking":{"type":"enabled","budget_tokens":2000}}`, field: "thinking.budget_tokens", problem: /less than max_tokens/ },
  { json: `{${base},"thinking":{"type":"enabled"}}`, field: "thinking.budget_tokens" },
  { json: `{${base},"thinking":{"type":"sometimes"}}`, field: "thinking.type" },
  { json: `{${base},"thinking":{"type":"disabled","budget_tokens":1024}}`, field: "thinking.budget_tokens", problem: /extraneous/ },
  { json: `{${base},"thinking":{"type":"enabled","budget_tokens":1024},"temperature":0.5}`, field: "temperature" },
  { json: `{${base},"thinking":{"type":"enabled","budget_tokens":1024},"top_k":5}`, field: "top_k" },
  { json: `{${base},"thinking":{"type":"adaptive"},"tools":[{"name":"f","input_schema":{}}],"tool_choice":{"type":"any"}}`, field: "tool_choice.type" },
  { json: `{${base},"metadata":{"user_id":"${"u".repeat(257)}"}}`, field: "metadata.user_id" },
  { json: `{${base},"metadata":{"email":"a@b"}}`, field: "metadata.email", problem: /extraneous/ },
  { json: `{${base},"anthropic_beta":"claude-code-20250219"}`, field: "anthropic_beta" },
  { json: `{${base},"container":"c1"}`, field: "container", problem: /not supported/ },
  { json: `{${base},"mcp_servers":[]}`, field: "mcp_servers", problem: /not supported/ },
  { json: `{${base},"inference_geo":"us"}`, field: "inference_geo", problem: /not supported/ },
  { json: `{${base},"speed":"fast"}`, field: "speed", problem: /not supported/ },
  { json: `{${base},"stream":true}`, field: "stream", problem: /extraneous/ },
  { json: `{${base},"model":"claude"}`, field: "model", problem: /extraneous/ },
  { json: `{${base},"service_tier":"priority"}`, field: "service_tier" },
  { json: `{${base},"output_config":{"task_budget":{"type":"tokens","total":5}}}`, field: "output_config.task_budget", problem: /not supported/ },
  { json: `{${base},"output_config":{"effort":"extreme"}}`, field: "output_config.effort" },
  { json: `{${base},"output_config":{"format":{"type":"json_schema","schema":{}}},"output_format":{"type":"json_schema","schema":{}}}`, field: "output_format" },
  { json: `{${base},"output_config":{"format":{"type":"text"}}}`, field: "output_config.format.type" },
  { json: `{${base},"context_management":{"edits":[{"type":"forget everything"}]}}`, field: "context_management.edits.0.type" },
  { json: `{${base},"tools":[{"type":"web_search_20250305","name":"web_search"}]}`, field: "tools.0.type", problem: /server tools/ },
  { json: `{${base},"tools":[{"type":"tool_search_tool_regex_20251119","name":"tool_search_tool_regex"}]}`, field: "tools.0.type", problem: /server tools/ },
  { json: `{${base},"tools":[{"name":"f","input_schema":{},"input_examples":[{}]}]}`, field: "tools.0.input_examples", problem: /not supported/ },
  { json: `{${base},"tools":[{"name":"f","input_schema":{},"defer_loading":true}]}`, field: "tools", problem: /without defer_loading/ },
  { json: `{${base},"tools":[{"name":"f","input_schema":{}},{"name":"f","input_schema":{}}]}`, field: "tools.1.name" },
  { json: `{${base},"tools":[{"name":"f","input_schema":{},"strict":"yes"}]}`, field: "tools.0.strict" },
  { json: `{${base},"tools":[{"name":"f","input_schema":{}}],"tool_choice":{"type":"none"}}`, field: "tool_choice.type", problem: /not supported/ },
  { json: `{${base},"tools":[{"name":"f","input_schema":{}}],"tool_choice":{"type":"auto","disable_parallel_tool_use":"no"}}`, field: "tool_choice.disable_parallel_tool_use" },
  { json: `{${base},"system":[{"type":"text","text":"s","cache_control":{"type":"persistent"}}]}`, field: "system.0.cache_control.type" },
  { json: `{${base},"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral","ttl":"2h"}}]}`, field: "system.0.cache_control.ttl" },
  {
    json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"system":[
      {"type":"text","text":"1","cache_control":{"type":"ephemeral"}},{"type":"text","text":"2","cache_control":{"type":"ephemeral"}},
      {"type":"text","text":"3","cache_control":{"type":"ephemeral"}},{"type":"text","text":"4","cache_control":{"type":"ephemeral"}},
      {"type":"text","text":"5","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"x"}]}`,
    field: "system.4.cache_control",
    problem: /limit of 4/,
  },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"thinking","thinking":"t","signature":"s"}]}]}`, field: "messages.0.content.0.type" },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"t"}]}]}`, field: "messages.1.content.0.signature" },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s","cache_control":{"type":"ephemeral"}}]}]}`, field: "messages.1.content.0.cache_control" },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}]}]}`, field: "messages.0.content.0.source.type" },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"aGVsbG8="}}]}]}`, field: "messages.0.content.0.source.data", problem: /PDF/ },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/html","data":"aGVsbG8="}}]}]}`, field: "messages.0.content.0.source.media_type" },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"a","citations":[]}]}]}`, field: "messages.0.content.0.citations", problem: /not supported/ },
  { json: `{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"tool_reference","tool_name":"f"}]}]}]}`, field: "messages.0.content.0.content.0.type" },
];

for (const c of refusals) {
  test(`anthropic request refuses ${c.field}: ${c.json.replace(/\s+/g, " ").slice(-70)}`, () => {
    assert.throws(() => anthropic.decode(JSON.parse(c.json), MODEL), (e: unknown) => {
      assert.ok(isFault(e) && e.kind === "validation", String(e));
      assert.equal(e.detail.field, c.field);
      if (c.problem) assert.match(e.message, c.problem);
      return true;
    });
  });
}

test("budget_tokens may reach max_tokens under the interleaved-thinking beta", () => {
  const command = decode(`{${base},"anthropic_beta":["interleaved-thinking-2025-05-14"],"thinking":{"type":"enabled","budget_tokens":5000}}`);
  assert.deepEqual(command["inference"], { maxTokens: 2000, reasoning: { budgetTokens: 5000 } });
});

test("a refusal names the field, never the value the caller sent", () => {
  const secret = "my-secret-user-9f8e";
  assert.throws(() => anthropic.decode(JSON.parse(`{${base},"metadata":{"user_id":"${secret.repeat(20)}"}}`), MODEL), (e: unknown) => {
    assert.ok(isFault(e));
    assert.doesNotMatch(`${e.message} ${JSON.stringify(e.detail)}`, /my-secret/);
    return true;
  });
});
