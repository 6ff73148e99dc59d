import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { CloudTrailClient, ListPublicKeysCommand, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { leafHash, parseNote, verifierKeyString, verifyCheckpoint, verifyConsistency, verifyInclusion } from "../../src/audit/index.js";
import { CANARY_CATALOGUE, CANARY_MODELS as M } from "./canary-setup.js";
import { organizationsClient } from "./org-clients.js";
import { sign } from "./sign.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { createUser, iamClient, stsClient, temporaryKeys } from "./sts-fixture.js";
import type { Keys } from "./sts-fixture.js";
import { h1 } from "./wire.js";

/**
 * plinth's proof operations on the CloudTrail surface, end to end: requests signed with the AWS
 * SDK's own SigV4 signer (no SDK models these targets), answers checked as a distrustful client
 * would: the checkpoint's signature with the key ListPublicKeys publishes, the proofs against
 * the checkpoint's root with the RFC 6962 verifier. Another account's events are not found.
 */
type Json = Record<string, unknown>;
const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

describe("audit proofs over the CloudTrail API", () => {
  let stack: Stack;
  let dataDir: string;
  let trail: CloudTrailClient;
  let vkey = "";
  let eventId = "";
  let leafIndex = -1;
  let firstSize = 0;

  /** One signed call; resolves with the status, the error name (x-amzn-errortype) and the JSON. */
  async function call(target: string, body: Json, keys: Keys = stack.server.credentials): Promise<{ status: number; error?: string; json: Json }> {
    const request = { method: "POST", path: "/", body: JSON.stringify(body), headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `CloudTrail_20131101.${target}` } };
    const signing = { url: stack.server.url, region: stack.server.region, credentials: keys };
    const answer = await h1(stack.server, await sign(signing, request, { service: "cloudtrail" }));
    const error = answer.headers["x-amzn-errortype"];
    return { status: answer.status, ...(typeof error === "string" ? { error } : {}), json: JSON.parse(answer.body) as Json };
  }

  /** Waits (by asking, not by time) until the checkpointer has signed a tree covering `size` events. */
  async function checkpointCovering(size: number): Promise<Json> {
    for (let i = 0; i < 200; i++) {
      const r = await call("GetAuditCheckpoint", {});
      if (r.status === 200 && (r.json["TreeSize"] as number) >= size) return r.json;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no checkpoint covered ${size} events`);
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-proofs-"));
    stack = await startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: "an answer" }, audit: { checkpointSeconds: 1 } });
    const { url, region, credentials, ca } = stack.server;
    trail = new CloudTrailClient({ endpoint: url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
    const out = await stack.runtime().send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: "hello" }] }], inferenceConfig: { maxTokens: 5 } }));
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Converse" }] }));
    eventId = Events!.find((e) => JSON.parse(e.CloudTrailEvent!).requestID === out.$metadata.requestId)!.EventId!;
    // The client builds the verifier key from the published public key and the checkpoint's signer name.
    const { PublicKeyList } = await trail.send(new ListPublicKeysCommand({}));
    const key = createPublicKey({ key: Buffer.from(PublicKeyList![0]!.Value!), format: "der", type: "spki" });
    const first = await checkpointCovering(1);
    vkey = verifierKeyString(parseNote(first["Checkpoint"] as string).signatures[0]!.name, key);
  });
  after(async () => { await stack.stop(); await rm(dataDir, { recursive: true, force: true }); });

  it("GetAuditInclusionProof by EventId: the checkpoint verifies with the published key, the event with the proof", async () => {
    let r = await call("GetAuditInclusionProof", { EventId: eventId });
    for (let i = 0; i < 200 && r.status !== 200; i++) {
      assert.equal(r.error, "ResourceNotFoundException", JSON.stringify(r.json));
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await call("GetAuditInclusionProof", { EventId: eventId });
    }
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const checkpoint = verifyCheckpoint(r.json["Checkpoint"] as string, vkey);
    const event = r.json["CloudTrailEvent"] as string;
    assert.equal(JSON.parse(event).eventID, eventId);
    assert.equal(r.json["TreeSize"], checkpoint.size);
    leafIndex = r.json["LeafIndex"] as number;
    const path = (r.json["AuditPath"] as string[]).map(b);
    assert.ok(verifyInclusion(leafHash(Buffer.from(event, "utf8")), leafIndex, checkpoint.size, path, checkpoint.root));
    assert.ok(!verifyInclusion(leafHash(Buffer.from(event.replace("hello", "x") + " ", "utf8")), leafIndex, checkpoint.size, path, checkpoint.root), "another leaf does not verify");
    assert.doesNotMatch(event, /hello|an answer/, "no content");
    firstSize = checkpoint.size;

    // By index, against the same signed tree size: the same proof.
    const byIndex = await call("GetAuditInclusionProof", { LeafIndex: leafIndex, TreeSize: firstSize });
    assert.equal(byIndex.status, 200, JSON.stringify(byIndex.json));
    assert.deepEqual(byIndex.json["AuditPath"], r.json["AuditPath"]);
  });

  it("GetAuditConsistencyProof: an older signed tree is a prefix of the newest; GetAuditCheckpoint gives either", async () => {
    for (let i = 0; i < 3; i++) await trail.send(new LookupEventsCommand({ MaxResults: 1 }));
    const newest = await checkpointCovering(firstSize + 3);
    const r = await call("GetAuditConsistencyProof", { FirstTreeSize: firstSize });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const one = verifyCheckpoint(r.json["FirstCheckpoint"] as string, vkey);
    const two = verifyCheckpoint(r.json["SecondCheckpoint"] as string, vkey);
    assert.equal(one.size, firstSize);
    assert.ok(two.size >= (newest["TreeSize"] as number));
    assert.ok(verifyConsistency(one.size, two.size, one.root, two.root, (r.json["ConsistencyPath"] as string[]).map(b)));
    const old = await call("GetAuditCheckpoint", { TreeSize: firstSize });
    assert.equal(old.json["Checkpoint"], r.json["FirstCheckpoint"]);
    assert.equal(verifyCheckpoint(old.json["Checkpoint"] as string, vkey).size, firstSize);
    assert.equal(Buffer.from(b(old.json["RootHash"] as string)).toString("hex"), Buffer.from(one.root).toString("hex"));
  });

  const refusals: Array<[string, string, Json, string, RegExp]> = [
    ["neither EventId nor LeafIndex", "GetAuditInclusionProof", {}, "InvalidParameterException", /EventId/],
    ["both EventId and LeafIndex", "GetAuditInclusionProof", { EventId: "00000000-0000-4000-8000-000000000000", LeafIndex: 0 }, "InvalidParameterException", /EventId/],
    ["a negative LeafIndex", "GetAuditInclusionProof", { LeafIndex: -1 }, "InvalidParameterException", /LeafIndex/],
    ["an EventId that is not one", "GetAuditInclusionProof", { EventId: "not an id" }, "InvalidParameterException", /EventId/],
    ["an event id that does not exist", "GetAuditInclusionProof", { EventId: "00000000-0000-4000-8000-000000000000" }, "ResourceNotFoundException", /EventId/],
    ["a tree size no checkpoint signed", "GetAuditCheckpoint", { TreeSize: 10 ** 12 }, "ResourceNotFoundException", /checkpoint/],
    ["a consistency proof from the empty tree", "GetAuditConsistencyProof", { FirstTreeSize: 0 }, "InvalidParameterException", /FirstTreeSize/],
    ["a consistency proof without FirstTreeSize", "GetAuditConsistencyProof", {}, "InvalidParameterException", /FirstTreeSize/],
    ["a node name that could be anything", "GetAuditCheckpoint", { Node: "../x" }, "InvalidParameterException", /Node/],
    ["an unknown node", "GetAuditCheckpoint", { Node: "node-9" }, "ResourceNotFoundException", /node-9/],
    ["a member the operation does not have", "GetAuditCheckpoint", { Foo: 1 }, "InvalidParameterException", /Foo/],
  ];
  for (const [name, target, body, error, message] of refusals) {
    it(`refuses ${name} in CloudTrail's error shape, naming the field`, async () => {
      const r = await call(target, body);
      assert.equal(r.status, 400);
      assert.equal(r.error, error);
      assert.equal(r.json["__type"], error);
      assert.match(String(r.json["message"]), message);
    });
  }

  it("another account's events are not found, by id or by index; its own are provable; each call is in the trail", async () => {
    const { CreateAccountStatus } = await organizationsClient(stack.server).send(new CreateAccountCommand({ AccountName: "proofs", Email: "proofs@example.com" }));
    const member = CreateAccountStatus!.AccountId!;
    const { Credentials } = await stsClient(stack.server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: "auditor" }));
    const keys = temporaryKeys(Credentials);
    for (const body of [{ EventId: eventId }, { LeafIndex: leafIndex }]) {
      const r = await call("GetAuditInclusionProof", body, keys);
      assert.equal(r.error, "ResourceNotFoundException", JSON.stringify(body));
      assert.doesNotMatch(JSON.stringify(r.json), new RegExp(eventId), "nothing of the other account's event");
    }
    // The member's own refused call above is an event of its account, and provable to it.
    const own = await new CloudTrailClient({ endpoint: stack.server.url, region: stack.server.region, credentials: keys, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: stack.server.ca }) }) })
      .send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetAuditInclusionProof" }] }));
    const mine = own.Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
    assert.ok(mine.length >= 2 && mine.every((e) => e.recipientAccountId === member));
    assert.ok(mine.some((e) => e.requestParameters?.eventId === eventId && e.errorCode === "ResourceNotFoundException"), "the refused call is audited");
    const index = (await checkpointCovering(1)) && mine[0].eventID as string;
    let r = await call("GetAuditInclusionProof", { EventId: index }, keys);
    for (let i = 0; i < 200 && r.status !== 200; i++) { await new Promise((resolve) => setTimeout(resolve, 100)); r = await call("GetAuditInclusionProof", { EventId: index }, keys); }
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });

  it("is authorised as reading the trail: cloudtrail:LookupEvents allows it, its absence denies it", async () => {
    const iam = iamClient(stack.server);
    const reader = await createUser(iam, "trail-reader", [{ Effect: "Allow", Action: "cloudtrail:LookupEvents", Resource: "*" }]);
    const other = await createUser(iam, "no-trail", [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }]);
    assert.equal((await call("GetAuditCheckpoint", {}, reader.keys)).status, 200);
    const denied = await call("GetAuditConsistencyProof", { FirstTreeSize: 1 }, other.keys);
    assert.equal(denied.error, "AccessDeniedException");
    assert.match(String(denied.json["message"]), /cloudtrail:LookupEvents/);
  });
});
