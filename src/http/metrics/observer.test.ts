import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import type { FaultKind, NotedGuardrailEvaluation, Principal, RequestNotes } from "../../kernel/index.js";
import type { ExchangeRecord } from "../observe.js";
import { BoundedLabels, MetricsObserver, createInstruments } from "./index.js";

const CANARY = "CANARY-7f3a9c-metrics";

function principal(accountId: string): Principal {
  return { type: "IAMUser", accountId, arn: `arn:aws:iam::${accountId}:user/${CANARY}`, userId: "AIDAEXAMPLE", userName: CANARY, accessKeyId: "AKIAEXAMPLE" };
}

function record(over: Partial<ExchangeRecord> & { notes?: RequestNotes } = {}): ExchangeRecord {
  return {
    requestId: "r-1", receivedAt: new Date(), method: "POST", path: "/model/{modelId}/converse", httpVersion: "1.1",
    sourceIp: "127.0.0.1", listener: "default", secureTransport: true, region: "us-east-1", status: 200, latencyMs: 250,
    operation: "Converse", action: "bedrock:InvokeModel", subject: "test.chat-v1", principal: principal("111111111111"),
    notes: {}, ...over,
  };
}

function setup(maxAccounts = 2): { registry: Registry; observer: MetricsObserver } {
  const registry = new Registry();
  const labels = new BoundedLabels({ operations: ["Converse", "ConverseStream", "InvokeModel", "ListUsers"], models: ["test.chat-v1"], maxAccounts });
  return { registry, observer: new MetricsObserver(createInstruments(registry), labels) };
}

/** The value of the counter series with exactly these labels, or undefined when there is none. */
async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const same = (got: Record<string, unknown>) =>
    Object.keys(got).length === Object.keys(labels).length && Object.entries(labels).every(([k, l]) => got[k] === l);
  return (await metric.get()).values.find((v) => same(v.labels))?.value;
}

const base = { operation: "Converse", model_id: "test.chat-v1", account_id: "111111111111" };

