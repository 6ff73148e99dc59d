import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { randomUUID } from "node:crypto";
import { BedrockRuntimeClient, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { CLAUDE_CODE_BETAS, CLAUDE_CODE_BODY, CLAUDE_CODE_USER_ID } from "../../src/http/bedrock-runtime/native/claude-code-body.fixture.js";
import { SIGNATURE, SPEECH, startThinkingLoopback, THINKING, USAGE } from "../loopback/anthropic-thinking.js";
import type { Loopback } from "../loopback/sse.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * Claude Code's real request body (claude-code-body.fixture.ts) through InvokeModelWithResponseStream,
 * signed with SigV4 by the AWS SDK, to a model served by an Anthropic upstream: the upstream must
 * receive what Claude Code asked for (thinking, metadata.user_id, the betas as the anthropic-beta
 * header, cache_control on the same blocks, the thinking blocks of the earlier turn), and the
 * answer must come back as Anthropic's events, in Anthropic's order. The profile id Claude Code
 * uses (`eu.anthropic...`) is resolved elsewhere; the base model id is addressed here.
 */
const MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

type Obj = Record<string, any>;

describe("Claude Code's Bedrock-mode request through InvokeModelWithResponseStream", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  const key = `sk-ant-${randomUUID()}`;

  before(async () => {
    upstream = await startThinkingLoopback(key);
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: [{ id: "claude", type: "anthropic", baseUrl: upstream.baseUrl, apiKey: key, processingRegion: "eu-west-2", timeoutMs: 10_000 }],
        models: [{ modelId: MODEL, provider: "claude", upstreamModel: "claude-sonnet-4-5-20250929", providerName: "Anthropic", inputModalities: ["TEXT", "IMAGE"] }],
      },
    });
    runtime = new BedrockRuntimeClient({
      endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
    });
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await upstream?.close();
  });

  it("forwards thinking, metadata, betas and cache marks, and streams Anthropic's events back in order", async () => {
    const before = upstream.requests.length;
    const response = await runtime.send(new InvokeModelWithResponseStreamCommand({
      modelId: MODEL, contentType: "application/json", accept: "application/json",
      body: new TextEncoder().encode(JSON.stringify(CLAUDE_CODE_BODY)),
    }));
    const events: Obj[] = [];
    for await (const part of response.body ?? []) {
      if (part.chunk?.bytes) events.push(JSON.parse(new TextDecoder().decode(part.chunk.bytes)) as Obj);
    }

    // What the upstream received.
    assert.equal(upstream.requests.length, before + 1);
    const sent = upstream.requests[before]!;
    const body = sent.body as Obj;
    assert.equal(body.model, "claude-sonnet-4-5-20250929");
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 32000);
    assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 31999 });
    assert.deepEqual(body.metadata, { user_id: CLAUDE_CODE_USER_ID });
    const betas = (sent.headers["anthropic-beta"] ?? "").split(",").map((b) => b.trim());
    for (const beta of CLAUDE_CODE_BETAS) assert.ok(betas.includes(beta), `anthropic-beta carries ${beta}`);
    assert.deepEqual(body.context_management, CLAUDE_CODE_BODY.context_management);
    assert.deepEqual((body.system as Obj[]).map((b) => b.cache_control), [undefined, { type: "ephemeral" }, { type: "ephemeral" }]);
    const marks = (body.messages as Obj[]).map((m) => (m.content as Obj[]).map((b) => b.cache_control));
    assert.deepEqual(marks, [[undefined, { type: "ephemeral" }], [undefined, undefined, undefined, undefined, undefined], [undefined, undefined, { type: "ephemeral" }]]);
    assert.deepEqual((body.messages[1].content as Obj[]).slice(0, 2), CLAUDE_CODE_BODY.messages[1]!.content.slice(0, 2));
    assert.deepEqual((body.messages[2].content[1].content as Obj[]).map((b) => b.type), ["text", "document", "image"]);
    assert.deepEqual((body.tools as Obj[]).map((t) => t.input_schema), CLAUDE_CODE_BODY.tools.map((t) => t.input_schema));
    assert.deepEqual((body.tools as Obj[]).map((t) => t.defer_loading), [undefined, undefined, undefined, undefined, true, true]);

    // What came back: Anthropic's grammar, the upstream's blocks, its cache counters.
    assert.deepEqual(events.map((e) => e.type), [
      "message_start",
      "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
      "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
      "content_block_start", ...Array(events.filter((e) => e.delta?.type === "input_json_delta").length).fill("content_block_delta"), "content_block_stop",
      "message_delta", "message_stop",
    ]);
    assert.deepEqual(events.filter((e) => e.type === "content_block_start").map((e) => e.content_block.type), ["thinking", "text", "tool_use"]);
    assert.deepEqual(events.filter((e) => e.delta?.type === "thinking_delta").map((e) => e.delta.thinking), THINKING);
    assert.deepEqual(events.filter((e) => e.delta?.type === "signature_delta").map((e) => e.delta.signature), [SIGNATURE]);
    assert.equal(events.filter((e) => e.delta?.type === "text_delta").map((e) => e.delta.text).join(""), SPEECH.join(""));
    assert.deepEqual(JSON.parse(events.filter((e) => e.delta?.type === "input_json_delta").map((e) => e.delta.partial_json).join("")), { command: "ls -la" });
    const delta = events.find((e) => e.type === "message_delta")!;
    assert.deepEqual(delta.delta, { stop_reason: "tool_use", stop_sequence: null });
    assert.deepEqual(delta.usage, USAGE);
    const metrics = events.at(-1)!["amazon-bedrock-invocationMetrics"] as Obj;
    assert.equal(metrics.inputTokenCount, USAGE.input_tokens);
    assert.equal(metrics.cacheReadInputTokenCount, USAGE.cache_read_input_tokens);
  });

  it("InvokeModel takes the service tier and latency headers and echoes them", async () => {
    const response = await runtime.send(new InvokeModelCommand({
      modelId: MODEL, contentType: "application/json", serviceTier: "priority", performanceConfigLatency: "standard",
      body: new TextEncoder().encode(JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 50, messages: [{ role: "user", content: "hi" }] })),
    }));
    assert.equal(response.serviceTier, "priority");
    assert.equal(response.performanceConfigLatency, "standard");
    const answer = JSON.parse(new TextDecoder().decode(response.body)) as Obj;
    assert.equal(answer.type, "message");
    const sent = upstream.requests.at(-1)!.body as Obj;
    assert.equal(sent.max_tokens, 50);
  });

  it("latency-optimized inference, which Anthropic's API does not offer, is refused rather than ignored", async () => {
    await assert.rejects(
      runtime.send(new InvokeModelCommand({
        modelId: MODEL, contentType: "application/json", performanceConfigLatency: "optimized",
        body: new TextEncoder().encode(JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: "user", content: "hi" }] })),
      })),
      (e: Error) => e.name === "ValidationException" && /latency/.test(e.message),
    );
  });

  it("a tier Bedrock does not define is refused naming the header's member", async () => {
    await assert.rejects(
      runtime.send(new InvokeModelCommand({
        modelId: MODEL, contentType: "application/json", serviceTier: "gold" as "priority",
        body: new TextEncoder().encode(JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: "user", content: "hi" }] })),
      })),
      (e: Error) => e.name === "ValidationException" && /serviceTier/.test(e.message),
    );
  });
});
