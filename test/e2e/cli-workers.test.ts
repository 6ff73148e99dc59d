import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "node:https";
import { BedrockClient, GetAccountDataRetentionCommand, ListFoundationModelsCommand, PutAccountDataRetentionCommand } from "@aws-sdk/client-bedrock";
import * as IAM from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, iamAs, policy } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";

/**
 * `plinth start --workers 2`, driven as an operator and the official clients drive it: both
 * workers serve (each is an audit node of its own), a key deactivated through one is refused by
 * both on the very next request, so is an account's data-retention mode, a worker killed with SIGKILL is started again while calls keep
 * succeeding, and `plinth audit verify` verifies every worker's log.
 */
describe("plinth start --workers 2", () => {
  let server: RunningServer;
  let dataDir: string;
  const clients: BedrockClient[] = [];

  /** A client on its own connection: the primary hands each new connection to the next worker. */
  function client(credentials: Keys, maxAttempts = 1): BedrockClient {
    const c = new BedrockClient({
      endpoint: server.url, region: server.region, credentials, maxAttempts,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca, keepAlive: true, maxSockets: 1 }) }),
    });
    clients.push(c);
    return c;
  }

  function workerPids(): number[] {
    const m = /workers: 2 processes sharing the listeners \(pids (\d+), (\d+); primary (\d+)\)/.exec(server.stderr());
    assert.ok(m, `no workers line in:\n${server.stderr()}`);
    assert.equal(Number(m[3]), server.pid);
    return [Number(m[1]), Number(m[2])];
  }

  async function audit(...args: string[]): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, ["bin/plinth.js", "audit", ...args, "--data-dir", server.dataDir], { env: { PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    return { code, out };
  }

  /** The audit nodes that recorded calls made with `accessKeyId`. */
  async function nodesServing(accessKeyId: string): Promise<Set<string>> {
    const { out } = await audit("tail", "-n", "1000");
    const nodes = new Set<string>();
    for (const line of out.split("\n").filter((l) => l.startsWith("{"))) {
      const event = JSON.parse(line) as { userIdentity?: { accessKeyId?: string }; additionalEventData?: { node?: string } };
      if (event.userIdentity?.accessKeyId === accessKeyId && event.additionalEventData?.node) nodes.add(event.additionalEventData.node);
    }
    return nodes;
  }

  before(async () => {
    // Its own directory, kept after the server stops: `plinth audit verify` reads it then.
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-workers-"));
    server = await startServer({ args: ["--workers", "2"], dataDir });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("prints the banner once and names both workers", () => {
    assert.equal(server.stderr().match(/plinth listening on/g)?.length, 1);
    const pids = workerPids();
    assert.notEqual(pids[0], pids[1]);
  });

  it("serves from both workers, each recording under its own audit node", async () => {
    const many = Array.from({ length: 6 }, () => client(server.credentials));
    await Promise.all(many.map((c) => c.send(new ListFoundationModelsCommand({}))));
    assert.deepEqual([...await nodesServing(server.credentials.accessKeyId)].sort(), ["node-1.w1", "node-1.w2"]);
  });

  it("a key deactivated through one worker is refused by both on the next request", async () => {
    const iam = iamAs(server);
    try {
      await iam.send(new IAM.CreateUserCommand({ UserName: "across-workers" }));
      await iam.send(new IAM.PutUserPolicyCommand({ UserName: "across-workers", PolicyName: "p", PolicyDocument: policy(allow("bedrock:ListFoundationModels")) }));
      const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "across-workers" }));
      const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      // Each worker caches the key (for seconds) after one allowed call.
      const users = Array.from({ length: 6 }, () => client(keys));
      await Promise.all(users.map((c) => c.send(new ListFoundationModelsCommand({}))));
      assert.deepEqual([...await nodesServing(keys.accessKeyId)].sort(), ["node-1.w1", "node-1.w2"]);

      await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "across-workers", AccessKeyId: keys.accessKeyId, Status: "Inactive" }));
      const after = await Promise.allSettled(users.map((c) => c.send(new ListFoundationModelsCommand({}))));
      for (const result of after) {
        assert.equal(result.status, "rejected", "a worker still accepted the deactivated key");
        assert.equal((result.reason as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
      }
    } finally {
      iam.destroy();
    }
  });

  it("a data-retention mode put through one worker is what both read next (each caches it for seconds)", async () => {
    const readers = Array.from({ length: 6 }, () => client(server.credentials));
    const modes = async (): Promise<string[]> => (await Promise.all(readers.map((c) => c.send(new GetAccountDataRetentionCommand({}))))).map((r) => r.mode!);
    assert.deepEqual(new Set(await modes()), new Set(["none"]));
    await readers[0]!.send(new PutAccountDataRetentionCommand({ mode: "provider_data_share" }));
    assert.deepEqual(new Set(await modes()), new Set(["provider_data_share"]));
    await readers[1]!.send(new PutAccountDataRetentionCommand({ mode: "none" }));
  });

  it("a worker killed with SIGKILL is started again and calls keep succeeding", async () => {
    const [, victim] = workerPids();
    // Clients that retry: a call caught on the killed worker's connection is tried again, as the SDK does by default.
    const load = Array.from({ length: 4 }, () => client(server.credentials, 3));
    let stop = false;
    let served = 0;
    const running = load.map(async (c) => {
      while (!stop) { await c.send(new ListFoundationModelsCommand({})); served++; }
    });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(victim!, "SIGKILL");
    const restarted = await waitFor(() => /plinth: worker 2 restarted \(pid (\d+)\)/.exec(server.stderr()), 30_000);
    assert.notEqual(Number(restarted[1]), victim);
    const before = served;
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(running);
    assert.ok(served > before, "no call was served after the restart");
    assert.match(server.stderr(), new RegExp(`worker 2 \\(pid ${victim}\\) ended \\(SIGKILL\\)`));
    // New connections reach the new worker too.
    const fresh = Array.from({ length: 4 }, () => client(server.credentials));
    await Promise.all(fresh.map((c) => c.send(new ListFoundationModelsCommand({}))));
  });

  it("plinth audit verify verifies every worker's log", async () => {
    // Each worker signs a checkpoint of what it recorded as it stops.
    await server.stop();
    const { code, out } = await audit("verify");
    assert.equal(code, 0, out);
    assert.match(out, /^node-1\.w1: ok: [1-9]\d* events/m);
    assert.match(out, /^node-1\.w2: ok: [1-9]\d* events/m);
  });
});

async function waitFor<T>(probe: () => T | null | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
