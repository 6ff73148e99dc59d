import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import {
  ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { GetFoundationModelCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { openAccessKeySecret } from "../../src/service/identity/index.js";
import { CANARY_CATALOGUE, CANARY_MODELS as M } from "./canary-setup.js";
import { filesUnder, findSecret, formsIn } from "./scan.js";
import { startStack } from "./stack.js";
import { storedBox } from "./stored-box.js";
import type { Stack } from "./stack.js";

/**
 * The promise "prompts and completions are not stored or logged", tested from outside: a canary
 * unique to this run goes through every operation, in every content field, and comes back in
 * completions and failures; then the server is stopped and its data directory (database, WAL,
 * keys, everything), stdout and stderr are searched for it in every encoding it could take.
 */
const CANARY = `CANARY-${randomUUID()}`;
/** Put where identifiers go (model ids in paths and queries), kept apart so each promise is judged alone. */
const ID_CANARY = `IDCANARY-${randomUUID()}`;
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const user = (t: string): Message[] => [{ role: "user", content: [{ text: t }] }];
const weather = { toolSpec: { name: "get_weather", description: `weather ${CANARY}`, inputSchema: { json: { type: "object", properties: { city: { type: "string", description: CANARY } } } } } };

/** The error a call ends with (iterating its stream when it has one); fails when it succeeds. */
async function failure(call: () => Promise<unknown>): Promise<Error & { $fault?: string }> {
  try {
    const out = await call() as { stream?: AsyncIterable<unknown>; body?: unknown };
    const stream = out.stream ?? out.body;
    if (stream && typeof stream === "object" && Symbol.asyncIterator in stream) for await (const _ of stream as AsyncIterable<unknown>) { /* drain */ }
  } catch (e) {
    return e as Error;
  }
  throw new assert.AssertionError({ message: "expected the call to fail" });
}

describe("a content canary never reaches storage or logs", () => {
  let stack: Stack;
  let dataDir: string;
  let stopped = false;
  const completions: string[] = [];
  const stop = async () => { if (!stopped) { stopped = true; await stack.stop(); } };
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-canary-"));
    stack = await startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: `answer ${CANARY}` } });
  });
  after(async () => { await stop(); await rm(dataDir, { recursive: true, force: true }); });

  it("Converse carries it in user text, system prompt, tool input and result, stop sequences and request metadata", async () => {
    const toolUse = { toolUseId: "tooluse_canary01", name: "get_weather", input: { city: CANARY } };
    for (const http1 of [false, true]) {
      const out = await stack.runtime({ http1 }).send(new ConverseCommand({
        modelId: M.llama, system: [{ text: `system ${CANARY}` }], toolConfig: { tools: [weather] },
        messages: [...user(`weather? ${CANARY}`), { role: "assistant", content: [{ text: CANARY }, { toolUse }] },
          { role: "user", content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ text: `result ${CANARY}` }, { json: { note: CANARY } }] } }, { text: `again ${CANARY}` }] }],
        inferenceConfig: { stopSequences: [`${CANARY}-stop`] }, requestMetadata: { tag: CANARY },
      }));
      completions.push(out.output!.message!.content![0]!.text!);
    }
    const claude = await stack.runtime().send(new ConverseCommand({ modelId: M.claude, system: [{ text: CANARY }], messages: user(`hi ${CANARY}`) }));
    completions.push(claude.output!.message!.content![0]!.text!);
    assert.ok(completions.every((c) => c.includes(CANARY)), "the echo upstreams answer the canary back");
  });

  it("ConverseStream streams it back", async () => {
    for (const modelId of [M.llama, M.claude]) {
      const out = await stack.runtime().send(new ConverseStreamCommand({ modelId, system: [{ text: CANARY }], messages: user(`stream ${CANARY}`) }));
      let streamed = "";
      for await (const e of out.stream!) streamed += e.contentBlockDelta?.delta?.text ?? "";
      assert.ok(streamed.includes(CANARY));
      completions.push(streamed);
    }
  });

  it("InvokeModel speaks it in every native family, embeddings included", async () => {
    const c = stack.runtime();
    const call = async (modelId: string, body: unknown) => JSON.parse(text((await c.send(new InvokeModelCommand({ modelId, body: json(body) }))).body)) as Record<string, any>;
    const answers = [
      (await call(M.claude, { anthropic_version: "bedrock-2023-05-31", max_tokens: 500, system: CANARY, messages: [{ role: "user", content: [{ type: "text", text: CANARY }] }] }))["content"][0].text,
      (await call(M.llama, { prompt: `say ${CANARY}` }))["generation"],
      (await call(M.mistral, { prompt: `<s>[INST] ${CANARY} [/INST]` }))["outputs"][0].text,
      (await call(M.titanText, { inputText: CANARY }))["results"][0].outputText,
    ] as string[];
    assert.ok(answers.every((a) => a.includes(CANARY)), `each family echoes the canary: ${JSON.stringify(answers)}`);
    completions.push(...answers);
    assert.equal((await call(M.titanEmbed, { inputText: CANARY }))["embedding"].length > 0, true);
    assert.equal((await call(M.cohereEmbed, { texts: [CANARY, `${CANARY} 2`], input_type: "search_query" }))["embeddings"].length, 2);
  });

  it("InvokeModelWithResponseStream streams it back", async () => {
    for (const [modelId, body] of [[M.llama, { prompt: CANARY }], [M.claude, { anthropic_version: "bedrock-2023-05-31", max_tokens: 500, messages: [{ role: "user", content: CANARY }] }]] as const) {
      const out = await stack.runtime().send(new InvokeModelWithResponseStreamCommand({ modelId, body: json(body) }));
      let streamed = "";
      for await (const e of out.body!) {
        const chunk = JSON.parse(text(e.chunk?.bytes)) as { generation?: string; delta?: { text?: string } };
        streamed += chunk.generation ?? chunk.delta?.text ?? "";
      }
      assert.ok(streamed.includes(CANARY), `${modelId} streams the canary`);
      completions.push(streamed);
    }
  });

  it("CountTokens counts it in both input forms", async () => {
    const a = await stack.runtime().send(new CountTokensCommand({ modelId: M.claude, input: { converse: { messages: user(CANARY), system: [{ text: CANARY }] } } }));
    const b = await stack.runtime().send(new CountTokensCommand({ modelId: M.claude, input: { invokeModel: { body: json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: CANARY }] }) } } }));
    assert.ok(a.inputTokens! > 0 && b.inputTokens! > 0);
  });

  it("failures with it in the request, or in the upstream's answer, are refused without quoting it", async () => {
    const c = stack.runtime();
    const converse = (modelId: string, extra: object = {}) => () => c.send(new ConverseCommand({ modelId, messages: user(`fail ${CANARY}`), ...extra }));
    const stream = (modelId: string) => () => c.send(new ConverseStreamCommand({ modelId, messages: user(`fail ${CANARY}`) }));
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      ["temperature out of range", converse(M.llama, { inferenceConfig: { temperature: 1.5 } }), "ValidationException"],
      ["invalid tool name", converse(M.llama, { toolConfig: { tools: [{ toolSpec: { ...weather.toolSpec, name: `bad name ${CANARY}` } }] } }), "ValidationException"],
      ["unknown role", () => c.send(new ConverseCommand({ modelId: M.llama, messages: [{ role: CANARY as "user", content: [{ text: CANARY }] }] })), "ValidationException"],
      ["chat to an embedding model", converse(M.titanEmbed), "ValidationException"],
      ["malformed native body", () => c.send(new InvokeModelCommand({ modelId: M.llama, body: new TextEncoder().encode(`{"prompt": "${CANARY}`) })), "ValidationException"],
      ["mistyped native field", () => c.send(new InvokeModelCommand({ modelId: M.llama, body: json({ prompt: CANARY, temperature: CANARY }) })), "ValidationException"],
      ["upstream throttling", converse(M.throttled), "ThrottlingException"],
      ["upstream 500", converse(M.failing), "ModelErrorException"],
      ["upstream malformed body", converse(M.malformed), ""],
      ["upstream 400 quoting the canary", converse(M.reflect400), ""],
      ["upstream 500 quoting the canary", converse(M.reflect500), ""],
      ["upstream non-JSON body quoting the canary", converse(M.reflectGarbage), ""],
      ["upstream stream turning malformed after the canary", stream(M.malformed), "ModelStreamErrorException"],
      ["anthropic stream turning malformed", stream(M.claudeMalformed), "ModelStreamErrorException"],
      ["anthropic error event mid-stream", stream(M.claudeErrorEvent), ""],
      ["upstream error event quoting the canary mid-stream", stream(M.reflectStream), ""],
      ["native stream from a throttled upstream", () => c.send(new InvokeModelWithResponseStreamCommand({ modelId: M.throttled, body: json({ prompt: CANARY }) })), "ThrottlingException"],
    ];
    const problems: string[] = [];
    for (const [name, call, expected] of cases) {
      const e = await failure(call);
      if (expected && e.name !== expected) problems.push(`${name}: ${e.name} instead of ${expected} (${e.message})`);
      if (e.message.includes(CANARY)) problems.push(`${name}: the error message quotes the canary: ${e.message}`);
      if (/\n\s+at /.test(e.message)) problems.push(`${name}: a stack trace in the message`);
    }
    assert.deepEqual(problems, []);
  });

  it("identifiers: a canary as a model id is refused on every route, and filters in queries match nothing", async () => {
    const c = stack.runtime();
    const modelId = ID_CANARY;
    const names: string[] = [];
    for (const call of [
      () => c.send(new ConverseCommand({ modelId, messages: user("x") })),
      () => c.send(new ConverseStreamCommand({ modelId, messages: user("x") })),
      () => c.send(new InvokeModelCommand({ modelId, body: json({ prompt: "x" }) })),
      () => c.send(new InvokeModelWithResponseStreamCommand({ modelId, body: json({ prompt: "x" }) })),
      () => c.send(new CountTokensCommand({ modelId, input: { converse: { messages: user("x") } } })),
      () => stack.control().send(new GetFoundationModelCommand({ modelIdentifier: modelId })),
    ]) names.push((await failure(call)).name);
    // InvokeModel checks the id's native family before the catalogue, so it answers ValidationException.
    assert.ok(names.every((n) => n === "ResourceNotFoundException" || n === "ValidationException"), names.join(", "));
    const listed = await stack.control().send(new ListFoundationModelsCommand({ byProvider: ID_CANARY }));
    assert.deepEqual(listed.modelSummaries, []);
  });

  it("the canary did reach the upstreams and came back (the searches below are not vacuous)", () => {
    const carrying = (requests: ReadonlyArray<{ rawBody: string }>) => requests.filter((r) => r.rawBody.includes(CANARY)).length;
    assert.ok(carrying(stack.openai.requests) >= 10, "OpenAI-protocol upstream saw the canary");
    assert.ok(carrying(stack.anthropic.requests) >= 5, "Anthropic upstream saw the canary");
    assert.ok(carrying(stack.reflect.requests) >= 4, "reflecting upstream saw the canary");
    assert.ok(completions.length >= 9 && completions.every((t) => t.includes(CANARY)));
    assert.match(stack.server.stdout(), /"msg":"request"/, "the access log was written");
  });

  it("while running: the data directory, WAL and SHM included, holds no trace of it", async () => {
    const files = (await filesUnder(dataDir)).map((f) => relative(dataDir, f));
    assert.ok(files.includes("plinth.db") && files.includes("plinth.db-wal"), `the database and its WAL are searched: ${files.join(", ")}`);
    assert.deepEqual(await findSecret(CANARY, { dir: dataDir, texts: {} }), []);
  });

  it("after stop: the content canary is in no file under the data directory, nor in stdout or stderr", async () => {
    await stop();
    const texts = { stdout: stack.server.stdout(), stderr: stack.server.stderr() };
    assert.deepEqual(await findSecret(CANARY, { dir: dataDir, texts }), []);
  });

  it("after stop: the identifier canary (an unknown model id in paths and queries) is in no file, nor in stdout or stderr", async () => {
    await stop();
    const texts = { stdout: stack.server.stdout(), stderr: stack.server.stderr() };
    assert.deepEqual(await findSecret(ID_CANARY, { dir: dataDir, texts }), []);
  });

  it("after stop: the access secret is only in the credentials file, the upstream keys nowhere, the database holds ciphertext", async () => {
    await stop();
    const { accessKeyId, secretAccessKey } = stack.server.credentials;
    const texts = { stdout: stack.server.stdout(), stderr: stack.server.stderr() };
    // The scanner finds what is there: the secret in the credentials file, the key id in the access log.
    assert.deepEqual(formsIn(await readFile(stack.server.credentialsFile), secretAccessKey), ["utf-8"]);
    assert.ok((await findSecret(accessKeyId, { dir: dataDir, texts })).some((hit) => hit.startsWith("stdout")));
    assert.deepEqual(await findSecret(secretAccessKey, { dir: dataDir, texts, skip: ["credentials"] }), []);
    assert.equal(stack.openai.requests[0]!.headers["authorization"], `Bearer ${stack.keys.openai}`, "the upstream key was used");
    for (const key of Object.values(stack.keys)) assert.deepEqual(await findSecret(key, { dir: dataDir, texts }), [], "upstream key");

    const db = new BetterSqlite3(join(dataDir, "plinth.db"), { readonly: true, fileMustExist: true });
    const row = db.prepare("select k.secret_ciphertext, u.account_id from access_keys k join iam_users u on u.user_id = k.user_id where k.access_key_id = ?")
      .get(accessKeyId) as { secret_ciphertext: Buffer; account_id: string };
    // The audit trail recorded every call above (so the scans of the database searched it too).
    const audited = db.prepare("select event_name, count(*) as n from audit_events group by event_name").all() as Array<{ event_name: string; n: number }>;
    const count = (name: string) => audited.find((a) => a.event_name === name)?.n ?? 0;
    assert.ok(count("Converse") >= 3 && count("ConverseStream") >= 2 && count("InvokeModel") >= 1, JSON.stringify(audited));
    db.close();
    assert.ok(row.secret_ciphertext.length > secretAccessKey.length + 100, "an envelope, not the secret");
    assert.deepEqual(formsIn(row.secret_ciphertext, secretAccessKey), []);
    const stored = await storedBox(dataDir, "eu-west-2");
    try {
      const accountId = row.account_id;
      assert.match(stored.box.sealedUnder(row.secret_ciphertext)?.arn ?? "", new RegExp(`^arn:aws:kms:eu-west-2:${accountId}:key/`), "under the account's default key");
      const opened = await openAccessKeySecret(stored.box, row.secret_ciphertext, accessKeyId, accountId);
      assert.equal(Buffer.from(opened).toString("utf8"), secretAccessKey, "and it opens, through the account's default key, to the secret");
    } finally {
      await stored.close();
    }
  });
});
