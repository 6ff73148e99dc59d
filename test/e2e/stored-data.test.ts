import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import * as IAM from "@aws-sdk/client-iam";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, iamAs, policy, trailAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { sign } from "./sign.js";
import { h1 } from "./wire.js";

interface Listed {
  storedData: Array<{ accountId: string; resourceArn: string; objectId: string; kind: string; sizeBytes: number; keyArn?: string; keyState?: string; createdAt: string; retention: { rule: string; accountMode: string; expiresAt?: string } }>;
  nextToken?: string;
}

/** GET /stored-data signed with SigV4 (signing name bedrock) by `keys`. */
async function listStoredData(server: RunningServer, keys: Keys, query = ""): Promise<{ status: number; body: string }> {
  const req = await sign({ url: server.url, region: server.region, credentials: keys }, { method: "GET", path: `/stored-data${query}`, headers: {} });
  return h1(server, req);
}

describe("plinth:ListStoredData: the data inventory as a signed, IAM-authorised, audited API", () => {
  let server: RunningServer;
  let iam: IAM.IAMClient;
  let reader: Keys & { arn: string };
  let denied: Keys;
  let nobody: Keys;

  const user = async (name: string, document?: string): Promise<Keys & { arn: string }> => {
    const { User } = await iam.send(new IAM.CreateUserCommand({ UserName: name }));
    if (document) await iam.send(new IAM.PutUserPolicyCommand({ UserName: name, PolicyName: "p", PolicyDocument: document }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, arn: User!.Arn! };
  };

  before(async () => {
    server = await startServer();
    iam = iamAs(server);
    reader = await user("inventory-reader", policy(allow("plinth:ListStoredData")));
    denied = await user("inventory-denied", policy(allow("*"), { Effect: "Deny", Action: "plinth:ListStoredData", Resource: "*" }));
    nobody = await user("inventory-nobody", policy(allow("bedrock:ListFoundationModels")));
    // An MFA seed and a Bedrock API key, so that the newly enveloped kinds are listed too.
    await iam.send(new IAM.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "reader-phone" }));
    await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "inventory-reader", ServiceName: "bedrock.amazonaws.com" }));
  });
  after(async () => {
    iam?.destroy();
    await server?.stop();
  });

  it("lists every stored object of the caller's account with its key, size, age and retention", async () => {
    const answer = await listStoredData(server, reader);
    assert.equal(answer.status, 200, answer.body);
    const { storedData } = JSON.parse(answer.body) as Listed;
    const kinds = new Set(storedData.map((o) => o.kind));
    for (const kind of ["access-key-secret", "mfa-seed", "service-credential-secret", "kms-key-material"]) assert.ok(kinds.has(kind), `${kind} in ${[...kinds].join(", ")}`);
    const account = reader.arn.split(":")[4];
    for (const o of storedData) {
      assert.equal(o.accountId, account);
      assert.ok(o.sizeBytes > 0 && !Number.isNaN(Date.parse(o.createdAt)), JSON.stringify(o));
      assert.equal(o.retention.accountMode, "none");
      // Everything but key material is in an envelope under a KMS key of the account (the default key here).
      if (o.kind !== "kms-key-material") assert.match(o.keyArn ?? "", new RegExp(`^arn:aws:kms:${server.region}:${account}:key/`), JSON.stringify(o));
    }
    const seed = storedData.find((o) => o.kind === "mfa-seed")!;
    assert.deepEqual([seed.resourceArn, seed.objectId, seed.retention.rule], [`arn:aws:iam::${account}:mfa/reader-phone`, "reader-phone", "until-deleted"]);
    assert.ok(storedData.some((o) => o.kind === "access-key-secret" && o.resourceArn === reader.arn && o.objectId === reader.accessKeyId));
  });

  it("pages with maxResults and nextToken; an out-of-range maxResults is refused naming the field", async () => {
    const all = (JSON.parse((await listStoredData(server, reader)).body) as Listed).storedData;
    const first = JSON.parse((await listStoredData(server, reader, "?maxResults=2")).body) as Listed;
    assert.equal(first.storedData.length, 2);
    assert.ok(first.nextToken);
    const rest = JSON.parse((await listStoredData(server, reader, `?nextToken=${first.nextToken}`)).body) as Listed;
    assert.deepEqual([...first.storedData, ...rest.storedData], all);
    assert.equal(rest.nextToken, undefined);
    const refused = await listStoredData(server, reader, "?maxResults=0");
    assert.equal(refused.status, 400);
    assert.match(refused.body, /maxResults/);
  });

  it("an explicit Deny refuses it (403) even beside Allow *; no Allow refuses it too", async () => {
    for (const keys of [denied, nobody]) {
      const answer = await listStoredData(server, keys);
      assert.equal(answer.status, 403, answer.body);
      assert.match(answer.body, /is not authorized to perform: plinth:ListStoredData on resource: \*/);
      assert.ok(!answer.body.includes("storedData"));
    }
  });

  it("an unsigned request is refused before anything is read", async () => {
    const answer = await h1(server, { method: "GET", path: "/stored-data", headers: {} });
    assert.ok(answer.status === 401 || answer.status === 403, String(answer.status));
    assert.ok(!answer.body.includes("storedData"));
  });

  it("each call is in the audit trail, allowed or denied, with no ARN list in it", async () => {
    const trail = trailAs(server);
    try {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ListStoredData" }] }));
      const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as { userIdentity: { arn: string }; errorCode?: string; responseElements?: unknown });
      assert.ok(records.some((r) => r.userIdentity.arn === reader.arn && r.errorCode === undefined), JSON.stringify(records));
      assert.ok(records.some((r) => r.errorCode !== undefined), "the denied calls are recorded");
      for (const r of records) assert.ok(!JSON.stringify(r).includes(":mfa/reader-phone"), "object ARNs stay out of the trail");
    } finally {
      trail.destroy();
    }
  });
});
