import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect as h2connect } from "node:http2";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { runtimeAs } from "./iam-admin.js";
import { sign } from "./sign.js";

/**
 * A client that stops reading a streamed answer but keeps its HTTP/2 connection busy (PINGs)
 * must not hold a place of its provider's capacity for ever: the stream is given up on once its
 * client has taken nothing for the idle timeout, and the place comes back. The model answers a
 * long text, so the answer waits on the client's flow-control window (opened at 0 here).
 */
const REGION = "eu-west-2";
const MODEL = "mistral.mistral-7b-instruct-v0:2";
const IDLE_MS = 1000;

describe("a stalled reader and provisioned capacity", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback-openai", text: "word ".repeat(40_000) });
    server = await startServer({
      config: {
        region: REGION,
        server: { idleTimeoutMs: IDLE_MS },
        providers: [{ id: "capped", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-openai", processingRegion: REGION, timeoutMs: 2000, capacity: { maxConcurrency: 1, modelUnitConcurrency: 1 } }],
        models: [{ modelId: MODEL, provider: "capped", upstreamModel: "chat-model" }],
      },
    });
    runtime = runtimeAs(server, server.credentials);
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await upstream?.close();
  });

  it("the place comes back once the reader has been stalled past the idle timeout", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
    const path = `/model/${encodeURIComponent(MODEL)}/converse-stream`;
    const signed = await sign(server, { method: "POST", path, headers: { "content-type": "application/json" }, body });
    const session = h2connect(server.url, { ca: server.ca, settings: { initialWindowSize: 0 } });
    session.on("error", () => undefined);
    await new Promise((resolve) => session.once("connect", resolve));
    const stream = session.request({ ":method": "POST", ":path": path, ...signed.headers });
    stream.on("error", () => undefined);
    stream.end(body);
    const status = await new Promise((resolve) => stream.once("response", (h) => resolve(h[":status"])));
    assert.equal(status, 200);
    stream.pause();
    // Without these PINGs the session's own idle timeout cuts it; with them, only a limit on the stream can.
    const pings = setInterval(() => { if (!session.destroyed) session.ping(() => undefined); }, IDLE_MS / 4);
    try {
      await new Promise((r) => setTimeout(r, IDLE_MS * 6));
      const answer = await runtime.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "hi" }] }] })).then(() => "served", (e: Error) => e.name);
      assert.equal(answer, "served", "the stalled stream still holds the only place");
    } finally {
      clearInterval(pings);
      session.destroy();
    }
  });
});
