import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as IAM from "@aws-sdk/client-iam";
import { CreatePolicyCommand, ListRootsCommand } from "@aws-sdk/client-organizations";
import { malformedHttp1, requestText } from "./fuzz-http1.js";
import { anthropicRequests } from "./fuzz-anthropic.js";
import { controlRequests, runtimeRequests } from "./fuzz-bedrock.js";
import { openAiRequests } from "./fuzz-openai.js";
import { iamRequests, organizationsRequests, stsRequests } from "./fuzz-rpc.js";
import { labelled } from "./fuzz-surfaces.js";
import type { FuzzRequest, World } from "./fuzz-surfaces.js";
import { Refused, Unsendable, Wire, canaryNeedles, describeRequest, problemsWith, rawExchange } from "./fuzz-wire.js";
import { iamAs } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { findSecret } from "./scan.js";
import { sign } from "./sign.js";
import { accessLines, startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { h1 } from "./wire.js";

/**
 * A bounded, seeded fuzz run against the real server: validly signed requests on every surface
 * whose members, bytes, headers, paths and operation names are mutations of valid ones, sent
 * sixteen at a time. Never a 5xx, never a hang, every error in the surface's own shape, and a
 * canary planted in every content field in no error, no log line and no file. Then malformed
 * HTTP/1.1 framing, and the server still answers. A failure names the request that caused it;
 * the seed makes it reproducible (~11,000 requests, about 20 s on two idle cores).
 */
const SEED = Number(process.env["PLINTH_FUZZ_SEED"] ?? 1_300_013);
/** A longer hunt than `npm test` affords: PLINTH_FUZZ_SCALE=10 PLINTH_FUZZ_SEED=7 node --test dist/test/e2e/fuzz.test.js */
const SCALE = Number(process.env["PLINTH_FUZZ_SCALE"] ?? 1);
const BATCH = 16;
const DEADLINE_MS = 15_000;
const CASES = Object.fromEntries(Object.entries({ runtime: 3200, control: 1600, iam: 2400, sts: 1600, organizations: 2400, openai: 1600, anthropic: 1600, http1: 128 })
  .map(([surface, n]) => [surface, Math.ceil((n * SCALE) / BATCH) * BATCH])) as Record<"runtime" | "control" | "iam" | "sts" | "organizations" | "openai" | "anthropic" | "http1", number>;
const CANARY = `FUZZCANARY-${randomUUID()}`;
const MODELS = {
  llama: "meta.llama3-1-8b-instruct-v1:0", claude: "anthropic.claude-3-5-haiku-20241022-v1:0", mistral: "mistral.mistral-7b-instruct-v0:2",
  titanText: "amazon.titan-text-express-v1", titanEmbed: "amazon.titan-embed-text-v2:0", cohereEmbed: "cohere.embed-english-v3",
} as const;

describe("fuzz: mutated, validly signed requests on every surface", () => {
  let stack: Stack;
  let dataDir: string;
  let wire: Wire;
  let world: World;
  let stopped = false;
  let slowStop: string | undefined;
  const needles = canaryNeedles(CANARY);
  const tally: Record<string, Record<string, number>> = {};
  /** Stops the server (SIGTERM) and the loopbacks; a server still running 30 s later is a hang, noted and killed. */
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    wire?.close();
    const deadline = setTimeout(() => { slowStop = "the server did not exit within 30 s of SIGTERM"; process.kill(stack.server.pid, "SIGKILL"); }, 30_000);
    try { await stack.stop(); } finally { clearTimeout(deadline); }
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-fuzz-"));
    stack = await startStack({
      dataDir, loopback: { text: "A fixed answer." },
      models: [
        { modelId: MODELS.llama, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
        { modelId: MODELS.claude, via: "anthropic", upstreamModel: "chat-model", providerName: "Anthropic" },
        { modelId: MODELS.mistral, via: "openai", upstreamModel: "chat-model", providerName: "Mistral AI" },
        { modelId: MODELS.titanText, via: "openai", upstreamModel: "chat-model", providerName: "Amazon" },
        { modelId: MODELS.titanEmbed, via: "openai", upstreamModel: "embed-model", providerName: "Amazon", embedding: true },
        { modelId: MODELS.cohereEmbed, via: "openai", upstreamModel: "embed-model", providerName: "Cohere", embedding: true },
      ],
    });
    wire = new Wire(stack.server, DEADLINE_MS);
    world = await setUpWorld(stack);
  });
  after(async () => { await stop(); await rm(dataDir, { recursive: true, force: true }); });

  /** Sends the cases BATCH at a time; fails with the first request whose answer breaks a property. */
  async function fuzz(surface: string, requests: fc.Arbitrary<FuzzRequest>, cases: number): Promise<void> {
    const counts: Record<string, number> = (tally[surface] = {});
    const count = (key: string) => { counts[key] = (counts[key] ?? 0) + 1; };
    const exercise = async (req: FuzzRequest): Promise<string | undefined> => {
      const signed = await sign(stack.server, { method: req.method, path: req.path, headers: req.headers, body: req.body }, { service: req.service });
      try {
        const answer = await wire.send(signed, req.h2);
        count(String(answer.status));
        const problems = problemsWith(req, answer, needles);
        return problems.length === 0 ? undefined : `${problems.join("; ")}\n  answer ${answer.status} ${answer.body.toString("utf8").replaceAll(CANARY, "<CANARY>").slice(0, 400)}`;
      } catch (e) {
        if (e instanceof Unsendable) return void count("unsendable");
        if (e instanceof Refused) return void count("refused");
        return `no answer: ${(e as Error).message}`;
      }
    };
    await fc.assert(fc.asyncProperty(fc.array(requests.map(labelled), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const results = await Promise.all(batch.map(exercise));
      const i = results.findIndex((r) => r !== undefined);
      if (i >= 0) throw new Error(`${results[i]}\n  request ${describeRequest(batch[i]!, CANARY)}`);
    }), { seed: SEED, numRuns: Math.ceil(cases / BATCH), endOnFailure: true, includeErrorInReport: true });
    // Not vacuous: the mutations leave many requests valid, and break many others.
    assert.ok((counts["200"] ?? 0) + (counts["201"] ?? 0) > cases / 20, `${surface}: enough successes ${JSON.stringify(counts)}`);
    assert.ok(Object.keys(counts).filter((s) => s.startsWith("4")).length >= 2, `${surface}: several kinds of refusal ${JSON.stringify(counts)}`);
  }

  it(`Bedrock runtime (Converse, ConverseStream, InvokeModel, with a stream, CountTokens): ${CASES.runtime} cases`, () => fuzz("runtime", runtimeRequests(world), CASES.runtime));
  it(`Bedrock control plane (foundation models, resource policies): ${CASES.control} cases`, () => fuzz("control", controlRequests(world), CASES.control));
  it(`IAM (awsQuery): ${CASES.iam} cases`, () => fuzz("iam", iamRequests(world), CASES.iam));
  it(`STS (awsQuery): ${CASES.sts} cases`, () => fuzz("sts", stsRequests(world), CASES.sts));
  it(`Organizations (awsJson): ${CASES.organizations} cases`, () => fuzz("organizations", organizationsRequests(world), CASES.organizations));

  it(`OpenAI-compatible (/openai/v1): ${CASES.openai} cases`, () => fuzz("openai", openAiRequests(world), CASES.openai));
  it(`Anthropic Messages (/anthropic/v1: messages, streamed or not, count_tokens): ${CASES.anthropic} cases`, () => fuzz("anthropic", anthropicRequests(world), CASES.anthropic));

  it(`malformed HTTP/1.1 framing: ${CASES.http1} cases answered or closed, never with a 5xx`, async () => {
    const converse = await sign(stack.server, { method: "POST", path: `/model/${encodeURIComponent(MODELS.llama)}/converse`, headers: { "content-type": "application/json" }, body: `{"messages":[{"role":"user","content":[{"text":"${CANARY}"}]}]}` });
    const templates = [requestText(converse.method, converse.path, converse.headers, String(converse.body)), requestText("GET", "/health", { host: "localhost" })];
    const cases = malformedHttp1(templates).map((text) => ({ text, [fc.toStringMethod]: () => JSON.stringify(text.slice(0, 120)) }));
    await fc.assert(fc.asyncProperty(fc.array(cases, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const answers = await Promise.all(batch.map(({ text }) => rawExchange(stack.server, Buffer.from(text, "latin1"), 500)));
      for (const [i, raw] of answers.entries()) {
        const statuses = [...raw.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
        const bad = statuses.find((s) => s >= 500) ?? (/\n\s+at |\.[cm]?js:\d+:\d+/.test(raw) ? "a stack frame" : raw.includes(CANARY) ? "the canary" : undefined);
        if (bad !== undefined) throw new Error(`${bad} in the answer to ${JSON.stringify(batch[i]!.text.replaceAll(CANARY, "<CANARY>").slice(0, 500))}: ${raw.slice(0, 300)}`);
      }
    }), { seed: SEED, numRuns: CASES.http1 / BATCH, endOnFailure: true, includeErrorInReport: true });
    assert.equal((await h1(stack.server, { method: "GET", path: "/health", headers: {} })).status, 200, "still answering");
  });

  it("the server answered every request through the pipeline, with no 5xx and no bug report", async () => {
    const lines = accessLines(stack.server.stdout());
    const sent = Object.values(tally).flatMap((c) => Object.entries(c)).filter(([k]) => /^\d+$/.test(k)).reduce((n, [, v]) => n + v, 0);
    assert.ok(lines.length >= sent, `an access line per exchange (${lines.length} lines, ${sent} answers)`);
    assert.deepEqual(lines.filter((l) => Number(l["status"]) >= 500 || l["bug"] !== undefined), []);
    assert.ok(stack.openai.requests.some((r) => r.rawBody.includes(CANARY)) && stack.anthropic.requests.some((r) => r.rawBody.includes(CANARY)), "the canary reached the upstreams");
    // The run's shape, for whoever reads the output: statuses per surface.
    console.log(`fuzz statuses (seed ${SEED}): ${JSON.stringify(tally)}`);
  });

  it("after stop: the server exited on SIGTERM; the content canary is in no file under the data directory, nor in stdout or stderr", async () => {
    await stop();
    assert.equal(slowStop, undefined);
    const texts = { stdout: stack.server.stdout(), stderr: stack.server.stderr() };
    assert.deepEqual(await findSecret(CANARY, { dir: dataDir, texts }), []);
    assert.doesNotMatch(texts.stdout + texts.stderr, /\n\s+at |"stack"/);
  });
});

/** What the seeds name: a user, group, role and managed policy to act on, the organisation's root and an SCP. */
async function setUpWorld(stack: Stack): Promise<World> {
  const iam = iamAs(stack.server);
  const account = (await iam.send(new IAM.GetUserCommand({}))).User!.Arn!.split(":")[4]!;
  const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }] });
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }] });
  const { User } = await iam.send(new IAM.CreateUserCommand({ UserName: "fuzz-user" }));
  await iam.send(new IAM.CreateGroupCommand({ GroupName: "fuzz-group" }));
  const { Role } = await iam.send(new IAM.CreateRoleCommand({ RoleName: "fuzz-role", AssumeRolePolicyDocument: trust }));
  const { Policy } = await iam.send(new IAM.CreatePolicyCommand({ PolicyName: "fuzz-policy", PolicyDocument: document }));
  iam.destroy();
  const org = organizationsClient(stack.server);
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const scp = await org.send(new CreatePolicyCommand({ Name: "fuzz-scp", Description: "fuzz", Type: "SERVICE_CONTROL_POLICY", Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }));
  org.destroy();
  return {
    canary: CANARY, region: stack.server.region, account, models: MODELS,
    userArn: User!.Arn!, roleArn: Role!.Arn!, iamPolicyArn: Policy!.Arn!, rootId, scpId: scp.Policy!.PolicySummary!.Id!,
  };
}
