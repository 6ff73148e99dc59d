import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "node:https";
import BetterSqlite3 from "better-sqlite3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { CloudTrailClient, ListPublicKeysCommand, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CANARY_CATALOGUE, CANARY_MODELS as M } from "./canary-setup.js";
import { startServer } from "./harness.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * The audit trail end to end: calls through the AWS SDK become CloudTrail events that the
 * official CloudTrail client reads back (its own call audited too); `plinth audit verify`
 * replays the stored log against the signed checkpoints in the anchor directory, passes on the
 * untouched trail and names the first bad index once a stored event is altered.
 */
function plinth(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/plinth.js", ...args], { env: { PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe("the audit trail", () => {
  let stack: Stack;
  let dataDir: string;
  let trail: CloudTrailClient;
  let requestId = "";
  let eventId = "";
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-audit-"));
    stack = await startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: "an answer" } });
    const { url, region, credentials, ca } = stack.server;
    trail = new CloudTrailClient({ endpoint: url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
  });
  after(async () => { await stack.stop(); await rm(dataDir, { recursive: true, force: true }); });

  it("records a Converse call as CloudTrail does: who, from where, which model, the deciding statement", async () => {
    const out = await stack.runtime().send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: "hello" }] }], inferenceConfig: { maxTokens: 20 } }));
    requestId = out.$metadata.requestId!;
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Converse" }] }));
    const found = Events!.find((e) => JSON.parse(e.CloudTrailEvent!).requestID === requestId);
    assert.ok(found, "the Converse event is found by its request id");
    eventId = found.EventId!;
    assert.equal(found.EventSource, "bedrock.amazonaws.com");
    assert.equal(found.ReadOnly, "true");
    const record = JSON.parse(found.CloudTrailEvent!);
    assert.equal(record.userIdentity.accessKeyId, stack.server.credentials.accessKeyId);
    assert.equal(record.userIdentity.type, "IAMUser");
    assert.deepEqual(record.requestParameters, { modelId: M.llama, inferenceConfig: { maxTokens: 20 } });
    assert.equal(record.additionalEventData.decision.allowed, true);
    assert.match(record.additionalEventData.decision.statements[0], /^Allow /);
    assert.equal(record.additionalEventData.inferenceRegion, "eu-west-2");
    assert.equal(record.tlsDetails.tlsVersion.startsWith("TLSv1."), true);
    assert.doesNotMatch(found.CloudTrailEvent!, /hello|an answer/, "no content");
  });

  it("records a failed authentication with the key id the caller claimed, and reading the trail is audited too", async () => {
    const bad = new BedrockRuntimeClient({
      endpoint: stack.server.url, region: stack.server.region, maxAttempts: 1,
      credentials: { accessKeyId: stack.server.credentials.accessKeyId, secretAccessKey: "x".repeat(40) },
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: stack.server.ca }) }),
    });
    await assert.rejects(bad.send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: "x" }] }] })));
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: stack.server.credentials.accessKeyId }], MaxResults: 50 }));
    const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
    const failed = records.find((r) => r.errorCode === "SignatureDoesNotMatch" || r.errorCode === "InvalidSignatureException");
    assert.ok(failed, `a failed-signature event: ${records.map((r) => r.errorCode).join(",")}`);
    assert.equal(failed.userIdentity.type, "Unknown");
    assert.equal(failed.additionalEventData.refusedAt, "verify");
    assert.ok(records.some((r) => r.eventName === "LookupEvents" && r.eventSource === "cloudtrail.amazonaws.com"), "the first LookupEvents call is in the trail");
  });

  it("pages with NextToken and refuses a bad one in CloudTrail's terms", async () => {
    const first = await trail.send(new LookupEventsCommand({ MaxResults: 1 }));
    assert.equal(first.Events!.length, 1);
    assert.ok(first.NextToken);
    const second = await trail.send(new LookupEventsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    assert.notEqual(second.Events![0]!.EventId, first.Events![0]!.EventId);
    await assert.rejects(trail.send(new LookupEventsCommand({ NextToken: "forged" })), { name: "InvalidNextTokenException" });
    await assert.rejects(trail.send(new LookupEventsCommand({ MaxResults: 51 })), { name: "InvalidMaxResultsException" });
  });

  it("ListPublicKeys gives the checkpoint key", async () => {
    const { PublicKeyList } = await trail.send(new ListPublicKeysCommand({}));
    assert.equal(PublicKeyList!.length, 1);
    assert.match(PublicKeyList![0]!.Fingerprint!, /^[0-9a-f]{64}$/);
    assert.ok(PublicKeyList![0]!.Value!.length > 32);
  });

  it("after stop, `plinth audit verify` passes; after one stored event is altered it names its index", async () => {
    await stack.stop();
    const key = /"verifierKey":"([^"]+)"/.exec(stack.server.stdout())?.[1];
    assert.ok(key, "the verifier key is printed at start-up");
    const good = await plinth(["audit", "verify", "--data-dir", dataDir, "--key", key]);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /node-1: ok: (\d+) events, \1 under the newest checkpoint/);
    const total = Number(/node-1: ok: (\d+) events/.exec(good.stdout)![1]);

    // An inclusion proof of the Converse event against the newest checkpoint, checked by the CLI.
    const proved = await plinth(["audit", "prove", "--data-dir", dataDir, "--event-id", eventId]);
    assert.equal(proved.code, 0, proved.stdout);
    const proof = JSON.parse(proved.stdout) as { treeSize: number; inclusion: { event: string; proof: string[] } };
    assert.equal(JSON.parse(proof.inclusion.event).eventID, eventId);
    assert.equal(proof.treeSize, total);
    assert.ok(proof.inclusion.proof.length >= 1);

    // Exported in CloudTrail's layout, every event once, byte for byte; a rerun adds nothing.
    const out = join(dataDir, "export");
    const exported = await plinth(["audit", "export", "--data-dir", dataDir, "--out", out]);
    assert.equal(exported.code, 0, exported.stdout);
    const files = (await readdir(out, { recursive: true })).filter((f) => f.endsWith(".json.gz"));
    assert.ok(files.length >= 1);
    for (const f of files) assert.match(f, /^AWSLogs\/\d{12}\/CloudTrail\/eu-west-2\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail_eu-west-2_\d{8}T\d{4}Z_node-1-\d+-\d+\.json\.gz$/);
    const records = (await Promise.all(files.map(async (f) => (JSON.parse(gunzipSync(await readFile(join(out, f))).toString("utf8")) as { Records: unknown[] }).Records))).flat();
    assert.equal(records.length, total);
    assert.match((await plinth(["audit", "export", "--data-dir", dataDir, "--out", out])).stdout, /wrote 0 file/);

    const db = new BetterSqlite3(join(dataDir, "plinth.db"));
    const row = db.prepare("select idx, leaf from audit_events where node = 'node-1' order by idx limit 1 offset 2").get() as { idx: number; leaf: Buffer };
    // Someone with the database rewrites where a call came from.
    const forged = Buffer.from(row.leaf.toString("utf8").replace(/"sourceIPAddress":"[^"]*"/, '"sourceIPAddress":"198.51.100.1"'));
    assert.notDeepEqual(forged, row.leaf);
    db.prepare("update audit_events set leaf = ? where node = 'node-1' and idx = ?").run(forged, row.idx);
    db.close();
    const bad = await plinth(["audit", "verify", "--data-dir", dataDir, "--key", key]);
    assert.equal(bad.code, 1, bad.stdout);
    // A well-formed rewrite is caught by the checkpoint covering it: the verdict names the first
    // index the checkpoints can no longer vouch for (the start of that checkpoint's range).
    const at = Number(/node-1: FAILED at index (\d+):/.exec(bad.stdout)?.[1]);
    assert.ok(at <= row.idx, bad.stdout);

    // A leaf that is not its event's canonical form is pinpointed exactly.
    const db2 = new BetterSqlite3(join(dataDir, "plinth.db"));
    db2.prepare("update audit_events set leaf = ? where node = 'node-1' and idx = ?").run(Buffer.concat([Buffer.from("{ "), forged.subarray(1)]), row.idx);
    db2.close();
    const exact = await plinth(["audit", "verify", "--data-dir", dataDir, "--key", key]);
    assert.match(exact.stdout, new RegExp(`node-1: FAILED at index ${row.idx}:`));
  });
});

describe("the benchmark's audit-off switch", () => {
  it("leaves a StopLogging event in the trail, so the gap shows", async () => {
    const dir = await mkdtemp(join(tmpdir(), "plinth-audit-off-"));
    const server = await startServer({ dataDir: dir, env: { PLINTH_BENCH_AUDIT_OFF: "1" } });
    await server.stop().catch(() => undefined);
    try {
      assert.match(server.stdout(), /audit trail disabled for a benchmark/);
      const tail = await plinth(["audit", "tail", "--data-dir", dir, "-n", "5"]);
      assert.ok(tail.stdout.split("\n").some((line) => line.includes('"eventName":"StopLogging"') && line.includes('"eventSource":"cloudtrail.amazonaws.com"')), tail.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
