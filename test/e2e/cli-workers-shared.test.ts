import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * What the workers of `plinth start --workers 2` count as one node: the primary serves the
 * node's metrics scrape, adding up both workers' registries, and holds the quota buckets, so a
 * limit holds for the node whichever worker takes each call.
 */
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const LIMITED = "meta.llama3-2-3b-instruct-v1:0";
const CALLS = 8;
const RPM = 6;

/** The sum over the series of `name` whose labels include `operation="..."` and `model_id="..."`. */
function total(text: string, name: string, operation: string, modelId: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (m && m[1] === name && m[2]!.includes(`operation="${operation}"`) && m[2]!.includes(`model_id="${modelId}"`)) sum += Number(m[3]);
  }
  return sum;
}

describe("plinth start --workers 2: metrics and quotas are the node's", () => {
  let openai: Loopback;
  let server: RunningServer;
  let metricsUrl: string;
  const clients: BedrockRuntimeClient[] = [];

  /** A client on its own connection: the primary hands each new connection to the next worker. */
  function client(): BedrockRuntimeClient {
    const c = new BedrockRuntimeClient({
      endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca, maxSockets: 1 }) }),
    });
    clients.push(c);
    return c;
  }

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    server = await startServer({
      args: ["--workers", "2"],
      config: {
        region: "eu-west-2",
        metrics: { port: 0 },
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [LLAMA, LIMITED].map((modelId) => ({ modelId, provider: "openai-main", upstreamModel: "chat-model", providerName: "Meta" })),
        quotas: { models: [{ model: LIMITED, requestsPerMinute: RPM }] },
      },
    });
    metricsUrl = /Prometheus metrics: (\S+)/.exec(server.stderr())?.[1] ?? assert.fail(`no metrics line in:\n${server.stderr()}`);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    await openai?.close();
  });

  it("starts, with the metrics listener in the primary", () => {
    assert.match(server.stderr(), /workers: 2 processes/);
    assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  it("a scrape counts every request sent, across both workers, every time", async () => {
    const calls = Array.from({ length: CALLS }, () => client());
    await Promise.all(calls.map((c) => c.send(new ConverseCommand({ modelId: LLAMA, messages: [{ role: "user", content: [{ text: "hi" }] }] }))));
    for (let scrape = 0; scrape < 3; scrape++) {
      const answer = await fetch(metricsUrl);
      assert.equal(answer.status, 200);
      const text = await answer.text();
      assert.equal(total(text, "plinth_requests_total", "Converse", LLAMA), CALLS, text);
      assert.equal(total(text, "plinth_invocations_total", "Converse", LLAMA), CALLS);
    }
  });

  it("a requests-per-minute quota holds for the node, not per worker", async () => {
    // Each call on its own connection, so both workers take some; per worker, each would admit RPM.
    const calls = Array.from({ length: RPM + 4 }, () => client());
    const results = await Promise.allSettled(calls.map((c) => c.send(new ConverseCommand({ modelId: LIMITED, messages: [{ role: "user", content: [{ text: "hi" }] }] }))));
    const refused = results.filter((r) => r.status === "rejected");
    for (const r of refused) assert.ok(r.reason instanceof ThrottlingException, `expected ThrottlingException, got ${String(r.reason)}`);
    // First, so a failure says why: a worker whose primary did not answer within its 100 ms counts
    // alone (at RPM/workers) and the node may then admit one more than RPM while it switches.
    assert.doesNotMatch(server.stderr() + server.stdout(), /counted by this worker alone/, "the primary did not answer a worker in time (an overloaded machine?)");
    assert.equal(results.length - refused.length, RPM);
    const text = await (await fetch(metricsUrl)).text();
    assert.equal(total(text, "plinth_requests_total", "Converse", LIMITED), RPM + 4, "not every call was answered by a worker");
  });
});
