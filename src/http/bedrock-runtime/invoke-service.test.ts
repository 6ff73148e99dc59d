import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { anthropic } from "./native/anthropic.js";
import { requestMetadataHeader, serviceHeaders, serviceResponseHeaders, tierOf, withService } from "./invoke-service.js";

const headers = (h: Record<string, string>) => (name: string): string | undefined => h[name];
const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const body = (extra: Record<string, unknown> = {}) => anthropic.decode({ anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: "user", content: "hi" }], ...extra }, MODEL);

test("service headers: tier and latency read, unknown values refused naming the member", () => {
  assert.deepEqual(serviceHeaders(headers({})), {});
  assert.deepEqual(serviceHeaders(headers({ "x-amzn-bedrock-service-tier": "flex", "x-amzn-bedrock-performanceconfig-latency": "optimized" })), { serviceTier: "flex", latency: "optimized" });
  for (const [name, field] of [["x-amzn-bedrock-service-tier", "serviceTier"], ["x-amzn-bedrock-performanceconfig-latency", "performanceConfigLatency"]] as const) {
    assert.throws(() => serviceHeaders(headers({ [name]: "fastest" })), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === field);
  }
});

test("the headers' options join the decoded inference, and a body tier must agree with the header's", () => {
  const joined = withService(body(), { serviceTier: "priority", latency: "optimized" });
  assert.ok(joined.kind === "converse");
  assert.deepEqual(joined.command.inference, { maxTokens: 5, serviceTier: "priority", latency: "optimized" });
  const agreed = withService(body({ service_tier: "standard_only" }), { serviceTier: "default" });
  assert.ok(agreed.kind === "converse");
  assert.equal(agreed.command.inference.serviceTier, "default");
  assert.throws(() => withService(body({ service_tier: "standard_only" }), { serviceTier: "priority" }), (e: unknown) => isFault(e) && e.detail.field === "serviceTier");
});

test("bedrock:ServiceTier is the header's tier, else the body's, else default; responses echo what applied", () => {
  assert.equal(tierOf({ serviceTier: "reserved" }, body()), "reserved");
  assert.equal(tierOf({}, body({ service_tier: "standard_only" })), "default");
  assert.equal(tierOf({}, body()), "default");
  assert.equal(tierOf({}, undefined), "default");
  assert.deepEqual(serviceResponseHeaders({}), {});
  assert.deepEqual(serviceResponseHeaders({ serviceTier: "priority", latency: "standard" }), { "x-amzn-bedrock-service-tier": "priority", "x-amzn-bedrock-performanceconfig-latency": "standard" });
  assert.deepEqual(serviceResponseHeaders({ serviceTier: "priority" }, "default"), { "x-amzn-bedrock-service-tier": "default" });
});

test("X-Amzn-Bedrock-Request-Metadata: a JSON object of strings, kept Sensitive; anything else refused naming requestMetadata", () => {
  assert.equal(requestMetadataHeader(headers({})), undefined);
  const kept = requestMetadataHeader(headers({ "x-amzn-bedrock-request-metadata": '{"team":"audit","case":"a b"}' }));
  assert.deepEqual(kept?.reveal(), { team: "audit", case: "a b" });
  assert.equal(String(kept), "[redacted]");
  for (const value of ["team=audit", "[]", "{}", '{"team":1}', '{"bad<key>":"v"}']) {
    assert.throws(() => requestMetadataHeader(headers({ "x-amzn-bedrock-request-metadata": value })),
      (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === "requestMetadata" && !e.message.includes(value), value);
  }
});
