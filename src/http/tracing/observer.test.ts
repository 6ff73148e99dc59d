import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Principal } from "../../kernel/index.js";
import type { ExchangeRecord } from "../observe.js";
import { TracingObserver } from "./index.js";

const CANARY = "CANARY-2b7e41-traces";
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

const principal: Principal = { type: "IAMUser", accountId: "111111111111", arn: `arn:aws:iam::111111111111:user/${CANARY}`, userId: "AIDAEXAMPLE", userName: CANARY, accessKeyId: "AKIAEXAMPLE" };

function record(over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    requestId: "3f1c5d0e-1111-4222-8333-944445555666", receivedAt: new Date("2026-12-05T09:00:00.000Z"), method: "POST",
    path: "/model/{modelId}/converse", httpVersion: "1.1", sourceIp: "127.0.0.1", listener: "default", secureTransport: true,
    region: "eu-west-2", status: 200, latencyMs: 250, operation: "Converse", service: "bedrock", action: "bedrock:InvokeModel",
    subject: "meta.llama3-1-8b-instruct-v1:0", principal, processingRegion: "eu-west-2",
    notes: { usage: { inputTokens: 12, outputTokens: 5, cacheReadInputTokens: 3 } }, ...over,
  };
}

function setup(): { exporter: InMemorySpanExporter; observer: TracingObserver } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, observer: new TracingObserver(provider.getTracer("test")) };
}

describe("TracingObserver", () => {
  it("writes one server span per exchange, timed by the record, with the content-free attributes", () => {
    const { exporter, observer } = setup();
    observer.observe(record({ notes: { usage: { inputTokens: 12, outputTokens: 5, cacheReadInputTokens: 3 }, firstOutputMs: 42, guardrail: { identifier: CANARY, version: "1", action: "INTERVENED" } } }));
    const [span, ...rest] = exporter.getFinishedSpans();
    assert.equal(rest.length, 0);
    assert.equal(span!.name, "bedrock/Converse");
    assert.equal(span!.kind, SpanKind.SERVER);
    assert.equal(span!.status.code, SpanStatusCode.UNSET);
    assert.deepEqual(span!.attributes, {
      "rpc.system": "aws-api", "rpc.service": "bedrock", "rpc.method": "Converse", "http.request.method": "POST",
      "http.response.status_code": 200, "aws.request_id": "3f1c5d0e-1111-4222-8333-944445555666",
      "cloud.region": "eu-west-2", "plinth.account.id": "111111111111", "gen_ai.request.model": "meta.llama3-1-8b-instruct-v1:0",
      "plinth.processing_region": "eu-west-2", "gen_ai.usage.input_tokens": 12, "gen_ai.usage.output_tokens": 5,
      "gen_ai.usage.cache_read.input_tokens": 3, "plinth.time_to_first_token_ms": 42, "plinth.guardrail.action": "INTERVENED",
    });
    const ms = (t: readonly [number, number]) => t[0] * 1000 + t[1] / 1e6;
    assert.equal(ms(span!.startTime), Date.parse("2026-12-05T09:00:00.000Z"));
    assert.equal(ms(span!.endTime), Date.parse("2026-12-05T09:00:00.250Z"));
    assert.equal(span!.parentSpanContext, undefined, "without a traceparent the span starts a trace");
  });

  it("joins the caller's trace when the record carries its traceparent, and follows its sampled flag", () => {
    const { exporter, observer } = setup();
    observer.observe(record({ traceParent: { traceId: TRACE, spanId: SPAN, sampled: true } }));
    observer.observe(record({ traceParent: { traceId: "a".repeat(32), spanId: SPAN, sampled: false } }));
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 1, "an unsampled caller's exchange is not exported");
    assert.equal(spans[0]!.spanContext().traceId, TRACE);
    assert.equal(spans[0]!.parentSpanContext?.spanId, SPAN);
    assert.notEqual(spans[0]!.spanContext().spanId, SPAN);
  });

  // Per the HTTP server conventions, a caller's mistake is not the server's error.
  const statuses: readonly [Partial<ExchangeRecord>, SpanStatusCode, string][] = [
    [{ status: 400, errorKind: "validation", errorName: "ValidationException" }, SpanStatusCode.UNSET, "ValidationException"],
    [{ status: 429, errorKind: "throttling", errorName: "ThrottlingException" }, SpanStatusCode.UNSET, "ThrottlingException"],
    [{ status: 424, errorKind: "model-error", errorName: "ModelErrorException" }, SpanStatusCode.ERROR, "ModelErrorException"],
    [{ status: 200, errorKind: "model-stream-error", errorName: "ModelStreamErrorException" }, SpanStatusCode.ERROR, "ModelStreamErrorException"],
    [{ status: 500, errorKind: "internal", errorName: "InternalServerException" }, SpanStatusCode.ERROR, "InternalServerException"],
  ];
  for (const [over, code, type] of statuses) {
    it(`${type} (${over.status}) gives error.type and status ${SpanStatusCode[code]}`, () => {
      const { exporter, observer } = setup();
      observer.observe(record(over));
      const span = exporter.getFinishedSpans()[0]!;
      assert.equal(span.status.code, code);
      assert.equal(span.attributes["error.type"], type);
      assert.equal(span.attributes["http.response.status_code"], over.status);
    });
  }

  it("names an unrouted request by its method only, and skips health probes", () => {
    const { exporter, observer } = setup();
    observer.observe(record({ path: "(no route)", operation: undefined, service: undefined, action: undefined, subject: undefined, principal: undefined, status: 404, errorKind: "unknown-operation", errorName: "UnknownOperationException", notes: {} }));
    observer.observe(record({ operation: "Health", path: "/health" }));
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.name, "POST");
    assert.equal(spans[0]!.attributes["gen_ai.request.model"], undefined);
  });

  it("carries no caller text: the canary in every free-text field of the record is in no span", () => {
    const { exporter, observer } = setup();
    observer.observe(record({
      path: `/model/${CANARY}/converse`, userAgent: CANARY, sourceIp: CANARY, listener: CANARY, host: CANARY, principalArn: CANARY,
      accessKeyId: CANARY, resource: CANARY, bug: CANARY, method: `${CANARY} x`, errorName: `${CANARY} ${CANARY}`,
      notes: { retentionMode: CANARY, requestParameters: { prompt: CANARY }, responseElements: { text: CANARY }, guardrail: { identifier: CANARY, version: CANARY, action: "NONE" } },
    }));
    // A non-invocation's subject is another resource: not a model attribute.
    observer.observe(record({ action: "bedrock:GetGuardrail", subject: CANARY, operation: "GetGuardrail" }));
    const spans = exporter.getFinishedSpans();
    assert.equal(spans.length, 2);
    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status })));
    assert.ok(!text.includes(CANARY), text);
  });
});
