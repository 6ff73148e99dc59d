import { faultOf } from "../../../test/support/faults.js";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Fault, sensitive } from "../../kernel/index.js";
import type { ConverseRequest, StreamEvent } from "../../kernel/index.js";
import { startBedrockLoopback } from "../../../test/loopback/bedrock.js";
import type { BedrockLoopback } from "../../../test/loopback/bedrock.js";
import { memoryPeak } from "../../../test/support/memory.js";
import { DEFAULT_LIMITS } from "../http-upstream/index.js";
import type { ModelProvider } from "../port.js";
import { createBedrockProvider } from "./index.js";

/**
 * The Bedrock adapter (the AWS SDK underneath) against an endpoint that attacks the reader
 * (see `hostile` in test/loopback/bedrock.ts). Every answer must end in a Fault, with memory
 * far below what reading the answer whole would take; the bound is generous on purpose.
 */
const BOUND_MIB = 256;
const never = new AbortController().signal;
const ask = (model: string): ConverseRequest => ({
  model, inference: {}, conversation: sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }] }),
});

const grew = (peak: { rssMiB: number; arrayBuffersMiB: number }) => `grew ${peak.rssMiB.toFixed(0)} MiB resident, ${peak.arrayBuffersMiB.toFixed(0)} MiB buffers`;

describe("bedrock adapter against a hostile endpoint", () => {
  let loop: BedrockLoopback;
  let provider: ModelProvider;
  before(async () => {
    loop = await startBedrockLoopback();
    provider = createBedrockProvider({
      id: "bedrock-hostile", region: "eu-west-2", timeoutMs: 10_000, endpoint: loop.endpoint,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: sensitive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") },
    }, { requestHandler: new NodeHttpHandler() });
  });
  after(async () => { await provider.close(); await loop.close(); });

  it("a gzip bomb is never inflated (the SDK decodes no content coding): a model-error", async () => {
    const peak = await memoryPeak(() => provider.converse(ask("bomb-gzip-model"), never));
    faultOf(peak.outcome, "model-error", /HTTP 200 with a body that could not be read/);
    assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, grew(peak));
  });

  it("a huge answer is refused at the body limit, not read whole", async () => {
    const peak = await memoryPeak(() => provider.converse(ask("huge-model"), never));
    faultOf(peak.outcome, "model-error", new RegExp(`the answer exceeded the size limit of ${DEFAULT_LIMITS.body} bytes`));
    assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, grew(peak));
  });

  it("an error answer with a huge body is refused at the error-body limit", async () => {
    const peak = await memoryPeak(() => provider.converse(ask("error-bomb-model"), never));
    faultOf(peak.outcome, "model-error", new RegExp(`the error answer exceeded the size limit of ${DEFAULT_LIMITS.errorBody} bytes`));
    assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, grew(peak));
  });

  it("a stream event whose prelude claims 4 GiB is refused before the SDK allocates room for it", async () => {
    const seen: StreamEvent[] = [];
    const peak = await memoryPeak(async () => { for await (const e of provider.converseStream(ask("huge-frame-model"), never)) seen.push(e); });
    // Whether the good first event got through before the refusal is the SDK's read-ahead.
    faultOf(peak.outcome, seen.length === 0 ? "model-error" : "model-stream-error", new RegExp(`an event exceeded the size limit of ${DEFAULT_LIMITS.event} bytes`));
    assert.ok(peak.rssMiB < BOUND_MIB && peak.arrayBuffersMiB < BOUND_MIB, grew(peak));
  });

  it("a stream of well-formed deltas that never stops ends at the stream limit", async () => {
    let text = 0;
    const peak = await memoryPeak(async () => {
      for await (const e of provider.converseStream(ask("flood-model"), never)) {
        const delta = e.type === "contentBlockDelta" ? e.delta.reveal() : undefined;
        if (delta && "text" in delta) text += delta.text.length;
      }
    });
    faultOf(peak.outcome, "model-stream-error", new RegExp(`the stream exceeded the size limit of ${DEFAULT_LIMITS.stream} bytes`));
    assert.ok(text > 0 && text <= DEFAULT_LIMITS.stream, `${text} characters of text arrived`);
    assert.ok(peak.rssMiB < BOUND_MIB, grew(peak));
  });

  it("after all that, the same adapter still answers", async () => {
    assert.equal((await provider.converse(ask("chat-model"), never)).stopReason, "end_turn");
  });
});
