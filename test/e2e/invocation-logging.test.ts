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
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { storedBox } from "./stored-box.js";
import { recordContext } from "../../src/service/invocation-logging/index.js";
import type { ModelInvocationLog } from "../../src/service/invocation-logging/index.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { bedrockAs, failsWith, runtimeAs } from "./iam-admin.js";
import { findSecret } from "./scan.js";
import { stsClient } from "./sts-fixture.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const EMBED = "amazon.titan-embed-text-v2:0";
const BROKEN = "meta.llama3-2-11b-instruct-v1:0";
/** Logged while logging is on: must be sealed, so findable nowhere on disk. */
const CANARY = `LOGCANARY-${randomUUID()}`;
/** Sent after the configuration was deleted: must not be logged at all. */
const AFTER_DELETE = `AFTERDELETE-${randomUUID()}`;

function configFor(upstream: Loopback, extra: object = {}) {
  return {
    region: "eu-west-2",
    providers: [{ id: "up", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 }],
    models: [
      { modelId: MODEL, provider: "up", upstreamModel: "echo-model", providerName: "Meta", inputModalities: ["TEXT", "IMAGE"] },
      { modelId: EMBED, provider: "up", upstreamModel: "embed-model", providerName: "Amazon", outputModalities: ["EMBEDDING"], streaming: false },
      // Its stream turns into garbage after it began: the record must say the stream failed.
      { modelId: BROKEN, provider: "up", upstreamModel: "malformed-model", providerName: "Meta", inputModalities: ["TEXT", "IMAGE"] },
    ],
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
    const rows = db.prepare("select account_id, request_id, ciphertext from invocation_logs").all() as Row[];
    // Changing the configuration is a management event: each Put (refused ones too) and the Delete.
    const audited = db.prepare("select event_name, count(*) as n from audit_events where event_name like '%ModelInvocationLoggingConfiguration' group by event_name").all() as Array<{ event_name: string; n: number }>;
    db.close();
    const count = (name: string) => audited.find((a) => a.event_name === name)?.n ?? 0;
    assert.equal(count("PutModelInvocationLoggingConfiguration"), 3);
    assert.equal(count("DeleteModelInvocationLoggingConfiguration"), 1);
    assert.equal(rows.length, 1, "only the call made while logging was on");
    const row = rows[0]!;
    assert.equal(row.request_id, loggedRequestId);
    const stored = await storedBox(dataDir, "eu-west-2");
    try {
      // Sealed under the account's plinth-managed default key, not the root key directly.
      assert.match(stored.box.sealedUnder(row.ciphertext)?.arn ?? "", new RegExp(`^arn:aws:kms:eu-west-2:${row.account_id}:key/`));
      const opened = await stored.box.open(row.ciphertext, recordContext(row.account_id, row.request_id));
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
      await stored.close();
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

interface Row { readonly account_id: string; readonly request_id: string; readonly ciphertext: Buffer }

/** Every record in a stopped server's database, opened under its root key (as an operator's export would). */
async function openRecords(dataDir: string): Promise<{ rows: Row[]; records: ModelInvocationLog[] }> {
  const db = new BetterSqlite3(join(dataDir, "plinth.db"), { readonly: true, fileMustExist: true });
  const rows = db.prepare("select account_id, request_id, ciphertext from invocation_logs order by created_at, request_id").all() as Row[];
  db.close();
  const stored = await storedBox(dataDir, "eu-west-2");
  try {
    const box = stored.box;
    const records: ModelInvocationLog[] = [];
    for (const row of rows) records.push(JSON.parse(Buffer.from(await box.open(row.ciphertext, recordContext(row.account_id, row.request_id))).toString("utf8")) as ModelInvocationLog);
    return { rows, records };
  } finally {
    await stored.close();
  }
}

const json = (o: object): Uint8Array => new TextEncoder().encode(JSON.stringify(o));
const parse = (bytes: Uint8Array | undefined): Record<string, unknown> => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
const METRICS = "amazon-bedrock-invocationMetrics";
/** A 1x1 PNG: Converse image content, which text delivery alone must leave out. */
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1e1a90000000049454e44ae426082", "hex");
const omittedFor = (kind: string, flag: string) => ({ omitted: { kinds: [kind], reason: `${flag} off for this account` } });

/**
 * ConverseStream, InvokeModel and InvokeModelWithResponseStream through the official runtime
 * client: nothing recorded while logging is off; with it on, one record per call, a stream's
 * written when it ended (failed ones too), InvokeModel's carrying the raw body; each delivery
 * flag keeping out the content it does not enable; every record sealed (no canary in any file).
 */
describe("invocation log records of streams and native bodies", () => {
  const canary = (name: string) => `${name}-${randomUUID()}`;
  const OFF = { converse: canary("OFFSTREAM"), invoke: canary("OFFINVOKE"), stream: canary("OFFCHUNKS") };
  const ON = { converse: canary("TEXTSTREAM"), invoke: canary("TEXTINVOKE"), stream: canary("TEXTCHUNKS"), embed: canary("TEXTEMBED"), broken: canary("BROKEN") };
  const EMBED_ONLY = { converse: canary("NOTEXTSTREAM"), embed: canary("NOTEXTEMBED") };
  let upstream: Loopback;
  let server: RunningServer;
  let dataDir: string;
  const ids: Record<string, string> = {};
  const seen: { chunks?: Record<string, unknown>[]; vector?: unknown } = {};
  const control = () => bedrockAs(server, server.credentials);
  const runtime = () => runtimeAs(server, server.credentials);

  async function converseStream(text: string, modelId = MODEL): Promise<{ id: string; text: string }> {
    const out = await runtime().send(new ConverseStreamCommand({
      modelId, requestMetadata: { case: "stream" },
      messages: [{ role: "user", content: [{ text: `remember ${text}` }, { image: { format: "png", source: { bytes: PNG } } }] }],
    }));
    let answer = "";
    for await (const e of out.stream!) answer += e.contentBlockDelta?.delta?.text ?? "";
    return { id: out.$metadata.requestId!, text: answer };
  }
  async function invoke(modelId: string, body: object): Promise<{ id: string; body: Record<string, unknown> }> {
    const out = await runtime().send(new InvokeModelCommand({ modelId, contentType: "application/json", body: json(body), requestMetadata: JSON.stringify({ case: "invoke" }) }));
    return { id: out.$metadata.requestId!, body: parse(out.body) };
  }
  async function invokeStream(prompt: string): Promise<{ id: string; chunks: Record<string, unknown>[] }> {
    const out = await runtime().send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, contentType: "application/json", body: json({ prompt }) }));
    const chunks: Record<string, unknown>[] = [];
    for await (const e of out.body!) chunks.push(parse(e.chunk?.bytes));
    return { id: out.$metadata.requestId!, chunks };
  }

  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback" });
    dataDir = await mkdtemp(join(tmpdir(), "plinth-invlog-streams-"));
    server = await startServer({ dataDir, config: configFor(upstream) });
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("while logging is off, the three operations answer and record nothing", async () => {
    assert.match((await converseStream(OFF.converse)).text, new RegExp(OFF.converse));
    await invoke(MODEL, { prompt: OFF.invoke });
    await invokeStream(OFF.stream);
  });

  it("with text delivery on, each call is recorded, a failed stream too", async () => {
    await control().send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } }));
    const stream = await converseStream(ON.converse);
    assert.match(stream.text, new RegExp(ON.converse));
    ids["ConverseStream"] = stream.id;
    const invoked = await invoke(MODEL, { prompt: `remember ${ON.invoke}`, max_gen_len: 64 });
    assert.match(String(invoked.body["generation"]), new RegExp(ON.invoke));
    ids["InvokeModel"] = invoked.id;
    const chunks = await invokeStream(`remember ${ON.stream}`);
    assert.match(chunks.chunks.map((c) => c["generation"]).join(""), new RegExp(ON.stream));
    ids["InvokeModelWithResponseStream"] = chunks.id;
    seen.chunks = chunks.chunks;
    ids["embed-text"] = (await invoke(EMBED, { inputText: ON.embed })).id;
    await assert.rejects(converseStream(ON.broken, BROKEN), (e: Error) => /Exception$/.test(e.name));
  });

  it("with only embedding delivery on, an embedding call records its vectors and no text; a chat records no text", async () => {
    await control().send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { embeddingDataDeliveryEnabled: true } }));
    const embedded = await invoke(EMBED, { inputText: EMBED_ONLY.embed });
    ids["embed-vectors"] = embedded.id;
    seen.vector = embedded.body["embedding"];
    ids["stream-no-text"] = (await converseStream(EMBED_ONLY.converse)).id;
    await control().send(new DeleteModelInvocationLoggingConfigurationCommand({}));
  });

  it("after stop: the records say what happened, hold only what the flags enabled, and no canary is in any file", async () => {
    await server.stop();
    for (const c of [...Object.values(OFF), ...Object.values(ON), ...Object.values(EMBED_ONLY)]) {
      assert.deepEqual(await findSecret(c, { dir: dataDir, texts: {} }), [], `${c.split("-")[0]} is sealed`);
    }
    const { records } = await openRecords(dataDir);
    const everything = JSON.stringify(records);
    for (const c of [...Object.values(OFF), ...Object.values(EMBED_ONLY)]) assert.ok(!everything.includes(c), `${c.split("-")[0]} is in no record`);
    assert.equal(records.length, 7, "five calls with text on (one failed), two with embeddings only; none while off");
    const byId = (id: string) => records.find((r) => r.requestId === id)!;

    const stream = byId(ids["ConverseStream"]!);
    assert.deepEqual([stream.operation, stream.modelId, stream.streamOutcome, stream.errorCode, stream.requestMetadata], ["ConverseStream", MODEL, "completed", undefined, { case: "stream" }]);
    assert.deepEqual(stream.input.inputBodyJson, { messages: [{ role: "user", content: [{ text: `remember ${ON.converse}` }, omittedFor("image", "imageDataDeliveryEnabled")] }] });
    const events = stream.output.outputBodyJson as Record<string, { delta?: { text?: string } }>[];
    assert.match(events.map((e) => e["contentBlockDelta"]?.delta?.text ?? "").join(""), new RegExp(ON.converse));
    assert.ok("messageStart" in events[0]! && "metadata" in events.at(-1)!);
    assert.equal(typeof stream.output.outputTokenCount, "number");

    const invoked = byId(ids["InvokeModel"]!);
    assert.deepEqual([invoked.operation, invoked.requestMetadata], ["InvokeModel", { case: "invoke" }], "X-Amzn-Bedrock-Request-Metadata, as the client sent it");
    assert.deepEqual(invoked.input.inputBodyJson, { prompt: `remember ${ON.invoke}`, max_gen_len: 64 }, "the raw body, as sent");
    assert.match(String((invoked.output.outputBodyJson as Record<string, unknown>)["generation"]), new RegExp(ON.invoke));

    const chunked = byId(ids["InvokeModelWithResponseStream"]!);
    assert.deepEqual([chunked.operation, chunked.streamOutcome], ["InvokeModelWithResponseStream", "completed"]);
    assert.deepEqual(chunked.input.inputBodyJson, { prompt: `remember ${ON.stream}` });
    const strip = (c: Record<string, unknown>) => { const { [METRICS]: metrics, ...rest } = c; return { rest, counts: metrics === undefined ? undefined : [(metrics as Record<string, unknown>)["inputTokenCount"], (metrics as Record<string, unknown>)["outputTokenCount"]] }; };
    assert.deepEqual((chunked.output.outputBodyJson as Record<string, unknown>[]).map(strip), seen.chunks!.map(strip), "the chunks the client decoded");

    const embedText = byId(ids["embed-text"]!);
    assert.deepEqual(embedText.input.inputBodyJson, { inputText: ON.embed });
    assert.deepEqual(embedText.output.outputBodyJson, omittedFor("embedding", "embeddingDataDeliveryEnabled"));

    const broken = records.find((r) => r.modelId === BROKEN)!;
    assert.deepEqual([broken.operation, broken.streamOutcome], ["ConverseStream", "failed"]);
    assert.match(broken.errorCode ?? "", /Exception$/);

    const vectors = byId(ids["embed-vectors"]!);
    assert.deepEqual(vectors.input.inputBodyJson, omittedFor("text", "textDataDeliveryEnabled"));
    assert.deepEqual((vectors.output.outputBodyJson as Record<string, unknown>)["embedding"], seen.vector);

    const noText = byId(ids["stream-no-text"]!);
    assert.deepEqual(noText.input.inputBodyJson, { messages: [{ role: "user", content: [omittedFor("text", "textDataDeliveryEnabled"), omittedFor("image", "imageDataDeliveryEnabled")] }] });
  });
});

