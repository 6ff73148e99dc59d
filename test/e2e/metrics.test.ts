import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Agent } from "node:https";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { TokenUsage } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { needsTool, onPath } from "../support/tools.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * The Prometheus exposition of a real server, driven by the AWS SDK: its own listener, the
 * counts and token totals the calls produced, no trace of what was asked, and text that
 * `promtool check metrics` (Debian's prometheus package) accepts.
 */
const CANARY = "canary-metrics-5d1e0b";
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const THROTTLED = "meta.llama3-2-3b-instruct-v1:0";
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];

interface Sample { readonly name: string; readonly labels: Record<string, string>; readonly value: number }

function samples(text: string): Sample[] {
  return text.split("\n").flatMap((line) => {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** The sum over the series of `name` whose labels include these (undefined: no such series). */
function total(text: string, name: string, labels: Record<string, string>): number | undefined {
  const found = samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}


describe("Prometheus metrics on their own listener", () => {
  let openai: Loopback;
  let server: RunningServer;
  let client: BedrockRuntimeClient;
  let metricsUrl: string;
  let scrape: string;
  let converseUsage: TokenUsage;
  let streamUsage: TokenUsage | undefined;

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    server = await startServer({
      config: {
        region: "eu-west-2",
        metrics: { port: 0 },
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [
          { modelId: LLAMA, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" },
          { modelId: THROTTLED, provider: "openai-main", upstreamModel: "throttled-model", providerName: "Meta" },
        ],
      },
    });
    metricsUrl = /Prometheus metrics: (\S+)/.exec(server.stderr())![1]!;
    client = new BedrockRuntimeClient({
      endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
    });

    converseUsage = (await client.send(new ConverseCommand({ modelId: LLAMA, messages: user(`say ${CANARY}`) }))).usage!;
    const stream = await client.send(new ConverseStreamCommand({ modelId: LLAMA, messages: user(`stream ${CANARY}`) }));
    for await (const event of stream.stream!) if (event.metadata) streamUsage = event.metadata.usage;
    await assert.rejects(client.send(new ConverseCommand({ modelId: THROTTLED, messages: user(CANARY) })), { name: "ThrottlingException" });
    await assert.rejects(client.send(new ConverseCommand({ modelId: `meta.${CANARY}-v1:0`, messages: user(CANARY) })), { name: "ResourceNotFoundException" });
    const answer = await fetch(metricsUrl);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    scrape = await answer.text();
    if (process.env["PLINTH_SHOW_SCRAPE"]) process.stderr.write(scrape);
  });

  after(async () => {
    client?.destroy();
    await server?.stop();
    await openai?.close();
  });

  it("listens on loopback, apart from the API, and serves /metrics alone", async () => {
    assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(new URL(metricsUrl).port, new URL(server.url).port);
    assert.equal((await fetch(new URL("/", metricsUrl))).status, 404);
    assert.equal((await fetch(metricsUrl, { method: "POST", body: "x" })).status, 405);
  });

  it("counts each invocation under its operation, catalogue model id and account", () => {
    const converse = samples(scrape).find((s) => s.name === "plinth_invocations_total" && s.labels["operation"] === "Converse");
    assert.ok(converse, scrape);
    assert.deepEqual(converse.labels, { operation: "Converse", model_id: LLAMA, account_id: converse.labels["account_id"] });
    assert.match(converse.labels["account_id"]!, /^\d{12}$/);
    assert.equal(converse.value, 1);
    assert.equal(total(scrape, "plinth_invocations_total", { operation: "ConverseStream", model_id: LLAMA }), 1);
    assert.equal(total(scrape, "plinth_invocation_latency_seconds_count", { operation: "Converse", model_id: LLAMA }), 1);
    assert.equal(total(scrape, "plinth_time_to_first_token_seconds_count", { operation: "ConverseStream", model_id: LLAMA }), 1);
    assert.equal(total(scrape, "plinth_time_to_first_token_seconds_count", { operation: "Converse" }), undefined);
  });

  it("adds up the tokens the responses reported", () => {
    assert.ok(streamUsage);
    assert.equal(total(scrape, "plinth_input_tokens_total", { operation: "Converse", model_id: LLAMA }), converseUsage.inputTokens);
    assert.equal(total(scrape, "plinth_output_tokens_total", { operation: "Converse", model_id: LLAMA }), converseUsage.outputTokens);
    assert.equal(total(scrape, "plinth_input_tokens_total", { operation: "ConverseStream", model_id: LLAMA }), streamUsage.inputTokens);
    assert.equal(total(scrape, "plinth_output_tokens_total", { operation: "ConverseStream", model_id: LLAMA }), streamUsage.outputTokens);
    assert.ok((converseUsage.inputTokens ?? 0) > 0);
  });

  it("counts the throttle and the client error, and not as invocations", () => {
    assert.equal(total(scrape, "plinth_throttles_total", { operation: "Converse", model_id: THROTTLED }), 1);
    assert.equal(total(scrape, "plinth_invocations_total", { model_id: THROTTLED }), undefined);
    // The unknown model is caller text: its series says only that no catalogue model was named.
    assert.equal(total(scrape, "plinth_client_errors_total", { operation: "Converse", model_id: "none", error: "not-found" }), 1);
  });

  it("holds nothing the caller wrote", () => {
    assert.ok(!scrape.includes(CANARY));
    assert.ok(!scrape.includes("user/"), "no principal ARN");
  });

  it("passes promtool check metrics", (t) => {
    if (!needsTool(t, onPath("promtool"), "promtool (Debian's prometheus package)")) return;
    const check = spawnSync("promtool", ["check", "metrics"], { input: scrape, encoding: "utf8" });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });
});
