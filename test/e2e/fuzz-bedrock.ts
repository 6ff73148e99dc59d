import fc from "fast-check";
import { formPairs, formText, jsonText, mutated, oddString, percentEncode } from "./fuzz-mutations.js";
import type { Json } from "./fuzz-mutations.js";
import { bytesOf, contentType, h2, methodFor, often, oddQuery } from "./fuzz-surfaces.js";
import type { FuzzRequest, World } from "./fuzz-surfaces.js";

/**
 * The fuzz test's Bedrock requests (restJson): the runtime's inference operations, with the
 * canary in every content field, and the control plane's foundation-model and resource-policy
 * operations.
 */

/** Headers a Bedrock client may send, some with values no client would. */
const bedrockHeaders: fc.Arbitrary<Record<string, string>> = often({}, fc.array(fc.constantFrom<[string, string]>(
  ["x-amzn-bedrock-guardrailidentifier", "gr-nope"], ["x-amzn-bedrock-guardrailidentifier", ""], ["x-amzn-bedrock-guardrailversion", "DRAFT"],
  ["x-amzn-bedrock-guardrailversion", "x"], ["x-amzn-bedrock-trace", "ENABLED"], ["x-amzn-bedrock-trace", "bogus"],
  ["x-amzn-bedrock-performanceconfig-latency", "optimized"], ["x-amzn-bedrock-performanceconfig-latency", "\u00e9"],
  ["accept", "text/html"], ["accept", "application/vnd.amazon.eventstream"], ["content-encoding", "gzip"],
  ["x-amz-content-sha256", "UNSIGNED-PAYLOAD"], ["x-amz-content-sha256", "0".repeat(64)], ["x-amzn-bedrock-save", "true"],
), { minLength: 1, maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)), 4);

// ---- Bedrock runtime: Converse, ConverseStream, InvokeModel (and with a stream), CountTokens ----

interface Seed { readonly op: string; readonly route: string; readonly model: string; readonly body: Json }

function runtimeSeeds(w: World): Seed[] {
  const c = w.canary;
  const m = w.models;
  const user = (text: string): Json => [{ role: "user", content: [{ text }] }];
  const tool = { toolSpec: { name: "get_weather", description: "weather", inputSchema: { json: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } } };
  const full: Json = {
    messages: [
      { role: "user", content: [{ text: `weather? ${c}` }] },
      { role: "assistant", content: [{ text: "checking" }, { toolUse: { toolUseId: "tooluse_fuzz01", name: "get_weather", input: { city: c } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: "tooluse_fuzz01", content: [{ text: `result ${c}` }, { json: { note: c } }], status: "success" } }, { text: `again ${c}` }] },
    ],
    system: [{ text: `system ${c}` }],
    inferenceConfig: { maxTokens: 64, temperature: 0.5, topP: 0.9, stopSequences: ["STOP"] },
    toolConfig: { tools: [tool], toolChoice: { auto: {} } },
    additionalModelRequestFields: { top_k: 5 },
    requestMetadata: { team: "fuzz" },
  };
  const simple: Json = { messages: user(`hello ${c}`), system: [{ text: c }], inferenceConfig: { maxTokens: 32 } };
  const claudeNative: Json = { anthropic_version: "bedrock-2023-05-31", max_tokens: 64, system: `system ${c}`, messages: [{ role: "user", content: [{ type: "text", text: c }] }], temperature: 0.5 };
  const natives: Array<[string, Json]> = [
    [m.llama, { prompt: `<|begin_of_text|>${c}`, max_gen_len: 64, temperature: 0.5, top_p: 0.9 }],
    [m.claude, claudeNative],
    [m.mistral, { prompt: `<s>[INST] ${c} [/INST]`, max_tokens: 64, temperature: 0.5 }],
    [m.titanText, { inputText: c, textGenerationConfig: { maxTokenCount: 64, temperature: 0.5, topP: 0.9, stopSequences: [] } }],
    [m.titanEmbed, { inputText: c }],
    [m.cohereEmbed, { texts: [c, `${c} 2`], input_type: "search_query" }],
  ];
  return [
    ...[m.llama, m.claude].flatMap((model) => [
      { op: "Converse", route: "converse", model, body: full }, { op: "Converse", route: "converse", model, body: simple },
      { op: "ConverseStream", route: "converse-stream", model, body: full }, { op: "ConverseStream", route: "converse-stream", model, body: simple },
    ]),
    ...natives.map(([model, body]) => ({ op: "InvokeModel", route: "invoke", model, body })),
    ...natives.slice(0, 4).map(([model, body]) => ({ op: "InvokeModelWithResponseStream", route: "invoke-with-response-stream", model, body })),
    { op: "CountTokens", route: "count-tokens", model: m.claude, body: { input: { converse: simple } } },
    { op: "CountTokens", route: "count-tokens", model: m.claude, body: { input: { invokeModel: { body: Buffer.from(jsonText(claudeNative)).toString("base64") } } } },
  ];
}

