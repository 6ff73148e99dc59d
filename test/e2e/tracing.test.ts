import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "node:https";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * OpenTelemetry traces of a real server, driven by the AWS SDK, exported to a loopback OTLP/HTTP
 * receiver: one server span per call with the content-free attributes, joined to the caller's
 * trace by a valid traceparent, flushed when the server stops, and not a byte of what was asked
 * or answered in anything the collector received.
 */
const CANARY = "canary-traces-8c41f2";
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];

interface Received { readonly path: string; readonly headers: Record<string, string | string[] | undefined>; readonly body: Buffer }
interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string; attributes: { key: string; value: OtlpValue }[]; status?: { code?: number };
}

/** A collector: accepts every POST and keeps what it was sent. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function spansOf(received: readonly Received[]): { spans: OtlpSpan[]; resource: Record<string, unknown> } {
  const spans: OtlpSpan[] = [];
  let resource: Record<string, unknown> = {};
  for (const r of received) {
    const body = JSON.parse(r.body.toString("utf8")) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
    for (const rs of body.resourceSpans) {
      resource = attributes(rs.resource.attributes);
      for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    }
  }
  return { spans, resource };
}

function attributes(list: readonly { key: string; value: OtlpValue }[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue ?? value.doubleValue)]));
}

function runtimeClient(server: RunningServer, traceparent?: string): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });
  if (traceparent !== undefined) {
    client.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers["traceparent"] = traceparent;
      return next(args);
    }, { step: "build", name: "traceparent" });
  }
  return client;
}

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  let openai: Loopback;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: RunningServer;
  let answer: string;
  let spans: OtlpSpan[];
  let resource: Record<string, unknown>;

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    receiver = await startReceiver();
    server = await startServer({
      env: { COLLECTOR_KEY: "collector-key-1234" },
      config: {
        region: "eu-west-2",
        // No path: the exporter posts to /v1/traces, as OTEL_EXPORTER_OTLP_ENDPOINT does.
        tracing: { otlpEndpoint: receiver.url, headers: [{ name: "x-collector-key", value: "env:COLLECTOR_KEY" }], serviceName: "plinth-e2e" },
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [{ modelId: MODEL, provider: "openai-main", upstreamModel: "echo-model", providerName: "Meta" }],
      },
    });
    const traced = runtimeClient(server, `00-${CALLER_TRACE}-${CALLER_SPAN}-01`);
    const reply = await traced.send(new ConverseCommand({ modelId: MODEL, messages: user(`repeat ${CANARY}`), system: [{ text: CANARY }] }));
    answer = reply.output?.message?.content?.[0]?.text ?? "";
    // A malformed traceparent (upper case) is ignored: this call starts a trace of its own.
    const malformed = runtimeClient(server, `00-${CALLER_TRACE.toUpperCase()}-${CALLER_SPAN}-01`);
    await assert.rejects(malformed.send(new ConverseCommand({ modelId: `meta.${CANARY}-v1:0`, messages: user(CANARY) })), { name: "ResourceNotFoundException" });
    traced.destroy();
    malformed.destroy();
    // Stopping the server flushes the queued spans.
    await server.stop();
    ({ spans, resource } = spansOf(receiver.received));
  });

  after(async () => {
    await server?.stop();
    await openai?.close();
    receiver?.server.close();
  });

  it("posts OTLP JSON to /v1/traces with the configured header", () => {
    assert.ok(receiver.received.length > 0, "nothing was exported");
    for (const r of receiver.received) {
      assert.equal(r.path, "/v1/traces");
      assert.match(String(r.headers["content-type"]), /^application\/json/);
      assert.equal(r.headers["x-collector-key"], "collector-key-1234");
    }
    assert.equal(resource["service.name"], "plinth-e2e");
    assert.equal(resource["cloud.region"], "eu-west-2");
  });

  it("writes one server span for the Converse call, in the caller's trace, with its content-free attributes", () => {
    assert.ok(answer.includes(CANARY), "the echo model repeats the canary, so the completion holds it too");
    const converse = spans.filter((s) => s.name === "bedrock/Converse");
    assert.equal(converse.length, 2, JSON.stringify(spans.map((s) => s.name)));
    const ok = converse.find((s) => attributes(s.attributes)["http.response.status_code"] === 200)!;
    assert.equal(ok.kind, 2, "SPAN_KIND_SERVER");
    assert.equal(ok.traceId, CALLER_TRACE);
    assert.equal(ok.parentSpanId, CALLER_SPAN);
    assert.ok(BigInt(ok.endTimeUnixNano) >= BigInt(ok.startTimeUnixNano));
    const a = attributes(ok.attributes);
    assert.equal(a["rpc.system"], "aws-api");
    assert.equal(a["rpc.service"], "bedrock");
    assert.equal(a["rpc.method"], "Converse");
    assert.equal(a["gen_ai.request.model"], MODEL);
    assert.equal(a["plinth.processing_region"], "eu-west-2");
    assert.match(String(a["plinth.account.id"]), /^\d{12}$/);
    assert.ok(Number(a["gen_ai.usage.input_tokens"]) > 0);
    assert.ok(Number(a["gen_ai.usage.output_tokens"]) > 0);
    assert.match(String(a["aws.request_id"]), /^[0-9a-f-]{36}$/);
    assert.equal(a["error.type"], undefined);
  });

  it("starts a new trace when the traceparent is malformed, and records the error's name", () => {
    const failed = spans.find((s) => s.name === "bedrock/Converse" && attributes(s.attributes)["http.response.status_code"] === 404)!;
    assert.ok(failed);
    assert.notEqual(failed.traceId, CALLER_TRACE);
    assert.equal(failed.parentSpanId ?? "", "");
    assert.equal(attributes(failed.attributes)["error.type"], "ResourceNotFoundException");
    assert.equal(attributes(failed.attributes)["gen_ai.request.model"], undefined, "an unknown model is caller text");
  });

  it("sends not a byte of the prompt, the system prompt or the completion", () => {
    const all = Buffer.concat(receiver.received.map((r) => r.body));
    assert.equal(all.indexOf(CANARY), -1);
    assert.equal(all.indexOf("user/"), -1, "no principal ARN");
  });
});

describe("OpenTelemetry traces with the collector down", () => {
  it("answers every call and stops promptly, saying once that spans were dropped", async () => {
    const openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    // A port with nothing listening on it: bound, then closed.
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
    const port = (gone.address() as AddressInfo).port;
    await new Promise<void>((r) => gone.close(() => r()));
    const server = await startServer({
      config: {
        tracing: { otlpEndpoint: `http://127.0.0.1:${port}/v1/traces` },
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "us-east-1", timeoutMs: 5000 }],
        models: [{ modelId: MODEL, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" }],
      },
    });
    try {
      const client = runtimeClient(server);
      for (let i = 0; i < 3; i++) {
        const reply = await client.send(new ConverseCommand({ modelId: MODEL, messages: user(CANARY) }));
        assert.ok(reply.output?.message);
      }
      client.destroy();
    } finally {
      await server.stop();
      await openai.close();
    }
    const warnings = server.stdout().split("\n").filter((l) => l.includes("traces could not be exported"));
    assert.equal(warnings.length, 1, server.stdout());
    assert.ok(!server.stdout().includes(CANARY) && !server.stderr().includes(CANARY));
  });
});
