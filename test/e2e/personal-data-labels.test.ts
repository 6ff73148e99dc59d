import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import {
  BedrockClient, CreateGuardrailCommand, ListTagsForResourceCommand, TagResourceCommand, UpdateGuardrailCommand,
} from "@aws-sdk/client-bedrock";
import type { CreateGuardrailCommandInput } from "@aws-sdk/client-bedrock";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateUserCommand, TagUserCommand } from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { iamAs } from "./iam-admin.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const EMAIL = "jane.doe@example.com";

const guardrail = (name: string, more: Partial<CreateGuardrailCommandInput> = {}): CreateGuardrailCommandInput => ({
  name,
  wordPolicyConfig: { wordsConfig: [{ text: "forbidden phrase" }] },
  blockedInputMessaging: "Sorry.",
  blockedOutputsMessaging: "Sorry.",
  ...more,
});

const handler = (s: RunningServer) => new NodeHttpHandler({ httpsAgent: new Agent({ ca: s.ca }) });

/** A Bedrock control-plane client that keeps each answer's x-plinth-warning header (undefined when absent). */
function control(s: RunningServer): { client: BedrockClient; warnings: (string | undefined)[] } {
  const client = new BedrockClient({ endpoint: s.url, region: s.region, credentials: s.credentials, maxAttempts: 1, requestHandler: handler(s) });
  const warnings: (string | undefined)[] = [];
  client.middlewareStack.add((next) => async (args) => {
    const out = await next(args);
    warnings.push((out.response as { headers?: Record<string, string> }).headers?.["x-plinth-warning"]);
    return out;
  }, { step: "deserialize", name: "plinthWarningHeader" });
  return { client, warnings };
}

async function auditRecord(s: RunningServer, eventName: string): Promise<Record<string, any>> {
  const trail = new CloudTrailClient({ endpoint: s.url, region: s.region, credentials: s.credentials, maxAttempts: 1, requestHandler: handler(s) });
  try {
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }], MaxResults: 1 }));
    return JSON.parse(Events![0]!.CloudTrailEvent!) as Record<string, any>;
  } finally {
    trail.destroy();
  }
}

describe("personal data in names, descriptions and tags: warned of by default", () => {
  let server: RunningServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  it("CreateGuardrail with an email in a tag value succeeds, with the warning header naming field and type and the audit record the same, never the value", async () => {
    const { client, warnings } = control(server);
    const created = await client.send(new CreateGuardrailCommand(guardrail("support-bot", { tags: [{ key: "team", value: "support" }, { key: "owner", value: EMAIL }] })));
    assert.ok(created.guardrailId);
    assert.deepEqual(warnings, ["personal data (EMAIL) in tags.1.value"]);
    const record = await auditRecord(server, "CreateGuardrail");
    assert.deepEqual(record["additionalEventData"]["personalDataInLabels"], { "tags.1.value": ["EMAIL"] });
    assert.ok(!JSON.stringify(record).includes(EMAIL), "the value is not in the audit record");

    await client.send(new UpdateGuardrailCommand({ guardrailIdentifier: created.guardrailId, ...guardrail("support-bot"), description: `ask ${EMAIL}` }));
    await client.send(new TagResourceCommand({ resourceARN: created.guardrailArn, tags: [{ key: "env", value: "prod" }] }));
    await client.send(new TagResourceCommand({ resourceARN: created.guardrailArn, tags: [{ key: "contact", value: "+44 20 7946 0958" }] }));
    assert.deepEqual(warnings.slice(1), ["personal data (EMAIL) in description", undefined, "personal data (PHONE) in tags.0.value"]);
    client.destroy();
  });

  it("IAM CreateUser and TagUser tags are checked the same way (@aws-sdk/client-iam)", async () => {
    const iam = iamAs(server);
    const warnings: (string | undefined)[] = [];
    iam.middlewareStack.add((next) => async (args) => {
      const out = await next(args);
      warnings.push((out.response as { headers?: Record<string, string> }).headers?.["x-plinth-warning"]);
      return out;
    }, { step: "deserialize", name: "plinthWarningHeader" });
    await iam.send(new CreateUserCommand({ UserName: "pd-user", Tags: [{ Key: "team", Value: "data" }] }));
    await iam.send(new TagUserCommand({ UserName: "pd-user", Tags: [{ Key: "team", Value: "data" }, { Key: "manager", Value: EMAIL }] }));
    assert.deepEqual(warnings, [undefined, "personal data (EMAIL) in tags.2.member.value"]);
    iam.destroy();
  });

  it("clean names and tags carry no warning", async () => {
    const { client, warnings } = control(server);
    await client.send(new CreateGuardrailCommand(guardrail("billing-bot", { description: "Customer support, finance team", tags: [{ key: "cost-center", value: "CC-1234" }] })));
    assert.deepEqual(warnings, [undefined]);
    assert.equal((await auditRecord(server, "CreateGuardrail"))["additionalEventData"]["personalDataInLabels"], undefined);
    client.destroy();
  });
});

describe("personal data in names, descriptions and tags: refused when the deployment asks (dataProtection.namesWithPersonalData: refuse)", () => {
  let server: RunningServer;
  before(async () => { server = await startServer({ config: { dataProtection: { namesWithPersonalData: "refuse" } } }); });
  after(async () => { await server?.stop(); });

  it("CreateGuardrail and TagResource fail with a ValidationException naming the field; nothing is stored", async () => {
    const { client } = control(server);
    await assert.rejects(client.send(new CreateGuardrailCommand(guardrail("owned-bot", { description: `owner ${EMAIL}` }))), (error: Error) => {
      assert.equal(error.name, "ValidationException");
      assert.match(error.message, /Value at 'description' failed to satisfy constraint: holds personal data \(EMAIL\)/);
      assert.ok(!error.message.includes(EMAIL));
      return true;
    });
    const created = await client.send(new CreateGuardrailCommand(guardrail("clean-bot")));
    await assert.rejects(client.send(new TagResourceCommand({ resourceARN: created.guardrailArn, tags: [{ key: "owner", value: EMAIL }] })), (error: Error) => {
      assert.equal(error.name, "ValidationException");
      assert.match(error.message, /'tags\.0\.value'/);
      return true;
    });
    const { tags } = await client.send(new ListTagsForResourceCommand({ resourceARN: created.guardrailArn }));
    assert.deepEqual(tags, []);
    const record = await auditRecord(server, "TagResource");
    assert.deepEqual(record["additionalEventData"]["personalDataInLabels"], { "tags.0.value": ["EMAIL"] });
    assert.equal(record["errorCode"], "ValidationException");
    client.destroy();
  });
});
