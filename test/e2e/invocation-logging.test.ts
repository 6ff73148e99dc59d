import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import {
  DeleteModelInvocationLoggingConfigurationCommand, GetModelInvocationLoggingConfigurationCommand, PutModelInvocationLoggingConfigurationCommand,
} from "@aws-sdk/client-bedrock";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { EnvelopeSecretBox, loadOrCreateRootKey, rootKeyring } from "../../src/crypto/index.js";
import { recordContext } from "../../src/service/invocation-logging/index.js";
import type { ModelInvocationLog } from "../../src/service/invocation-logging/index.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { bedrockAs, failsWith, runtimeAs } from "./iam-admin.js";
import { findSecret } from "./scan.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";
/** Logged while logging is on: must be sealed, so findable nowhere on disk. */
const CANARY = `LOGCANARY-${randomUUID()}`;
/** Sent after the configuration was deleted: must not be logged at all. */
const AFTER_DELETE = `AFTERDELETE-${randomUUID()}`;

function configFor(upstream: Loopback, extra: object = {}) {
  return {
    region: "eu-west-2",
    providers: [{ id: "up", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 }],
    models: [{ modelId: MODEL, provider: "up", upstreamModel: "echo-model", providerName: "Meta" }],
    ...extra,
  };
}

/**
 * Bedrock's model invocation logging driven by the official client: off by default, text delivery
 * turned on records each Converse call sealed under the root key (the prompt is findable nowhere
 * in the data directory, yet the record opens to it), and Delete stops the recording.
 */
describe("model invocation logging (Put/Get/DeleteModelInvocationLoggingConfiguration) and its records", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let dataDir: string;
  let stopped = false;
  let loggedRequestId: string | undefined;
  const control = () => bedrockAs(server, server.credentials);
  const runtime = () => runtimeAs(server, server.credentials);
  const stop = async () => { if (!stopped) { stopped = true; await server.stop(); } };

  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback" });
    dataDir = await mkdtemp(join(tmpdir(), "plinth-invlog-"));
    server = await startServer({ dataDir, config: configFor(upstream) });
  });
  after(async () => {
    await stop();
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is off until configured: Get answers no loggingConfig", async () => {
    const out = await control().send(new GetModelInvocationLoggingConfigurationCommand({}));
    assert.equal(out.loggingConfig, undefined);
  });

  it("refuses an S3 or CloudWatch destination, naming it and saying where records go", async () => {
    const error = await failsWith(control().send(new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: { s3Config: { bucketName: "my-logs" }, textDataDeliveryEnabled: true },
    })), "ValidationException", /s3Config/);
    assert.match(error.message, /own store, encrypted at rest/);
    await failsWith(control().send(new PutModelInvocationLoggingConfigurationCommand({
      loggingConfig: { cloudWatchConfig: { logGroupName: "g", roleArn: "arn:aws:iam::111111111111:role/r" } },
    })), "ValidationException", /cloudWatchConfig/);
    assert.equal((await control().send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig, undefined);
  });

  it("with text delivery on, a Converse call is recorded", async () => {
    await control().send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } }));
    const got = await control().send(new GetModelInvocationLoggingConfigurationCommand({}));
    assert.equal(got.loggingConfig?.textDataDeliveryEnabled, true);
    assert.equal(got.loggingConfig?.imageDataDeliveryEnabled, false);
    const out = await runtime().send(new ConverseCommand({
      modelId: MODEL, messages: [{ role: "user", content: [{ text: `remember ${CANARY}` }] }], requestMetadata: { team: "audit" },
    }));
    assert.match(out.output?.message?.content?.[0]?.text ?? "", new RegExp(CANARY));
    loggedRequestId = out.$metadata.requestId;
    assert.ok(loggedRequestId);
  });

  it("after Delete, Get answers no loggingConfig and calls are not recorded", async () => {
    await control().send(new DeleteModelInvocationLoggingConfigurationCommand({}));
    assert.equal((await control().send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig, undefined);
    await runtime().send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: `forget ${AFTER_DELETE}` }] }] }));
  });

  it("after stop: one record, encrypted (the canary is in no file), opening under the root key to the call", async () => {
    await stop();
    assert.deepEqual(await findSecret(CANARY, { dir: dataDir, texts: {} }), []);
    assert.deepEqual(await findSecret(AFTER_DELETE, { dir: dataDir, texts: {} }), []);
    const db = new BetterSqlite3(join(dataDir, "plinth.db"), { readonly: true, fileMustExist: true });
    const rows = db.prepare("select account_id, request_id, ciphertext from invocation_logs").all() as Array<{ account_id: string; request_id: string; ciphertext: Buffer }>;
    // Changing the configuration is a management event: each Put (refused ones too) and the Delete.
    const audited = db.prepare("select event_name, count(*) as n from audit_events where event_name like '%ModelInvocationLoggingConfiguration' group by event_name").all() as Array<{ event_name: string; n: number }>;
    db.close();
    const count = (name: string) => audited.find((a) => a.event_name === name)?.n ?? 0;
    assert.equal(count("PutModelInvocationLoggingConfiguration"), 3);
    assert.equal(count("DeleteModelInvocationLoggingConfiguration"), 1);
    assert.equal(rows.length, 1, "only the call made while logging was on");
    const row = rows[0]!;
    assert.equal(row.request_id, loggedRequestId);
    const rootKey = await loadOrCreateRootKey(dataDir);
    try {
      const opened = await new EnvelopeSecretBox(rootKeyring(rootKey)).open(row.ciphertext, recordContext(row.account_id, row.request_id));
      const record = JSON.parse(Buffer.from(opened).toString("utf8")) as ModelInvocationLog;
      assert.equal(record.schemaType, "ModelInvocationLog");
      assert.equal(record.operation, "Converse");
      assert.equal(record.modelId, MODEL);
      assert.equal(record.requestId, loggedRequestId);
      assert.equal(record.region, "eu-west-2");
      assert.deepEqual(record.requestMetadata, { team: "audit" });
      assert.match(JSON.stringify(record.input.inputBodyJson), new RegExp(CANARY));
      assert.match(JSON.stringify(record.output.outputBodyJson), new RegExp(CANARY));
      assert.equal(typeof record.input.inputTokenCount, "number");
    } finally {
      rootKey.destroy();
    }
  });
});

describe("a deployment that forbids content logging", () => {
  let upstream: Loopback;
  let server: RunningServer;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback" });
    server = await startServer({ config: configFor(upstream, { invocationLogging: { forbidden: true } }) });
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
  });

  it("refuses PutModelInvocationLoggingConfiguration with a ValidationException saying why, and stays off", async () => {
    const control = bedrockAs(server, server.credentials);
    await failsWith(control.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } })),
      "ValidationException", /forbidden on this deployment/);
    assert.equal((await control.send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig, undefined);
  });
});
