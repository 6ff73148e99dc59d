import fc from "fast-check";
import { jsonText, mutated, oddString, percentEncode } from "./fuzz-mutations.js";
import type { Json } from "./fuzz-mutations.js";
import { bytesOf, contentType, h2, methodFor, often, oddQuery } from "./fuzz-surfaces.js";
import type { FuzzRequest, World } from "./fuzz-surfaces.js";

/**
 * The fuzz test's OpenAI-compatible requests (/openai/v1, signed for `bedrock`): chat (plain and
 * streamed, with tools, images, structured output), responses, embeddings and the model list,
 * with the canary in every content field. Every error must come back in OpenAI's shape.
 */
const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function seeds(w: World): { op: string; path: string; body: Json }[] {
  const c = w.canary;
  const m = w.models;
  const tool = { type: "function", function: { name: "get_weather", description: `weather ${c}`, parameters: { type: "object", properties: { city: { type: "string" } } } } };
  const chat: Json = {
    model: m.llama, max_completion_tokens: 64, temperature: 0.5, top_p: 0.9, stop: ["STOP"], tools: [tool], tool_choice: "auto",
    messages: [
      { role: "system", content: `system ${c}` },
      { role: "user", content: [{ type: "text", text: `weather? ${c}` }] },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: JSON.stringify({ city: c }) } }] },
      { role: "tool", tool_call_id: "call_1", content: `rain ${c}` },
    ],
  };
  const simple: Json = { model: m.claude, messages: [{ role: "user", content: [{ type: "text", text: c }, { type: "image_url", image_url: { url: PNG } }] }], response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } } };
  return [
    { op: "CreateChatCompletion", path: "/openai/v1/chat/completions", body: chat },
    { op: "CreateChatCompletion", path: "/openai/v1/chat/completions", body: { ...(chat as object), stream: true, stream_options: { include_usage: true } } },
    { op: "CreateChatCompletion", path: "/openai/v1/chat/completions", body: simple },
    { op: "CreateResponse", path: "/openai/v1/responses", body: { model: m.llama, instructions: c, input: [{ role: "user", content: [{ type: "input_text", text: c }] }], max_output_tokens: 32 } },
    { op: "CreateEmbedding", path: "/openai/v1/embeddings", body: { model: m.titanEmbed, input: [c, `${c} 2`], encoding_format: "base64" } },
  ];
}

const PATHS = ["/openai/v1/chat/completions", "/openai/v1/responses", "/openai/v1/embeddings", "/openai/v1/models", "/openai/v1/completions", "/openai/v2/chat/completions", "/openai/"];

export function openAiRequests(w: World): fc.Arbitrary<FuzzRequest> {
  const base = { surface: "openai", service: "bedrock" };
  const posts = fc.constantFrom(...seeds(w)).chain((seed) => fc.record({
    body: mutated(seed.body).map(jsonText).chain(bytesOf),
    path: often(seed.path, fc.constantFrom(...PATHS), 20),
    query: oddQuery,
    method: methodFor("POST"),
    headers: contentType("application/json"),
    h2,
  }).map((r): FuzzRequest => ({ ...base, op: seed.op, method: r.method, path: `${r.path}${r.query}`, headers: r.headers, body: r.body, h2: r.h2 })));
  const label = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...Object.values(w.models)).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom("%ED%A0%80", "%FF", "a%2Fb", "x".repeat(2100), "%00", "%ZZ") },
    { weight: 1, arbitrary: oddString.filter((s) => s !== "").map(percentEncode) },
  );
  const gets = fc.record({ label: fc.option(label), query: oddQuery, m: methodFor("GET"), h2 }).map(({ label, query, m, h2 }): FuzzRequest => ({
    ...base, op: label === null ? "ListModels" : "RetrieveModel", method: m, path: `/openai/v1/models${label === null ? "" : `/${label}`}${query}`, headers: {}, body: Buffer.alloc(0), h2,
  }));
  return fc.oneof({ weight: 4, arbitrary: posts }, { weight: 1, arbitrary: gets });
}
