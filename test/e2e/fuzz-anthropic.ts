import fc from "fast-check";
import { jsonText, mutated } from "./fuzz-mutations.js";
import type { Json } from "./fuzz-mutations.js";
import { bytesOf, contentType, h2, methodFor, often, oddQuery } from "./fuzz-surfaces.js";
import type { FuzzRequest, World } from "./fuzz-surfaces.js";

/**
 * The fuzz test's requests to Anthropic's Messages API (`/anthropic/v1`), signed with SigV4 for
 * `bedrock` as any request is here: create (whole and streamed, with tools and a tool result)
 * and count_tokens, the canary in every content field, with the headers Anthropic's SDK sends
 * (and odd values of them) and odd paths under /anthropic/, which must be refused in Anthropic's
 * shape too.
 */
const anthropicHeaders: fc.Arbitrary<Record<string, string>> = often({ "anthropic-version": "2023-06-01" }, fc.array(fc.constantFrom<[string, string]>(
  ["anthropic-version", "2023-06-01"], ["anthropic-version", "latest"], ["anthropic-version", ""], ["anthropic-beta", "interleaved-thinking-2025-05-14"],
  ["anthropic-beta", ",,"], ["anthropic-beta", "x".repeat(200)], ["x-stainless-lang", "js"], ["x-stainless-retry-count", "0"],
  ["anthropic-dangerous-direct-browser-access", "true"], ["accept", "text/event-stream"],
), { minLength: 1, maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)), 4);

const PATHS = ["/anthropic/v1/messages", "/anthropic/v1/messages/count_tokens", "/anthropic/v1/messages/", "/anthropic/v1/models", "/anthropic/v1/complete", "/anthropic/", "/anthropic/v1/messages/batches"];

function seeds(w: World): { op: string; path: string; body: Json }[] {
  const c = w.canary;
  const model = w.models.claude;
  const weather = { name: "get_weather", description: "weather", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };
  const full: Json = {
    model, max_tokens: 64, system: [{ type: "text", text: `system ${c}`, cache_control: { type: "ephemeral" } }], temperature: 0.5, stop_sequences: ["STOP"],
    tools: [weather], tool_choice: { type: "auto" }, metadata: { user_id: c },
    messages: [
      { role: "user", content: `weather? ${c}` },
      { role: "assistant", content: [{ type: "text", text: "checking" }, { type: "tool_use", id: "toolu_fuzz01", name: "get_weather", input: { city: c } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_fuzz01", content: `result ${c}` }, { type: "text", text: `again ${c}` }] },
    ],
  };
  const simple: Json = { model, max_tokens: 32, messages: [{ role: "user", content: `hello ${c}` }] };
  return [
    { op: "CreateMessage", path: PATHS[0]!, body: full }, { op: "CreateMessage", path: PATHS[0]!, body: simple },
    { op: "CreateMessage", path: PATHS[0]!, body: { ...full, stream: true } }, { op: "CreateMessage", path: PATHS[0]!, body: { ...simple, stream: true } },
    { op: "CountMessageTokens", path: PATHS[1]!, body: { model, system: `system ${c}`, tools: [weather], messages: [{ role: "user", content: c }] } },
  ];
}

export function anthropicRequests(w: World): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...seeds(w)).chain((seed) => fc.record({
    body: mutated(seed.body).map(jsonText).chain(bytesOf),
    path: often(seed.path, fc.constantFrom(...PATHS), 20),
    query: oddQuery,
    method: methodFor("POST"),
    headers: fc.tuple(contentType("application/json"), anthropicHeaders).map(([a, b]) => ({ ...a, ...b })),
    h2,
  }).map((r): FuzzRequest => ({
    surface: "anthropic", op: seed.op, method: r.method, path: `${r.path}${r.query}`, headers: r.headers, body: r.body, service: "bedrock", h2: r.h2,
  })));
}
