import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const MODELS_DIR = resolve("..", "shared", "models");
const skip = existsSync(MODELS_DIR) ? false : `the tiny GGUF models are not at ${MODELS_DIR}`;

/** The quick start: no configuration, GGUF files found through PLINTH_MODEL_DIR, served by llama.cpp. */
describe("local GGUF models on embedded defaults", { skip }, () => {
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  before(async () => {
    server = await startServer({ env: { PLINTH_MODEL_DIR: MODELS_DIR } });
    const options = { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 };
    runtime = new BedrockRuntimeClient({ ...options, requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }) });
  });
  after(async () => { runtime?.destroy(); await server?.stop(); });

  it("the catalogue lists the GGUF files found", async () => {
    const control = new BedrockClient({ endpoint: server.url, region: server.region, credentials: server.credentials, requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }) });
    const list = await control.send(new ListFoundationModelsCommand({}));
    const ids = list.modelSummaries!.map((m) => m.modelId);
    assert.ok(ids.includes("local.stories260k"), `got ${ids.join(", ")}`);
    assert.ok(ids.includes("local.llama-2-tiny-random"));
    assert.equal(server.region, "us-east-1", "the default region");
    control.destroy();
  });

  it("Converse and ConverseStream run a real model through llama.cpp", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "Once upon a time" }] }];
    const out = await runtime.send(new ConverseCommand({ modelId: "local.stories260k", messages, inferenceConfig: { maxTokens: 24, temperature: 0 } }));
    const text = out.output!.message!.content![0]!.text!;
    assert.ok(text.length > 0);
    assert.ok(out.usage!.inputTokens! > 0 && out.usage!.outputTokens! > 0);
    const stream = await runtime.send(new ConverseStreamCommand({ modelId: "local.stories260k", messages, inferenceConfig: { maxTokens: 24, temperature: 0 } }));
    let streamed = "";
    for await (const e of stream.stream!) streamed += e.contentBlockDelta?.delta?.text ?? "";
    assert.equal(streamed, text, "greedy decoding gives the same text streamed or not");
  });

  it("a model file llama.cpp cannot load is a ModelErrorException, not a crash", async () => {
    const messages = [{ role: "user" as const, content: [{ text: "hi" }] }];
    await assert.rejects(runtime.send(new ConverseCommand({ modelId: "local.tinyllamas-stories-260k-f32", messages })), { name: "ModelErrorException" });
    const again = await runtime.send(new ConverseCommand({ modelId: "local.stories260k", messages, inferenceConfig: { maxTokens: 4 } }));
    assert.ok(again.output?.message);
  });
});
