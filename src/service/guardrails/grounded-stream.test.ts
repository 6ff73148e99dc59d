import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, sensitive } from "../../kernel/index.js";
import type { StopReason, StreamEvent } from "../../kernel/index.js";
import type { Evaluation } from "../../guardrails/ports.js";
import { standInFacts } from "../../guardrails/evaluator.fixture.js";
import { groundedStream, MAX_GROUNDED_ANSWER } from "./grounded-stream.js";

const verdict = (blocked: boolean): Evaluation => ({
  action: blocked ? "GUARDRAIL_INTERVENED" : "NONE", blocked, outputs: sensitive([]), assessment: sensitive({}),
  usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 0, sensitiveInformationPolicyUnits: 0, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 1 },
  facts: standInFacts(blocked ? "GUARDRAIL_INTERVENED" : "NONE", "OUTPUT", blocked ? { outcome: "BLOCKED", policies: ["contextualGrounding"], contextualGrounding: ["GROUNDING"] } : {}),
});

function answer(text: readonly string[], stop: StopReason | null = "end_turn"): StreamEvent[] {
  return [
    { type: "messageStart", role: "assistant" },
    ...text.map((t): StreamEvent => ({ type: "contentBlockDelta", index: 0, delta: sensitive({ text: t }) })),
    { type: "contentBlockStop", index: 0 },
    ...(stop === null ? [] : [{ type: "messageStop", stopReason: stop } as StreamEvent, { type: "metadata", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } } as StreamEvent]),
  ];
}

async function run(events: StreamEvent[], mode: "sync" | "async", blocked: boolean): Promise<{ out: StreamEvent[]; checked: string[] }> {
  const checked: string[] = [];
  const out: StreamEvent[] = [];
  async function* source(): AsyncIterable<StreamEvent> { yield* events; }
  for await (const e of groundedStream(source(), {
    mode, blockedMessaging: "Not grounded.",
    check: async (said) => (checked.push(said), verdict(blocked)),
    trace: () => undefined,
  })) out.push(e);
  return { out, checked };
}

const texts = (events: StreamEvent[]): string =>
  events.flatMap((e) => (e.type === "contentBlockDelta" ? [(e.delta.reveal() as { text: string }).text] : [])).join("");
const stopOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "messageStop" ? [e.stopReason] : []))[0];

describe("the grounding check around a stream", () => {
  it("sync: a grounded answer goes on whole, in order, once the model stops", async () => {
    const events = answer(["It was ", "1889."]);
    const { out, checked } = await run(events, "sync", false);
    assert.deepEqual(out, events);
    assert.deepEqual(checked, ["It was 1889."]);
  });

  it("sync: an ungrounded answer is replaced by the blocked messaging", async () => {
    const { out } = await run(answer(["It was ", "1925."]), "sync", true);
    assert.equal(texts(out), "Not grounded.");
    assert.equal(stopOf(out), "guardrail_intervened");
  });

  it("async: the answer goes on as it comes, and the stop says the guardrail intervened", async () => {
    const { out } = await run(answer(["It was ", "1925."]), "async", true);
    assert.equal(texts(out), "It was 1925.");
    assert.equal(stopOf(out), "guardrail_intervened");
  });

  it("an answer another policy already stopped is not scored again", async () => {
    const { checked, out } = await run(answer(["Blocked."], "guardrail_intervened"), "sync", true);
    assert.deepEqual(checked, []);
    assert.equal(texts(out), "Blocked.");
  });

  it("sync: a stream that ends without its stop releases nothing it held, and says so", async () => {
    const out: StreamEvent[] = [];
    async function* source(): AsyncIterable<StreamEvent> { yield* answer(["unchecked text"], null); }
    const stream = groundedStream(source(), { mode: "sync", blockedMessaging: "x", check: async () => verdict(false), trace: () => undefined });
    await assert.rejects((async () => { for await (const e of stream) out.push(e); })(), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
    assert.deepEqual(out, []);
  });

  it("sync: an answer longer than the check reads fails closed instead of being held without end", async () => {
    await assert.rejects(run(answer(["x".repeat(MAX_GROUNDED_ANSWER), "y"]), "sync", false), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
  });

  // A reasoning model streams its thinking a few characters at a time, and every held event was
  // kept as it came: two million one-character reasoning deltas held ~250 MB before the first byte.
  it("sync: reasoning and tool events count toward what is held; past the bound the stream fails closed, nothing sent", async () => {
    async function* flood(): AsyncIterable<StreamEvent> {
      yield { type: "messageStart", role: "assistant" };
      for (let i = 0; i < 1_100; i++) yield { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "x".repeat(1_000) }) };
      yield { type: "contentBlockStop", index: 0 };
      yield* answer(["The answer is 4."]).slice(1);
    }
    async function* starts(): AsyncIterable<StreamEvent> {
      yield { type: "messageStart", role: "assistant" };
      for (let i = 0; i < 100_000; i++) yield { type: "contentBlockStart", index: i + 1 };
      yield* answer(["The answer is 4."]).slice(1);
    }
    for (const source of [flood, starts]) {
      const out: StreamEvent[] = [];
      const stream = groundedStream(source(), { mode: "sync", blockedMessaging: "x", check: async () => verdict(false), trace: () => undefined });
      await assert.rejects((async () => { for await (const e of stream) out.push(e); })(), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable", source.name);
      assert.deepEqual(out, [], source.name);
    }
  });

  it("sync: a long reasoning streamed in small deltas is held within the bound and goes on whole once grounded", async () => {
    const thinking = Array.from({ length: 50_000 }, (_, i) => `t${i % 10}. `);
    const events: StreamEvent[] = [
      { type: "messageStart", role: "assistant" },
      ...thinking.map((t): StreamEvent => ({ type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: t }) })),
      { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningSignature: "sig" }) },
      { type: "contentBlockStop", index: 0 },
      ...answer(["It was ", "1889."]).slice(1).map((e) => ("index" in e ? { ...e, index: 1 } : e)),
    ];
    const { out } = await run(events, "sync", false);
    const reasoning = out.flatMap((e) => (e.type === "contentBlockDelta" && "reasoningText" in e.delta.reveal() ? [(e.delta.reveal() as { reasoningText: string }).reasoningText] : []));
    assert.equal(reasoning.join(""), thinking.join(""));
    assert.equal(texts(out.filter((e) => !(e.type === "contentBlockDelta" && !("text" in e.delta.reveal())))), "It was 1889.");
    assert.deepEqual(out.filter((e) => e.type !== "contentBlockDelta"), events.filter((e) => e.type !== "contentBlockDelta"));
  });
});

