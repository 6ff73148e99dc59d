import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path, { resolve } from "node:path";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { BedrockClient, GetFoundationModelCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { copyGgufWith } from "../../src/providers/llamacpp/gguf-edit.fixture.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const MODELS_DIR = resolve("..", "shared", "models");
const present = existsSync(path.join(MODELS_DIR, "stories260K.gguf"));
if (!present && process.env["CI"]) throw new Error(`the tiny GGUF models are missing under CI (expected at ${MODELS_DIR}; see ../shared/models/README.md)`);
const skip = present ? false : `the tiny GGUF models are not at ${MODELS_DIR}`;

/**
 * The quick start: no configuration, GGUF files found through PLINTH_MODEL_DIR, served by
 * llama.cpp. The folder holds the shared files (linked), an embedding model made from the tiny
 * story model by adding a pooling type to its header, and a file whose name makes no model id.
 */
describe("local GGUF models on embedded defaults", { skip }, () => {
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  let control: BedrockClient;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "plinth-local-"));
    for (const file of ["stories260K.gguf", "llama-2-tiny-random.gguf", "tinyllamas-stories-260k-f32.gguf"]) {
      await symlink(path.join(MODELS_DIR, file), path.join(dir, file));
    }
    await copyGgufWith(path.join(MODELS_DIR, "stories260K.gguf"), path.join(dir, "stories-embed.gguf"), [["llama.pooling_type", 1]]);
    await writeFile(path.join(dir, "a+b.gguf"), "never opened");
    server = await startServer({ env: { PLINTH_MODEL_DIR: dir } });
    const options = { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 };
    const requestHandler = (): NodeHttp2Handler => new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } });
    runtime = new BedrockRuntimeClient({ ...options, requestHandler: requestHandler() });
    control = new BedrockClient({ ...options, requestHandler: requestHandler() });
  });
  after(async () => {
    runtime?.destroy();
    control?.destroy();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("the catalogue lists the files found under ids that keep the file's case, with what each can do", async () => {
    const list = await control.send(new ListFoundationModelsCommand({}));
    const byId = new Map(list.modelSummaries!.map((m) => [m.modelId!, m]));
    assert.deepEqual([...byId.keys()].sort(), ["local.llama-2-tiny-random", "local.stories-embed", "local.stories260K", "local.tinyllamas-stories-260k-f32"]);
    const chat = byId.get("local.stories260K")!;
    assert.deepEqual([chat.outputModalities, chat.modelLifecycle?.status, chat.responseStreamingSupported], [["TEXT"], "ACTIVE", true]);
    const embed = byId.get("local.stories-embed")!;
    assert.deepEqual([embed.outputModalities, embed.modelLifecycle?.status], [["EMBEDDING"], "ACTIVE"]);
    assert.equal(byId.get("local.tinyllamas-stories-260k-f32")!.modelLifecycle?.status, "UNAVAILABLE");
    const embeddingModels = await control.send(new ListFoundationModelsCommand({ byOutputModality: "EMBEDDING" }));
    assert.deepEqual(embeddingModels.modelSummaries!.map((m) => m.modelId), ["local.stories-embed"], "no chat model claims EMBEDDING");
    assert.equal(server.region, "us-east-1", "the default region");
  });

  it("an unusable file is UNAVAILABLE with its reason in GetFoundationModel, and the reasons are logged at start-up", async () => {
    const got = await control.send(new GetFoundationModelCommand({ modelIdentifier: "local.tinyllamas-stories-260k-f32" }));
    assert.equal(got.modelDetails?.modelLifecycle?.status, "UNAVAILABLE");
    const logs = server.stdout() + server.stderr();
    assert.match(logs, /local\.tinyllamas-stories-260k-f32[^\n]*GGUF version 1 is not supported/);
    assert.match(logs, /a\+b\.gguf[^\n]*does not make a model id/, "a name that makes no id is skipped with a logged reason");
  });

  it("Converse and ConverseStream run a real model through llama.cpp", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "Once upon a time" }] }];
    const out = await runtime.send(new ConverseCommand({ modelId: "local.stories260K", messages, inferenceConfig: { maxTokens: 24, temperature: 0 } }));
    const text = out.output!.message!.content![0]!.text!;
    assert.ok(text.length > 0);
    assert.ok(out.usage!.inputTokens! > 0 && out.usage!.outputTokens! > 0);
    const stream = await runtime.send(new ConverseStreamCommand({ modelId: "local.stories260K", messages, inferenceConfig: { maxTokens: 24, temperature: 0 } }));
    let streamed = "";
    for await (const e of stream.stream!) streamed += e.contentBlockDelta?.delta?.text ?? "";
    assert.equal(streamed, text, "greedy decoding gives the same text streamed or not");
  });

  it("without maxTokens the answer stops at the documented 512 tokens", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "Say hello" }] }];
    const out = await runtime.send(new ConverseCommand({ modelId: "local.stories260K", messages, inferenceConfig: { temperature: 0 } }));
    assert.equal(out.stopReason, "max_tokens");
    assert.equal(out.usage!.outputTokens, 512);
  });

  it("a forced tool choice comes back as a toolUse block for the caller to run", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "Weather in Paris?" }] }];
    const inputSchema = { json: { type: "object", properties: { city: { type: "string", maxLength: 12 } }, required: ["city"] } };
    const toolConfig = { tools: [{ toolSpec: { name: "get_weather", description: "Weather for a city", inputSchema } }] };
    const forced = await runtime.send(new ConverseCommand({ modelId: "local.stories260K", messages, toolConfig: { ...toolConfig, toolChoice: { tool: { name: "get_weather" } } } }));
    assert.equal(forced.stopReason, "tool_use");
    const call = forced.output!.message!.content![0]!.toolUse!;
    assert.equal(call.name, "get_weather");
    assert.equal(typeof (call.input as { city?: unknown }).city, "string");
    await assert.rejects(runtime.send(new ConverseCommand({ modelId: "local.stories260K", messages, toolConfig })), (e: Error) => e.name === "ValidationException" && /toolConfig/.test(e.message));
  });

  it("a model file llama.cpp cannot load is a ModelErrorException naming why, not a crash", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "hi" }] }];
    await assert.rejects(runtime.send(new ConverseCommand({ modelId: "local.tinyllamas-stories-260k-f32", messages })),
      (e: Error) => e.name === "ModelErrorException" && /GGUF version 1 is not supported/.test(e.message) && !e.message.includes(dir));
    const again = await runtime.send(new ConverseCommand({ modelId: "local.stories260K", messages, inferenceConfig: { maxTokens: 4 } }));
    assert.ok(again.output?.message);
  });

  it("an embedding model answers Titan- and Cohere-shaped InvokeModel bodies; a chat model refuses them", async () => {
    const invoke = async (modelId: string, body: unknown): Promise<Record<string, unknown>> => {
      const out = await runtime.send(new InvokeModelCommand({ modelId, contentType: "application/json", body: new TextEncoder().encode(JSON.stringify(body)) }));
      return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
    };
    const titan = await invoke("local.stories-embed", { inputText: "a cat sat" });
    assert.equal((titan["embedding"] as number[]).length, 64);
    assert.ok((titan["inputTextTokenCount"] as number) > 0);
    const cohere = await invoke("local.stories-embed", { texts: ["a cat", "a dog"], input_type: "search_document" });
    assert.equal((cohere["embeddings"] as number[][]).length, 2);
    await assert.rejects(invoke("local.stories260K", { inputText: "a cat" }), (e: Error) => e.name === "ValidationException" && /does not produce embeddings/.test(e.message));
    await assert.rejects(runtime.send(new ConverseCommand({ modelId: "local.stories-embed", messages: [{ role: "user", content: [{ text: "hi" }] }] })), { name: "ValidationException" });
  });
});