describe("MetricsObserver", () => {
  it("counts a successful invocation, its latency and its tokens", async () => {
    const { registry, observer } = setup();
    observer.observe(record({ notes: { usage: { inputTokens: 12, outputTokens: 5, cacheReadInputTokens: 3 } } }));
    observer.observe(record({ notes: { usage: { inputTokens: 1, outputTokens: 1 } } }));
    assert.equal(await value(registry, "plinth_invocations_total", base), 2);
    assert.equal(await value(registry, "plinth_input_tokens_total", base), 13);
    assert.equal(await value(registry, "plinth_output_tokens_total", base), 6);
    assert.equal(await value(registry, "plinth_cache_read_input_tokens_total", base), 3);
    assert.equal(await value(registry, "plinth_requests_total", { ...base, outcome: "success" }), 2);
    const text = await registry.metrics();
    assert.match(text, /plinth_invocation_latency_seconds_count\{operation="Converse",model_id="test.chat-v1",account_id="111111111111"\} 2/);
    assert.match(text, /plinth_invocation_latency_seconds_bucket\{le="0.25",operation="Converse",model_id="test.chat-v1",account_id="111111111111"\} 2/);
    assert.match(text, /plinth_process_cpu_seconds_total/, "the process defaults sit beside ours, with our prefix");
    // promtool's lint: only counters may end in _total.
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    assert.deepEqual([...types].filter(([name, type]) => name.endsWith("_total") && type !== "counter"), []);
    assert.deepEqual([...types].filter(([name, type]) => type === "counter" && !name.endsWith("_total")), []);
  });

  it("records time to first token for a stream", async () => {
    const { registry, observer } = setup();
    observer.observe(record({ operation: "ConverseStream", action: "bedrock:InvokeModelWithResponseStream", notes: { firstOutputMs: 420 } }));
    assert.match(await registry.metrics(), /plinth_time_to_first_token_seconds_sum\{operation="ConverseStream",model_id="test.chat-v1",account_id="111111111111"\} 0.42/);
  });

  // Each fault kind lands in exactly one of throttles, client errors, server errors; none is an invocation.
  const table: readonly [FaultKind, number, "plinth_throttles_total" | "plinth_client_errors_total" | "plinth_server_errors_total"][] = [
    ["throttling", 429, "plinth_throttles_total"],
    ["validation", 400, "plinth_client_errors_total"],
    ["access-denied", 403, "plinth_client_errors_total"],
    ["service-quota-exceeded", 400, "plinth_client_errors_total"],
    ["model-error", 424, "plinth_server_errors_total"],
    ["model-timeout", 408, "plinth_server_errors_total"],
    ["internal", 500, "plinth_server_errors_total"],
    // Mid-stream: the head went out as 200; the fault still counts.
    ["model-stream-error", 200, "plinth_server_errors_total"],
  ];
  for (const [kind, status, counted] of table) {
    it(`${kind} (${status}) counts in ${counted} only`, async () => {
      const { registry, observer } = setup();
      observer.observe(record({ status, errorKind: kind, errorName: CANARY }));
      for (const name of ["plinth_throttles_total", "plinth_client_errors_total", "plinth_server_errors_total"]) {
        const labels = name === "plinth_throttles_total" ? base : { ...base, error: kind };
        assert.equal(await value(registry, name, labels), name === counted ? 1 : undefined, name);
      }
      assert.equal(await value(registry, "plinth_invocations_total", base), undefined);
    });
  }

  it("counts a quota's refusals by which quota refused (rpm or tpm), and a provider's throttling in neither", async () => {
    const { registry, observer } = setup();
    const throttled = { status: 429, errorKind: "throttling" as const, errorName: "ThrottlingException" };
    observer.observe(record({ ...throttled, notes: { quotaExceeded: "rpm" } }));
    observer.observe(record({ ...throttled, notes: { quotaExceeded: "tpm" } }));
    observer.observe(record({ ...throttled, notes: { quotaExceeded: "tpm" } }));
    observer.observe(record(throttled));
    assert.equal(await value(registry, "plinth_quota_throttles_total", { ...base, reason: "rpm" }), 1);
    assert.equal(await value(registry, "plinth_quota_throttles_total", { ...base, reason: "tpm" }), 2);
    assert.equal(await value(registry, "plinth_throttles_total", base), 4);
  });

  it("counts guardrail interventions by origin, and not a guardrail that let the request through", async () => {
    const { registry, observer } = setup();
    observer.observe(record({ notes: { guardrail: { identifier: CANARY, version: "1", action: "INTERVENED", origin: "ACCOUNT_ENFORCED" } } }));
    observer.observe(record({ notes: { guardrail: { identifier: CANARY, version: "1", action: "NONE" } } }));
    assert.equal(await value(registry, "plinth_guardrail_interventions_total", { ...base, origin: "ACCOUNT_ENFORCED" }), 1);
    assert.equal(await value(registry, "plinth_guardrail_interventions_total", { ...base, origin: "REQUEST" }), undefined);
  });

  it("counts each guardrail's evaluation per direction by origin, source and action, and the policies that found something; no guardrail id or finding is a label", async () => {
    const { registry, observer } = setup();
    const evaluation = (origin: "REQUEST" | "ACCOUNT_ENFORCED", source: "INPUT" | "OUTPUT", outcome: "NONE" | "ANONYMIZED" | "BLOCKED", policies: NotedGuardrailEvaluation["policies"]): NotedGuardrailEvaluation => ({
      identifier: CANARY, version: CANARY, origin, source, action: outcome === "NONE" ? "NONE" : "GUARDRAIL_INTERVENED", outcome, evaluations: 3, policies,
      piiEntities: { [CANARY]: 2 }, regexes: [{ index: 0, count: 1 }], topics: [1], contentFilters: { [CANARY]: "HIGH" }, customWords: 1, managedWords: 0, contextualGrounding: [],
    });
    observer.observe(record({ notes: { guardrail: { identifier: CANARY, version: "1", action: "INTERVENED", origin: "REQUEST", evaluations: [
      evaluation("REQUEST", "INPUT", "ANONYMIZED", ["sensitiveInformation"]),
      evaluation("ACCOUNT_ENFORCED", "INPUT", "NONE", ["word"]),
      evaluation("REQUEST", "OUTPUT", "BLOCKED", ["sensitiveInformation", "topic"]),
    ] } } }));
    observer.observe(record({ notes: { guardrail: { identifier: CANARY, version: "1", action: "NONE", evaluations: [evaluation("REQUEST", "INPUT", "NONE", [])] } } }));
    const count = (name: string, labels: Record<string, string>) => value(registry, name, { ...base, ...labels });
    assert.equal(await count("plinth_guardrail_evaluations_total", { origin: "REQUEST", source: "INPUT", action: "ANONYMIZED" }), 1);
    assert.equal(await count("plinth_guardrail_evaluations_total", { origin: "REQUEST", source: "INPUT", action: "NONE" }), 1);
    assert.equal(await count("plinth_guardrail_evaluations_total", { origin: "ACCOUNT_ENFORCED", source: "INPUT", action: "NONE" }), 1);
    assert.equal(await count("plinth_guardrail_evaluations_total", { origin: "REQUEST", source: "OUTPUT", action: "BLOCKED" }), 1);
    assert.equal(await count("plinth_guardrail_detections_total", { origin: "REQUEST", source: "INPUT", policy: "sensitiveInformation" }), 1);
    assert.equal(await count("plinth_guardrail_detections_total", { origin: "REQUEST", source: "OUTPUT", policy: "sensitiveInformation" }), 1);
    assert.equal(await count("plinth_guardrail_detections_total", { origin: "REQUEST", source: "OUTPUT", policy: "topic" }), 1);
    assert.equal(await count("plinth_guardrail_detections_total", { origin: "ACCOUNT_ENFORCED", source: "INPUT", policy: "word" }), 1);
    assert.ok(!(await registry.metrics()).includes(CANARY));
  });

  it("bounds every label: undeclared operations, non-catalogue subjects, accounts past the cap, unauthenticated callers", async () => {
    const { registry, observer } = setup(2);
    observer.observe(record({ operation: CANARY }));
    observer.observe(record({ subject: `arn:aws:bedrock:us-east-1:111111111111:${CANARY}` }));
    for (const account of ["111111111111", "222222222222", "333333333333", "444444444444"]) observer.observe(record({ principal: principal(account) }));
    observer.observe(record({ principal: { ...principal("x"), accountId: CANARY } }));
    observer.observe(record({ operation: undefined, action: undefined, subject: undefined, principal: undefined, status: 403, errorKind: "missing-authentication" }));
    const text = await registry.metrics();
    const values = (label: string) => new Set([...text.matchAll(new RegExp(`${label}="([^"]*)"`, "g"))].map((m) => m[1]));
    assert.deepEqual(values("operation"), new Set(["Converse", "other", "none"]));
    assert.deepEqual(values("model_id"), new Set(["test.chat-v1", "other", "none"]));
    assert.deepEqual(values("account_id"), new Set(["111111111111", "222222222222", "other", "none"]));
    assert.equal(await value(registry, "plinth_invocations_total", { ...base, account_id: "other" }), 3);
  });

  it("never shows content or caller text: the canary in every free-text field of the record stays out of the exposition", async () => {
    const { registry, observer } = setup();
    observer.observe(record({
      requestId: CANARY, path: `/model/${CANARY}/converse`, userAgent: CANARY, sourceIp: CANARY, listener: CANARY, host: CANARY,
      principalArn: CANARY, accessKeyId: CANARY, resource: CANARY, bug: CANARY, processingRegion: CANARY,
      notes: { retentionMode: CANARY, requestParameters: { prompt: CANARY }, usage: { inputTokens: 1, outputTokens: 1 } },
    }));
    observer.observe(record({ subject: CANARY, operation: CANARY, status: 500, errorKind: "internal", errorName: CANARY, bug: CANARY }));
    const text = await registry.metrics();
    assert.ok(text.includes("plinth_invocations_total"));
    assert.ok(!text.includes(CANARY), "the exposition holds the canary");
  });

  it("skips health probes, and ignores a count that is not one rather than throwing", async () => {
    const { registry, observer } = setup();
    observer.observe(record({ operation: "Health", action: undefined, subject: undefined, principal: undefined }));
    observer.observe(record({ notes: { usage: { inputTokens: -4, outputTokens: Number.NaN } } }));
    assert.equal(await value(registry, "plinth_requests_total", { ...base, outcome: "success" }), 1);
    assert.equal(await value(registry, "plinth_input_tokens_total", base), undefined);
  });

  it("keeps two servers' counts apart: each has its own registry", async () => {
    const one = setup();
    const two = setup();
    one.observer.observe(record());
    assert.equal(await value(one.registry, "plinth_invocations_total", base), 1);
    assert.equal(await value(two.registry, "plinth_invocations_total", base), undefined);
  });
});
