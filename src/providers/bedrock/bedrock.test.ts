import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { inspect } from "node:util";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Fault, sensitive } from "../../kernel/index.js";
import type { ConverseRequest, StreamEvent } from "../../kernel/index.js";
import type { ModelProvider } from "../port.js";
import { assertWellFormedStream, providerContract } from "../../../test/contract/provider-contract.js";
import { startBedrockLoopback } from "../../../test/loopback/bedrock.js";
import { breakpointsOf } from "../../../test/loopback/features.js";
import type { BedrockLoopback } from "../../../test/loopback/bedrock.js";
import { createBedrockProvider } from "./index.js";
import type { BedrockProviderConfig } from "./index.js";

// The SDK's default handler speaks HTTP/2; the loopback is a plain HTTP/1.1 node:http server.
const build = (loop: BedrockLoopback, extra: Partial<BedrockProviderConfig> = {}): ModelProvider =>
  createBedrockProvider({
    id: "bedrock-test", region: "eu-west-2", timeoutMs: 5_000, endpoint: loop.endpoint,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: sensitive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), sessionToken: sensitive("session-token-example") },
    ...extra,
  }, { requestHandler: new NodeHttpHandler() });

let contractLoop: BedrockLoopback;
providerContract({
  name: "bedrock",
  setup: async () => build(contractLoop = await startBedrockLoopback()),
  teardown: () => contractLoop.close(),
  models: {
    chat: "chat-model", tools: "tool-model", embed: "amazon.titan-embed-text-v2:0", throttled: "throttled-model",
    failing: "failing-model", malformedStream: "malformed-model", hang: "hang-model",
  },
  upstreamSawCancel: () => contractLoop.sawCancel(),
  supportsCountTokens: true,
  supportsImages: true,
  features: {
    documents: "native",
    echo: "echo-model",
    reasoning: { model: "anthropic.reasoning-model", config: { budgetTokens: 2048 }, signed: true },
    cacheWrites: true,
    lastCacheBreakpoints: () => breakpointsOf(contractLoop.requests.at(-1)!.body, "bedrock"),
    // Bedrock answers a Claude model's paths from its final message_delta, streamed or not.
    responseField: { path: "/delta/stop_sequence", converse: { delta: { stop_sequence: null } }, stream: { delta: { stop_sequence: null } } },
  },
});

const never = new AbortController().signal;
const ask = (model: string, inference: ConverseRequest["inference"] = {}, extra = {}): ConverseRequest => ({
  model, inference, conversation: sensitive({ system: [{ type: "text" as const, text: "Be brief." }], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "Say hello" }] }], ...extra }),
});

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function faultOf(promise: Promise<unknown>): Promise<Fault> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    return error;
  }
  return assert.fail("expected a fault");
}

