import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { allow, policy } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { NODE_MODEL, nodesUnavailable, OTHER_MODEL, startNodes, waitUntil } from "./netns-nodes.js";
import type { Nodes } from "./netns-nodes.js";

/**
 * Scaling out, shown on one machine: three `plinth start --workers 1` nodes, each in a network
 * namespace of its own, behind HAProxy in TCP mode (TLS passes through), sharing one PostgreSQL
 * and one Redis (quotas, and the invalidation that makes every node drop a changed key at once).
 * The official clients reach only the balancer. Each node's upstream answers with the node's
 * name, so the tests know which node served a call.
 */
const unavailable = await nodesUnavailable();
// Under CI nothing skips: .ci/run installs haproxy and runs as root, so a missing piece fails.
const skip = process.env["CI"] ? false : unavailable || await postgresSkip();
const NAMES = ["node-1", "node-2", "node-3"];
/** OTHER_MODEL's limit for the deployment, whichever node takes each call. */
const RPM = 6;

describe("three nodes behind HAProxy, sharing PostgreSQL and Redis", { skip }, () => {
  let cluster: Nodes;
  const clients: { destroy(): void }[] = [];

  /** A client on a connection of its own (the balancer picks a node per connection). */
  function runtime(credentials: Keys = cluster.credentials): BedrockRuntimeClient {
    const client = new BedrockRuntimeClient({
      endpoint: cluster.url, region: cluster.region, credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: cluster.ca, keepAlive: true, maxSockets: 1 }) }),
    });
    clients.push(client);
    return client;
  }

  function iam(): IAM.IAMClient {
    const client = new IAM.IAMClient({
      endpoint: cluster.url, region: cluster.region, credentials: cluster.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: cluster.ca }) }),
    });
    clients.push(client);
    return client;
  }

  /** Which node answered: its upstream's answer is its name. */
  async function servedBy(client: BedrockRuntimeClient, modelId: string = NODE_MODEL): Promise<string> {
    const answer = await client.send(new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "who?" }] }] }));
    return answer.output?.message?.content?.[0]?.text ?? assert.fail("no text in the answer");
  }

  /** One client per node: new connections until each node has answered one (round robin gives them in turn). */
  async function onePerNode(credentials?: Keys): Promise<Map<string, BedrockRuntimeClient>> {
    const found = new Map<string, BedrockRuntimeClient>();
    for (let i = 0; i < 12 && found.size < NAMES.length; i++) {
      const client = runtime(credentials);
      const node = await servedBy(client);
      if (!found.has(node)) found.set(node, client);
    }
    assert.deepEqual([...found.keys()].sort(), NAMES, "the balancer did not spread connections over every node");
    return found;
  }

  before(async () => {
    if (unavailable) throw new Error(unavailable);
    cluster = await startNodes({
      count: 3, databaseUrl: TEST_DATABASE_URL, redis: true,
      config: { quotas: { models: [{ model: OTHER_MODEL, requestsPerMinute: RPM }] } },
    });
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await cluster?.stop();
  });

  it("a node joining the database another bootstrapped names no credentials file it does not have", () => {
    const joined = cluster.nodes[1]!.stderr();
    assert.match(joined, /administrator: arn:aws:iam::\d{12}:user\/administrator \(no credentials file in this data directory/);
    assert.doesNotMatch(joined, /AWS_SHARED_CREDENTIALS_FILE/);
    assert.match(cluster.nodes[0]!.stderr(), /created the bootstrap administrator/);
  });

  it("a user created through one node works on every node", async () => {
    const admin = iam();
    await admin.send(new IAM.CreateUserCommand({ UserName: "everywhere" }));
    await admin.send(new IAM.PutUserPolicyCommand({ UserName: "everywhere", PolicyName: "invoke", PolicyDocument: policy(allow("bedrock:InvokeModel")) }));
    const { AccessKey } = await admin.send(new IAM.CreateAccessKeyCommand({ UserName: "everywhere" }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    // The key (its secret sealed by whichever node made it) signs calls every node accepts.
    const perNode = await onePerNode(keys);
    for (const [node, client] of perNode) assert.equal(await servedBy(client), node);
  });

  it("a key deactivated through one node is refused by every node within a second", async () => {
    const admin = iam();
    await admin.send(new IAM.CreateUserCommand({ UserName: "deactivated" }));
    await admin.send(new IAM.PutUserPolicyCommand({ UserName: "deactivated", PolicyName: "invoke", PolicyDocument: policy(allow("bedrock:InvokeModel")) }));
    const { AccessKey } = await admin.send(new IAM.CreateAccessKeyCommand({ UserName: "deactivated" }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    // Every node now holds the key in its lookup cache (5 s): without a message from the node
    // that deactivates it, the others would go on accepting it until that expires.
    const perNode = await onePerNode(keys);
    await admin.send(new IAM.UpdateAccessKeyCommand({ UserName: "deactivated", AccessKeyId: keys.accessKeyId, Status: "Inactive" }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const [node, client] of perNode) {
      const refused = await servedBy(client).then(() => undefined, (error: unknown) => error as { $metadata?: { httpStatusCode?: number } });
      assert.ok(refused, `${node} still accepted the deactivated key a second later`);
      assert.equal(refused.$metadata?.httpStatusCode, 403, `${node}: ${String(refused)}`);
    }
  });

  it("a quota holds for the deployment: RPM calls spread over three nodes are admitted, the rest throttled", async () => {
    const perNode = [...(await onePerNode()).values()];
    const outcomes: string[] = [];
    const started = Date.now();
    // Round after round over the three nodes, so each node alone would still be under its limit.
    for (let round = 0; round < RPM; round++) {
      for (const client of perNode) {
        outcomes.push(await servedBy(client, OTHER_MODEL).then(() => "ok", (error: unknown) => {
          if (error instanceof ThrottlingException) return "throttled";
          throw error;
        }));
      }
    }
    // The bucket refills one call every 60/RPM s: a slow run may earn one more (not a timing
    // assertion, an allowance for it); each node counting alone would admit all 3 × RPM.
    const refilled = Math.floor((Date.now() - started) / (60_000 / RPM));
    const admitted = outcomes.filter((o) => o === "ok").length;
    assert.deepEqual(outcomes.slice(0, RPM), Array(RPM).fill("ok"), outcomes.join(" "));
    assert.ok(admitted >= RPM && admitted <= RPM + refilled, `admitted ${admitted} of ${outcomes.length}: ${outcomes.join(" ")}`);
    assert.equal(outcomes.filter((o) => o === "throttled").length, outcomes.length - admitted);
  });

  it("a node killed with SIGKILL under load loses only the calls on its own connections; HAProxy takes it out", async (t) => {
    const victim = cluster.nodes[1]!;
    const load = await Promise.all(Array.from({ length: 6 }, async () => {
      const client = runtime();
      return { client, first: await servedBy(client), after: [] as string[], failures: [] as unknown[] };
    }));
    assert.ok(load.some((l) => l.first === victim.name), "no connection reached the node to be killed");
    let killed = false;
    let stop = false;
    const running = load.map(async (l) => {
      while (!stop) {
        try {
          const node = await servedBy(l.client);
          if (killed) l.after.push(node);
        } catch (error) {
          l.failures.push(error);
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await victim.kill("SIGKILL");
    killed = true;
    await waitUntil(async () => (await cluster.serverStatus()).get(victim.name) !== "UP", 30_000, () => "HAProxy never took the killed node out");
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(running);

    for (const l of load) {
      if (l.first === victim.name) {
        // At most the one call on its connection when the node died; then a new connection elsewhere.
        assert.ok(l.failures.length <= 1, `a client of the killed node lost ${l.failures.length} calls: ${l.failures.map(String).join("; ")}`);
      } else {
        assert.deepEqual(l.failures.map(String), [], `a client of ${l.first} lost calls when another node died`);
      }
      assert.ok(l.after.length > 0, "a client was served nothing after the kill");
      assert.ok(!l.after.includes(victim.name), "a dead node answered");
    }
    t.diagnostic(`calls lost by the killed node's clients: ${load.filter((l) => l.first === victim.name).map((l) => l.failures.length).join(", ")}`);
    const status = await cluster.serverStatus();
    assert.match(status.get(victim.name) ?? "", /^DOWN/);
    assert.equal(status.get("node-1"), "UP");
    assert.equal(status.get("node-3"), "UP");
    // New connections reach only the living nodes.
    const fresh = await Promise.all(Array.from({ length: 6 }, () => servedBy(runtime())));
    assert.deepEqual([...new Set(fresh)].sort(), ["node-1", "node-3"]);
  });
});
