import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { Agent } from "node:https";
import { createServer } from "node:net";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { dropSchema, postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { redisSkip, TEST_REDIS_URL } from "../support/redis.js";
import { startServer } from "./harness.js";
import { secondNodeDataDir } from "./second-node.fixture.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, iamAs, policy } from "./iam-admin.js";

/**
 * Two plinth nodes (two processes, as two machines would run them) sharing one PostgreSQL
 * database and one Redis: a quota holds across both, counted in Redis, and a key deactivated
 * through one node is refused by the other on its next call, though the other had it cached
 * (for 5 s) a moment before: the change reached it through the Redis channel. Without Redis
 * each node would admit the whole quota and keep accepting the key for seconds.
 */
const LIMITED = "meta.llama3-2-3b-instruct-v1:0";
const RPM = 4;
const skip = (await postgresSkip()) || (await redisSkip());

describe("two nodes sharing PostgreSQL and Redis", { skip }, () => {
  const schema = `plinth_redis_${randomBytes(4).toString("hex")}`;
  const keyPrefix = `plinth-e2e-${randomBytes(4).toString("hex")}:`;
  let openai: Loopback;
  let a: RunningServer;
  let b: RunningServer;
  let dirB: string;

  const config = (node: string) => ({
    region: "eu-west-2",
    server: { databaseUrl: `${TEST_DATABASE_URL}?schema=${schema}` },
    audit: { node },
    redis: { url: TEST_REDIS_URL, keyPrefix },
    providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
    models: [{ modelId: LIMITED, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" }],
    quotas: { models: [{ model: LIMITED, requestsPerMinute: RPM }] },
  });

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    a = await startServer({ config: config("node-a") });
    // The second node shares the first's root key (what seals the secrets in the shared
    // database) and, for the test's convenience, the administrator's credentials file.
    dirB = await secondNodeDataDir(a, "plinth-e2e-node-b-");
    b = await startServer({ config: config("node-b"), dataDir: dirB });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await openai?.close();
    await rm(dirB, { recursive: true, force: true });
    await dropSchema(schema);
  });

  const runtime = (server: RunningServer) => new BedrockRuntimeClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });

  it(`a quota of ${RPM} requests per minute holds across both nodes`, async () => {
    const clients = [runtime(a), runtime(b)];
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 2 * RPM; i++) {
        const outcome = await clients[i % 2]!.send(new ConverseCommand({ modelId: LIMITED, messages: [{ role: "user", content: [{ text: "hi" }] }] }))
          .then(() => "ok", (error: unknown) => (error instanceof ThrottlingException ? "throttled" : `unexpected ${String(error)}`));
        outcomes.push(outcome);
      }
      assert.equal(outcomes.filter((o) => o === "ok").length, RPM, outcomes.join(", "));
      assert.equal(outcomes.filter((o) => o === "throttled").length, RPM, outcomes.join(", "));
      // Counted in Redis, not by each node alone.
      for (const node of [a, b]) assert.doesNotMatch(node.stdout(), /counted by this node alone/);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it("an access key deactivated through node A is refused by node B on the next call", async () => {
    const iam = iamAs(a);
    try {
      await iam.send(new IAM.CreateUserCommand({ UserName: "across-nodes" }));
      await iam.send(new IAM.PutUserPolicyCommand({ UserName: "across-nodes", PolicyName: "p", PolicyDocument: policy(allow("bedrock:ListFoundationModels")) }));
      const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "across-nodes" }));
      const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const onB = bedrockAs(b, keys);
      try {
        // B now holds the key in its lookup cache (5 s).
        await onB.send(new ListFoundationModelsCommand({}));
        await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "across-nodes", AccessKeyId: keys.accessKeyId, Status: "Inactive" }));
        const refused = await onB.send(new ListFoundationModelsCommand({})).then(() => undefined, (error: unknown) => error);
        assert.ok(refused !== undefined, "node B still accepted the deactivated key");
        assert.equal((refused as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
      } finally {
        onB.destroy();
      }
    } finally {
      iam.destroy();
    }
  });
});

describe("a node whose Redis is unreachable", () => {
  let openai: Loopback;
  let server: RunningServer;
  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    // A port nothing listens on: taken, then freed.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    server = await startServer({
      config: {
        region: "eu-west-2",
        redis: { url: `redis://127.0.0.1:${port}` },
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [{ modelId: LIMITED, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" }],
        quotas: { models: [{ model: LIMITED, requestsPerMinute: 2 }] },
      },
    });
  });
  after(async () => {
    await server?.stop();
    await openai?.close();
  });

  it("starts, serves, and enforces its quota alone (never unlimited), saying so once", async () => {
    const client = new BedrockRuntimeClient({
      endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
    });
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(await client.send(new ConverseCommand({ modelId: LIMITED, messages: [{ role: "user", content: [{ text: "hi" }] }] }))
          .then(() => "ok", (error: unknown) => (error instanceof ThrottlingException ? "throttled" : `unexpected ${String(error)}`)));
      }
      assert.deepEqual(outcomes, ["ok", "ok", "throttled", "throttled"]);
      assert.equal(server.stdout().match(/quotas counted by this node alone/g)?.length, 1, server.stdout());
      assert.match(server.stdout(), /Redis is unreachable/);
    } finally {
      client.destroy();
    }
  });
});
