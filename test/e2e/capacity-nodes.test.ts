import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { Agent } from "node:https";
import { CreateProvisionedModelThroughputCommand } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { dropSchema, postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { redisSkip, TEST_REDIS_URL } from "../support/redis.js";
import { startServer } from "./harness.js";
import { secondNodeDataDir } from "./second-node.fixture.js";
import type { RunningServer } from "./harness.js";
import { bedrockAs } from "./iam-admin.js";

/**
 * A provider's capacity holds across two plinth nodes sharing PostgreSQL and Redis: while a call
 * admitted on node A runs (a stream the model answers slowly), node B throttles a concurrent one,
 * whether the provider's limit is one call at once or a small number of tokens per minute; once
 * A's call is over, its place (and its unused tokens) come back and B is served. Without the
 * capacity in Redis each node would admit its own full capacity beside the other's.
 */
const REGION = "eu-west-2";
const BY_CALLS = "meta.llama3-2-3b-instruct-v1:0";
const BY_TOKENS = "mistral.mistral-7b-instruct-v0:2";
const RESERVED = "meta.llama3-1-8b-instruct-v1:0";
const skip = (await postgresSkip()) || (await redisSkip());

describe("two nodes sharing a provider's capacity through Redis", { skip }, () => {
  const schema = `plinth_capacity_${randomBytes(4).toString("hex")}`;
  const keyPrefix = `plinth-e2e-capacity-${randomBytes(4).toString("hex")}:`;
  let openai: Loopback;
  let a: RunningServer;
  let b: RunningServer;
  let dirB: string;

  const provider = (id: string, capacity: object) => ({ id, type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: REGION, timeoutMs: 5000, capacity });
  const config = (node: string) => ({
    region: REGION,
    server: { databaseUrl: `${TEST_DATABASE_URL}?schema=${schema}` },
    audit: { node },
    redis: { url: TEST_REDIS_URL, keyPrefix },
    providers: [
      provider("one-at-once", { maxConcurrency: 1, modelUnitConcurrency: 1 }),
      provider("few-tokens", { tokensPerMinute: 1000, modelUnitTokensPerMinute: 1000 }),
      // Two calls at once, one per unit: a provisioned model of one unit holds one, on-demand the other.
      provider("two-units", { maxConcurrency: 2, modelUnitConcurrency: 1 }),
    ],
    models: [
      { modelId: BY_CALLS, provider: "one-at-once", upstreamModel: "chat-model", providerName: "Meta" },
      { modelId: BY_TOKENS, provider: "few-tokens", upstreamModel: "chat-model", providerName: "Mistral AI" },
      { modelId: RESERVED, provider: "two-units", upstreamModel: "chat-model", providerName: "Meta" },
    ],
  });

  before(async () => {
    // A slow stream: 40 words at 50 ms each, so A's call is still running while B asks.
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai", text: "word ".repeat(40).trim(), chunkDelayMs: 50 });
    a = await startServer({ config: config("node-a") });
    dirB = await secondNodeDataDir(a, "plinth-e2e-capacity-b-");
    b = await startServer({ config: config("node-b"), dataDir: dirB });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await openai?.close();
    if (dirB) await rm(dirB, { recursive: true, force: true });
    await dropSchema(schema);
  });

  const runtime = (server: RunningServer) => new BedrockRuntimeClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });
  const hello = [{ role: "user" as const, content: [{ text: "hi" }] }];
  const outcome = (client: BedrockRuntimeClient, modelId: string, maxTokens: number) =>
    client.send(new ConverseCommand({ modelId, messages: hello, inferenceConfig: { maxTokens } }))
      .then(() => "served", (error: unknown) => (error instanceof ThrottlingException ? "throttled" : `unexpected ${String(error)}`));

  /** The place comes back when A's call is over: its release follows the exchange's end by a moment. */
  async function servedSoon(client: BedrockRuntimeClient, modelId: string, maxTokens: number): Promise<string> {
    let last = "";
    for (let i = 0; i < 20 && last !== "served"; i++) {
      last = await outcome(client, modelId, maxTokens);
      if (last !== "served") await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  }

  /** Starts a slow stream on `client` and waits for its first event; resolves with a function that reads it to its end. */
  async function running(client: BedrockRuntimeClient, modelId: string, maxTokens: number): Promise<() => Promise<void>> {
    const events = (await client.send(new ConverseStreamCommand({ modelId, messages: hello, inferenceConfig: { maxTokens } }))).stream![Symbol.asyncIterator]();
    await events.next();
    return async () => { for (let e = await events.next(); !e.done; e = await events.next()) { /* read to the end */ } };
  }

  const cases = [
    { name: "one call at once", modelId: BY_CALLS, maxTokens: 100 },
    // Each call is estimated at its maxTokens (and its body): 800 of 1000 per minute, so two cannot run together.
    { name: "1000 tokens per minute", modelId: BY_TOKENS, maxTokens: 800 },
  ];
  for (const c of cases) {
    it(`${c.name}: a call running on node A makes node B throttle a concurrent one, and the place comes back when it ends`, async () => {
      const [onA, onB] = [runtime(a), runtime(b)];
      try {
        const finish = await running(onA, c.modelId, c.maxTokens);
        assert.equal(await outcome(onB, c.modelId, c.maxTokens), "throttled", "node B admitted a call beside node A's");
        await finish();
        assert.equal(await servedSoon(onB, c.modelId, c.maxTokens), "served", "the place did not come back");
        for (const node of [a, b]) assert.doesNotMatch(node.stdout(), /counted by this (node|process) alone/);
      } finally {
        onA.destroy();
        onB.destroy();
      }
    });
  }

  it("a provisioned model's reservation holds across nodes: its one place, taken on node A, is not node B's to give", async () => {
    const control = bedrockAs(a, a.credentials);
    const [onA, onB] = [runtime(a), runtime(b)];
    try {
      const arn = (await control.send(new CreateProvisionedModelThroughputCommand({ provisionedModelName: "across-nodes", modelId: RESERVED, modelUnits: 1 }))).provisionedModelArn!;
      const finish = await running(onA, arn, 100);
      assert.equal(await outcome(onB, arn, 100), "throttled", "node B admitted a second call on a one-unit reservation");
      assert.equal(await outcome(onB, RESERVED, 100), "served", "on-demand keeps the place no unit reserves");
      await finish();
      assert.equal(await servedSoon(onB, arn, 100), "served", "the reserved place did not come back");
    } finally {
      control.destroy();
      onA.destroy();
      onB.destroy();
    }
  });
});
