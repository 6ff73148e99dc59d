import { faultOf } from "../../test/support/faults.js";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../kernel/index.js";
import type { ConverseRequest, StreamEvent } from "../kernel/index.js";
import { startAnthropicLoopback } from "../../test/loopback/anthropic.js";
import { startOpenAiLoopback } from "../../test/loopback/openai.js";
import type { Loopback } from "../../test/loopback/openai.js";
import { memoryPeak } from "../../test/support/memory.js";
import { createAnthropicProvider } from "./anthropic/index.js";
import { DEFAULT_LIMITS } from "./http-upstream/index.js";
import { createOpenAiProvider } from "./openai/index.js";
import type { ModelProvider } from "./port.js";

/**
 * The hosted adapters against upstreams that attack the reader (see test/loopback/hostile.ts):
 * compression bombs, floods, endless events, bad encodings. Every one must end in a Fault of
 * the port's kinds, never an uncaught exception (which would kill this test process) or an
 * unbounded allocation. Memory bounds are generous: a 1 GiB bomb read whole costs over 1 GiB,
 * a bounded reader tens of MiB.
 */
const BOUND_MIB = 256;
const never = new AbortController().signal;
const ask = (model: string): ConverseRequest => ({
  model, inference: { maxTokens: 50 }, conversation: sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] }),
});

async function drain(events: AsyncIterable<StreamEvent>, seen: StreamEvent[] = []): Promise<void> {
  for await (const e of events) seen.push(e);
}

const BODY = new RegExp(`size limit of ${DEFAULT_LIMITS.body} bytes`);
const EVENT = new RegExp(`size limit of ${DEFAULT_LIMITS.event} characters`);
const STREAM = new RegExp(`size limit of ${DEFAULT_LIMITS.stream} bytes`);

const adapters: [string, () => Promise<Loopback>, (baseUrl: string) => ModelProvider][] = [
  ["openai", () => startOpenAiLoopback(), (baseUrl) => createOpenAiProvider({ id: "openai", baseUrl, timeoutMs: 10_000 })],
  ["anthropic", () => startAnthropicLoopback(), (baseUrl) => createAnthropicProvider({ id: "anthropic", baseUrl, apiKey: sensitive("k"), timeoutMs: 10_000 })],
];

for (const [name, start, build] of adapters) {
  describe(`${name} adapter against a hostile upstream`, () => {
    let loop: Loopback;
    let provider: ModelProvider;
    before(async () => { loop = await start(); provider = build(loop.baseUrl); });
    after(async () => { await provider.close(); await loop.close(); });

    for (const coding of ["gzip", "deflate", "br"]) {
      it(`a ${coding} bomb as a JSON answer is a model-error, read no further than the body limit`, async () => {
        const peak = await memoryPeak(() => provider.converse(ask(`bomb-${coding}-model`), never));
        faultOf(peak.outcome, "model-error", BODY);
        assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident, ${peak.arrayBuffersMiB.toFixed(0)} MiB buffers`);
      });

      it(`a ${coding} bomb as a stream (one event whose data lines never end) is a model-error before any event`, async () => {
        const seen: StreamEvent[] = [];
        const peak = await memoryPeak(() => drain(provider.converseStream(ask(`bomb-${coding}-model`), never), seen));
        faultOf(peak.outcome, "model-error", EVENT);
        assert.equal(seen.length, 0);
        assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident, ${peak.arrayBuffersMiB.toFixed(0)} MiB buffers`);
      });
    }

    it("a stream that starts well and then turns into a bomb is a model-stream-error after the good part", async () => {
      const seen: StreamEvent[] = [];
      const peak = await memoryPeak(() => drain(provider.converseStream(ask("late-bomb-model"), never), seen));
      faultOf(peak.outcome, "model-stream-error", EVENT);
      assert.equal(seen[0]?.type, "messageStart");
      assert.ok(peak.rssMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident`);
    });

    it("a stream that floods keep-alive comments ends at the stream limit", async () => {
      const seen: StreamEvent[] = [];
      const peak = await memoryPeak(() => drain(provider.converseStream(ask("flood-model"), never), seen));
      faultOf(peak.outcome, "model-stream-error", STREAM);
      assert.equal(seen[0]?.type, "messageStart");
      assert.ok(peak.rssMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident`);
    });

    it("a huge uncompressed JSON answer is a model-error at the body limit", async () => {
      const peak = await memoryPeak(() => provider.converse(ask("huge-model"), never));
      faultOf(peak.outcome, "model-error", BODY);
      assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident, ${peak.arrayBuffersMiB.toFixed(0)} MiB buffers`);
    });

    it("a stream line that never ends is a model-error at the event limit", async () => {
      const peak = await memoryPeak(() => drain(provider.converseStream(ask("huge-model"), never)));
      faultOf(peak.outcome, "model-error", EVENT);
      assert.ok(peak.rssMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident`);
    });

    it("an answer that declares a Content-Length over the limit is refused without reading it", async () => {
      faultOf((await Promise.allSettled([provider.converse(ask("huge-declared-model"), never)]))[0]!, "model-error", BODY);
    });

    it("an answer that says gzip but is not is a model-error, streamed or not", async () => {
      faultOf((await Promise.allSettled([provider.converse(ask("bad-gzip-model"), never)]))[0]!, "model-error", /could not be decoded/);
      faultOf((await Promise.allSettled([drain(provider.converseStream(ask("bad-gzip-model"), never))]))[0]!, "model-error", /could not be decoded/);
    });

    it("an answer in a content coding we did not offer is a model-error, streamed or not", async () => {
      faultOf((await Promise.allSettled([provider.converse(ask("zstd-model"), never)]))[0]!, "model-error", /unsupported content encoding/);
      faultOf((await Promise.allSettled([drain(provider.converseStream(ask("zstd-model"), never))]))[0]!, "model-error", /unsupported content encoding/);
    });

    it("a bomb as an error body still gives the status's fault, read no further than the error limit", async () => {
      const peak = await memoryPeak(() => provider.converse(ask("error-bomb-model"), never));
      const f = faultOf(peak.outcome, "model-error", /upstream status 500/);
      assert.equal(f.detail.originalStatusCode, 500);
      assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, `grew ${peak.rssMiB.toFixed(0)} MiB resident, ${peak.arrayBuffersMiB.toFixed(0)} MiB buffers`);
    });

    it("after all that, the same adapter still answers", async () => {
      const result = await provider.converse(ask("chat-model"), never);
      assert.equal(result.stopReason, "end_turn");
    });
  });
}