/**
 * invocationLogging.forbiddenAccounts: an account not listed may opt in; once listed, its Put is
 * refused saying why, Get answers that logging is off, and its earlier configuration records nothing.
 */
describe("an account the deployment forbids to log content", () => {
  const BEFORE = `BEFOREFORBID-${randomUUID()}`;
  const AFTER = `AFTERFORBID-${randomUUID()}`;
  let upstream: Loopback;
  let server: RunningServer | undefined;
  let dataDir: string;
  let account: string;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback" });
    dataDir = await mkdtemp(join(tmpdir(), "plinth-invlog-forbid-"));
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("while another account is forbidden, this one opts in and is recorded", async () => {
    server = await startServer({ dataDir, config: configFor(upstream, { invocationLogging: { forbiddenAccounts: ["999999999999"] } }) });
    account = (await stsClient(server).send(new GetCallerIdentityCommand({}))).Account!;
    assert.notEqual(account, "999999999999");
    await bedrockAs(server, server.credentials).send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } }));
    await runtimeAs(server, server.credentials).send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: BEFORE }] }] }));
    await server.stop();
    server = undefined;
  });

  it("once it is listed: Put is refused saying why, Get answers off, and nothing more is recorded", async () => {
    server = await startServer({ dataDir, config: configFor(upstream, { invocationLogging: { forbiddenAccounts: [account] } }) });
    const control = bedrockAs(server, server.credentials);
    const error = await failsWith(control.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } })),
      "ValidationException", new RegExp(`forbidden for account ${account}`));
    assert.match(error.message, /invocationLogging\.forbiddenAccounts/);
    assert.equal((await control.send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig, undefined);
    const runtime = runtimeAs(server, server.credentials);
    await runtime.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: AFTER }] }] }));
    const out = await runtime.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: AFTER }] }] }));
    for await (const _ of out.stream!) { /* drain */ }
    await server.stop();
    server = undefined;
    const { records } = await openRecords(dataDir);
    assert.deepEqual(records.map((r) => r.operation), ["Converse"], "only the call made before the account was forbidden");
    assert.match(JSON.stringify(records[0]!.input.inputBodyJson), new RegExp(BEFORE));
    assert.deepEqual(await findSecret(AFTER, { dir: dataDir, texts: {} }), []);
  });
});