const ROUTES = ["converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens", "Converse", "converse/", "converse/x", "unknown"];

function modelLabel(w: World, model: string): fc.Arbitrary<string> {
  const others = Object.values(w.models);
  return fc.oneof(
    { weight: 16, arbitrary: fc.constant(encodeURIComponent(model)) },
    { weight: 1, arbitrary: fc.constantFrom(...others).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom(`arn:aws:bedrock:${w.region}::foundation-model/${model}`, `arn:aws:bedrock:us-east-1::foundation-model/${model}`, `us.${model}`, "meta.nope-v1:0").map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom("%ED%A0%80", "%C0%80", "%FF", "a%2Fb", "%2e%2e", "x".repeat(2100), "%00", "a%", "%ZZ") },
    { weight: 1, arbitrary: oddString.filter((s) => s !== "").map(percentEncode) },
  );
}

export function runtimeRequests(w: World): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...runtimeSeeds(w)).chain((seed) => fc.record({
    body: mutated(seed.body).map(jsonText).chain(bytesOf),
    label: modelLabel(w, seed.model),
    route: often(seed.route, fc.constantFrom(...ROUTES), 20),
    query: oddQuery,
    method: methodFor("POST"),
    headers: fc.tuple(contentType("application/json"), bedrockHeaders).map(([a, b]) => ({ ...a, ...b })),
    h2,
  }).map((r): FuzzRequest => ({
    surface: "runtime", op: seed.op, method: r.method, path: `/model/${r.label}/${r.route}${r.query}`, headers: r.headers, body: r.body, service: "bedrock", h2: r.h2,
  })));
}

// ---- Bedrock control plane: foundation models and resource policies ----

export function controlRequests(w: World): fc.Arbitrary<FuzzRequest> {
  const modelArn = `arn:aws:bedrock:${w.region}::foundation-model/${w.models.llama}`;
  const document: Json = { Version: "2012-10-17", Statement: [{ Sid: "Fuzz", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "bedrock:InvokeModel", Resource: modelArn }] };
  const arnLabel = fc.oneof({ weight: 6, arbitrary: fc.constant(encodeURIComponent(modelArn)) }, { weight: 1, arbitrary: modelLabel(w, w.models.claude) });
  const filters = mutated({ byProvider: "Meta", byOutputModality: "TEXT", byInferenceType: "ON_DEMAND", byCustomizationType: "FINE_TUNING" });
  const base = { surface: "control", service: "bedrock" };
  return fc.oneof(
    fc.record({ q: fc.option(filters), m: methodFor("GET"), h2 }).map(({ q, m, h2 }): FuzzRequest =>
      ({ ...base, op: "ListFoundationModels", method: m, path: `/foundation-models${q === null ? "" : `?${formText(formPairs(q))}`}`, headers: {}, body: Buffer.alloc(0), h2 })),
    fc.record({ label: modelLabel(w, w.models.claude), query: oddQuery, m: methodFor("GET"), h2 }).map(({ label, query, m, h2 }): FuzzRequest =>
      ({ ...base, op: "GetFoundationModel", method: m, path: `/foundation-models/${label}${query}`, headers: {}, body: Buffer.alloc(0), h2 })),
    fc.record({ policy: fc.oneof(fc.constant(document), mutated(document)).map(jsonText), h: contentType("application/json"), h2 })
      .chain(({ policy, h, h2 }) => mutated({ resourceArn: modelArn, resourcePolicy: policy }).map(jsonText).chain(bytesOf).map((body): FuzzRequest =>
        ({ ...base, op: "PutResourcePolicy", method: "POST", path: "/resource-policy", headers: h, body, h2 }))),
    fc.record({ label: arnLabel, m: fc.constantFrom("GET", "DELETE"), query: oddQuery, h2 }).map(({ label, m, query, h2 }): FuzzRequest =>
      ({ ...base, op: `${m === "GET" ? "Get" : "Delete"}ResourcePolicy`, method: m, path: `/resource-policy/${label}${query}`, headers: {}, body: Buffer.alloc(0), h2 })),
  );
}