describe("bedrock adapter against the loopback", () => {
  let loop: BedrockLoopback;
  let provider: ModelProvider;
  before(async () => { loop = await startBedrockLoopback(); provider = build(loop); });
  after(async () => { await provider.close(); await loop.close(); });

  it("signs each call with the operator's credentials in the configured region", async () => {
    await provider.converse(ask("chat-model"), never);
    const seen = loop.requests.at(-1)!;
    assert.equal(seen.accessKeyId, "AKIDEXAMPLE");
    assert.equal(seen.region, "eu-west-2");
    assert.equal(seen.headers["x-amz-security-token"], "session-token-example");
  });

  it("sends inference knobs in inferenceConfig and topK in the model family's own field", async () => {
    await provider.converse(ask("anthropic.claude-3-haiku-20240307-v1:0", { maxTokens: 9, temperature: 0.5, topP: 0.9, topK: 40 }, { stopSequences: ["END"] }), never);
    const body = loop.requests.at(-1)!.body;
    assert.deepEqual(body.inferenceConfig, { maxTokens: 9, temperature: 0.5, topP: 0.9, stopSequences: ["END"] });
    assert.deepEqual(body.additionalModelRequestFields, { top_k: 40 });
    assert.deepEqual(body.system, [{ text: "Be brief." }]);
  });

  it("refuses topK for a model family with no known topK field, before calling the upstream", async () => {
    const before = loop.requests.length;
    const f = await faultOf(provider.converse(ask("chat-model", { topK: 5 }), never));
    assert.equal(f.kind, "validation");
    assert.equal(f.detail.field, "inferenceConfig.topK");
    assert.equal(loop.requests.length, before);
  });

  const cases: [string, ConverseRequest, Fault["kind"], number?][] = [
    ["ThrottlingException 429", ask("throttled-model"), "throttling"],
    ["ServiceQuotaExceededException", ask("quota-model"), "throttling"],
    ["InternalServerException 500", ask("failing-model"), "model-error", 500],
    ["ModelErrorException 424 with the model's status", ask("model-error-model"), "model-error", 503],
    ["ModelTimeoutException 408", ask("timeout-model"), "model-timeout"],
    ["ServiceUnavailableException 503", ask("unavailable-model"), "service-unavailable"],
    ["AccessDeniedException (operator credentials)", ask("denied-model"), "service-unavailable"],
    ["ResourceNotFoundException (operator's model id)", ask("missing-model"), "service-unavailable"],
    ["ValidationException", ask("chat-model", { temperature: 2 }), "validation"],
    ["an unreadable 200 body", ask("malformed-model"), "model-error"],
    ["an unusable stopReason", ask("odd-stop-model"), "model-error"],
  ];
  for (const [what, request, kind, status] of cases) {
    it(`maps ${what} to ${kind} without upstream text or credentials`, async () => {
      const f = await faultOf(provider.converse(request, never));
      assert.equal(f.kind, kind);
      assert.equal(f.detail.originalStatusCode, status);
      assert.doesNotMatch(f.message, /upstream-secret-detail|AKIDEXAMPLE|wJalr|session-token/);
    });
  }

  it("an exception mid-stream is a model-stream-error carrying the model's status", async () => {
    const f = await faultOf(collect(provider.converseStream(ask("stream-error-model"), never)));
    assert.equal(f.kind, "model-stream-error");
    assert.equal(f.detail.originalStatusCode, 500);
    assert.doesNotMatch(f.message, /upstream-secret-detail/);
  });

  it("an exception as the first event keeps its own kind", async () => {
    assert.equal((await faultOf(collect(provider.converseStream(ask("stream-throttled-model"), never)))).kind, "throttling");
  });

  it("returns reasoning blocks before the text, streamed and not", async () => {
    const events = await collect(provider.converseStream(ask("reasoning-model"), never));
    assertWellFormedStream(events);
    assert.deepEqual(events.filter((e) => e.type === "contentBlockDelta" && e.index === 0).map((e) => (e as { delta: { reveal(): unknown } }).delta.reveal()), [{ reasoningText: "thinking" }, { reasoningSignature: "sig-loopback" }]);
    const result = await provider.converse(ask("reasoning-model"), never);
    assert.deepEqual(result.message.reveal().content, [{ type: "reasoning", text: "thinking", signature: "sig-loopback" }, { type: "text", text: "Hello from the loopback." }]);
  });

  it("counts tokens through CountTokens with the Converse input", async () => {
    const n = await provider.countTokens({ model: "chat-model", conversation: ask("x").conversation }, never);
    assert.ok(n > 0);
    assert.deepEqual(loop.requests.at(-1)!.body.input.converse.system, [{ text: "Be brief." }]);
  });

  it("aborting mid-stream rejects with the caller's reason and closes the upstream socket", { timeout: 5_000 }, async () => {
    const controller = new AbortController();
    const reason = new Error("caller went away");
    const events: StreamEvent[] = [];
    const done = (async () => { for await (const e of provider.converseStream(ask("slow-stream-model"), controller.signal)) { events.push(e); controller.abort(reason); } })();
    await assert.rejects(done, (e) => e === reason);
    assert.equal(events[0]?.type, "messageStart");
    await loop.sawCancel();
  });

  it("a consumer that stops reading early cancels the upstream", { timeout: 5_000 }, async () => {
    for await (const e of provider.converseStream(ask("slow-stream-model"), never)) { assert.equal(e.type, "messageStart"); break; }
    await loop.sawCancel();
  });

  it("an already aborted signal rejects with its reason", async () => {
    const reason = new Error("gone");
    await assert.rejects(provider.converse(ask("chat-model"), AbortSignal.abort(reason)), (e) => e === reason);
  });

  it("the provider does not show the operator's secret when inspected", () => {
    const shown = inspect(provider, { depth: 10, showHidden: true }) + JSON.stringify(provider);
    assert.doesNotMatch(shown, /wJalr|session-token-example/);
  });

  describe("embeddings", () => {
    it("titan v2: one call per text, dimensions and normalize in the body", async () => {
      const result = await provider.embed({ model: "amazon.titan-embed-text-v2:0", texts: sensitive(["a", "bb"]), dimensions: 256, normalize: true }, never);
      assert.equal(result.vectors.reveal()[1]!.length, 256);
      assert.deepEqual(loop.requests.at(-1)!.body, { inputText: "bb", dimensions: 256, normalize: true });
    });
    it("cohere v3: one batch, purpose as input_type, tokens from the response header", async () => {
      const result = await provider.embed({ model: "cohere.embed-english-v3", texts: sensitive(["a", "b", "c"]), purpose: "search_query" }, never);
      assert.equal(result.vectors.reveal().length, 3);
      assert.ok(result.inputTokens > 0);
      assert.deepEqual(loop.requests.at(-1)!.body, { texts: ["a", "b", "c"], input_type: "search_query" });
    });
    it("cohere v4: dimensions as output_dimension, float answer", async () => {
      const result = await provider.embed({ model: "cohere.embed-v4:0", texts: sensitive(["a"]), dimensions: 512 }, never);
      assert.equal(result.vectors.reveal()[0]!.length, 512);
    });
    const refusals: [string, Parameters<ModelProvider["embed"]>[0], string][] = [
      ["a chat model", { model: "chat-model", texts: sensitive(["x"]) }, "model"],
      ["dimensions on titan v1", { model: "amazon.titan-embed-text-v1", texts: sensitive(["x"]), dimensions: 256 }, "dimensions"],
      ["a dimension titan v2 lacks", { model: "amazon.titan-embed-text-v2:0", texts: sensitive(["x"]), dimensions: 300 }, "dimensions"],
      ["normalize on cohere", { model: "cohere.embed-english-v3", texts: sensitive(["x"]), normalize: true }, "normalize"],
    ];
    for (const [what, request, field] of refusals) {
      it(`refuses ${what} naming ${field}`, async () => {
        const f = await faultOf(provider.embed(request, never));
        assert.equal(f.kind, "validation");
        assert.equal(f.detail.field, field);
      });
    }
  });
});

describe("bedrock adapter timeouts and reachability", () => {
  let loop: BedrockLoopback;
  let provider: ModelProvider;
  before(async () => { loop = await startBedrockLoopback(); provider = build(loop, { timeoutMs: 150 }); });
  after(async () => { await provider.close(); await loop.close(); });

  it("an upstream that never answers is a model-timeout, and the upstream sees the cancel", { timeout: 5_000 }, async () => {
    assert.equal((await faultOf(provider.converse(ask("hang-model"), never))).kind, "model-timeout");
    await loop.sawCancel();
  });

  it("a stream that falls silent is a model-timeout after its first events", { timeout: 5_000 }, async () => {
    const events: StreamEvent[] = [];
    const f = await faultOf((async () => { for await (const e of provider.converseStream(ask("slow-stream-model"), never)) events.push(e); })());
    assert.equal(f.kind, "model-timeout");
    assert.equal(events.length, 1);
    await loop.sawCancel();
  });

  it("an unreachable upstream is service-unavailable", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const down = build(loop, { endpoint: `http://127.0.0.1:${port}` });
    try {
      assert.equal((await faultOf(down.converse(ask("chat-model"), never))).kind, "service-unavailable");
    } finally {
      await down.close();
    }
  });
});