/**
 * A caller that leaves mid-stream: the stream's record is still written, once, with what had been
 * streamed and `streamOutcome: client-disconnected`. The upstream pauses between tokens so the
 * caller can leave while the answer is still coming.
 */
describe("a stream its caller abandons", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let dataDir: string;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback", chunkDelayMs: 200 });
    dataDir = await mkdtemp(join(tmpdir(), "plinth-invlog-abandon-"));
    server = await startServer({ dataDir, config: configFor(upstream) });
  });
  after(async () => {
    await server?.stop();
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is recorded as client-disconnected with the events sent before the caller left", async () => {
    await bedrockAs(server, server.credentials).send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } }));
    const leave = new AbortController();
    const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(" ");
    const out = await runtimeAs(server, server.credentials).send(
      new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: words }] }] }), { abortSignal: leave.signal });
    await assert.rejects((async () => {
      for await (const e of out.stream!) if (e.contentBlockDelta) leave.abort();
    })());
    // The server learns of the departure on its own time: wait for the row (bounded), not for a duration.
    const db = new BetterSqlite3(join(dataDir, "plinth.db"), { readonly: true, fileMustExist: true });
    try {
      for (let i = 0; i < 100 && (db.prepare("select count(*) as n from invocation_logs").get() as { n: number }).n === 0; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      db.close();
    }
    await server.stop();
    const { records } = await openRecords(dataDir);
    assert.equal(records.length, 1);
    assert.deepEqual([records[0]!.operation, records[0]!.streamOutcome], ["ConverseStream", "client-disconnected"]);
    const events = records[0]!.output.outputBodyJson as Record<string, unknown>[];
    assert.ok(events.some((e) => "contentBlockDelta" in e), "what was streamed before the caller left");
    assert.ok(!events.some((e) => "metadata" in e), "and not the end it never saw");
  });
});
