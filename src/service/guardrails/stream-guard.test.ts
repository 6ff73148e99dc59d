import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { sensitive } from "../../kernel/index.js";
import type { StreamEvent } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { compileGuardrail, evaluate, OutputScanner } from "../../guardrails/index.js";
import type { Evaluation } from "../../guardrails/ports.js";
import { base, both, fakePii } from "../../guardrails/evaluator.fixture.js";
import { guardStream } from "./stream-guard.js";

/**
 * The stream guard with the real evaluator (and the evaluator's stand-in PII patterns): what a
 * caller receives, event by event, in each mode, for text and tool calls.
 */
const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const policies = (pii: "ANONYMIZE" | "BLOCK"): GuardrailPolicies => ({
  ...base,
  piiEntities: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", ...(pii === "BLOCK" ? both : anonymize) }],
  words: [{ text: "nightjar", ...both }],
});
const NI = "AB 12 34 56 C";

function guard(events: StreamEvent[], mode: "sync" | "async", pii: "ANONYMIZE" | "BLOCK" = "ANONYMIZE") {
  const g = compileGuardrail(policies(pii), { pii: fakePii });
  const evaluated: Evaluation[] = [];
  const stream = guardStream((async function* () { yield* events; })(), {
    scanner: () => new OutputScanner(g, "OUTPUT", { masking: mode === "sync" }),
    evaluateTool: (texts) => evaluate(g, "OUTPUT", texts),
    evaluated: (e) => evaluated.push(e),
    blockedMessaging: base.blockedOutputsMessaging,
    mode,
    trace: (evaluations) => sensitive({ outputs: evaluations.length }),
  });
  return { stream, evaluated };
}

const start: StreamEvent = { type: "messageStart", role: "assistant" };
const text = (index: number, t: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ text: t }) });
const tool = (index: number, t: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ toolUseInput: t }) });
const stop = (index: number): StreamEvent => ({ type: "contentBlockStop", index });
const toolStart = (index: number): StreamEvent => ({ type: "contentBlockStart", index, toolUse: { toolUseId: "t1", name: "note" } });
const end = (stopReason: "end_turn" | "tool_use"): StreamEvent[] => [
  { type: "messageStop", stopReason },
  { type: "metadata", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
];

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}
const texts = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "contentBlockDelta" && "text" in e.delta.reveal() ? [(e.delta.reveal() as { text: string }).text] : []));
const toolInputs = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "contentBlockDelta" && "toolUseInput" in e.delta.reveal() ? [(e.delta.reveal() as { toolUseInput: string }).toolUseInput] : []));
const stopReason = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "messageStop" ? [e.stopReason] : []))[0];

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `word${from + i} `);

describe("guardStream, asynchronous mode", () => {
  it("releases each delta as it arrives, before the guardrail has read what follows", async () => {
    const { stream } = guard([start, text(0, "Hello "), text(0, "there "), stop(0), ...end("end_turn")], "async");
    const it = stream[Symbol.asyncIterator]();
    assert.equal((await it.next()).value.type, "messageStart");
    const first = (await it.next()).value as StreamEvent;
    assert.deepEqual(texts([first]), ["Hello "], "the first delta leaves at once (sync mode would hold it)");
  });

  it("cuts the stream after a denied word: the earlier text and the word went out, the rest is dropped", async () => {
    const before = words(10);
    const after = words(60, 100);
    const { stream, evaluated } = guard([start, ...before.map((w) => text(0, w)), text(0, "the nightjar "), ...after.map((w) => text(0, w)), stop(0), ...end("end_turn")], "async");
    const out = await collect(stream);
    const released = texts(out);
    assert.equal(released.slice(0, before.length).join(""), before.join(""));
    assert.ok(released.includes("the nightjar "), "async mode releases before it reads");
    assert.equal(released.at(-1), base.blockedOutputsMessaging);
    assert.ok(!released.join("").includes(after.at(-1)!), "nothing after the cut");
    assert.equal(out.filter((e) => e.type === "contentBlockStop").length, 1, "the block is closed once");
    assert.equal(stopReason(out), "guardrail_intervened");
    assert.equal(evaluated.length, 1);
    assert.equal(evaluated[0]!.blocked, true);
    assert.ok(out.at(-1)!.type === "metadata" && out.at(-1)!.type === "metadata");
  });

  it("the same answer in sync mode never releases the word", async () => {
    const { stream } = guard([start, ...words(10).map((w) => text(0, w)), text(0, "the nightjar "), ...words(60, 100).map((w) => text(0, w)), stop(0), ...end("end_turn")], "sync");
    const released = texts(await collect(stream));
    assert.ok(!released.join("").includes("nightjar"));
    assert.equal(released.at(-1), base.blockedOutputsMessaging);
  });

  it("does not mask (Bedrock: no masking in asynchronous mode), and says nothing was masked", async () => {
    const { stream, evaluated } = guard([start, text(0, `quote ${NI} please`), stop(0), ...end("end_turn")], "async");
    const out = await collect(stream);
    assert.equal(texts(out).join(""), `quote ${NI} please`);
    assert.equal(stopReason(out), "end_turn");
    assert.equal(evaluated[0]!.action, "NONE");
  });

  it("a BLOCK on sensitive information still cuts, at the block's end at the latest", async () => {
    const { stream } = guard([start, text(0, `quote ${NI} please`), stop(0), ...end("end_turn")], "async", "BLOCK");
    const out = await collect(stream);
    assert.equal(texts(out).at(-1), base.blockedOutputsMessaging);
    assert.equal(stopReason(out), "guardrail_intervened");
  });
});

describe("guardStream, release boundaries", () => {
  // The scanner reads at release boundaries (hold + step characters held), not on every delta.
  const probe = new OutputScanner(compileGuardrail(policies("ANONYMIZE"), { pii: fakePii }));
  const chunked = (t: string, sizes: readonly number[]): string[] => {
    const out: string[] = [];
    for (let at = 0, i = 0; at < t.length; i++) {
      const n = sizes[i % sizes.length]!;
      out.push(t.slice(at, at + n));
      at += n;
    }
    return out;
  };
  it("async: a denied word is cut at the latest hold + step characters (and one delta) after it arrived", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 120 }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
      async (n, sizes) => {
        const answer = `${words(n).join("")}the nightjar ${words(200, 1000).join("")}`;
        const wordEnd = answer.indexOf("nightjar") + "nightjar".length;
        const { stream } = guard([start, ...chunked(answer, sizes).map((c) => text(0, c)), stop(0), ...end("end_turn")], "async");
        const out = await collect(stream);
        const released = texts(out);
        assert.equal(released.at(-1), base.blockedOutputsMessaging);
        assert.equal(stopReason(out), "guardrail_intervened");
        const before = released.slice(0, -1).join("");
        assert.ok(answer.startsWith(before));
        assert.ok(before.length <= wordEnd + probe.hold + probe.step + Math.max(...sizes), `${before.length - wordEnd} characters after the word`);
      },
    ), { numRuns: 60 });
  });
  it("sync: whatever the chunking, no part of the word leaves", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 120 }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
      async (n, sizes) => {
        const answer = `${words(n).join("")}the nightjar ${words(200, 1000).join("")}`;
        const { stream } = guard([start, ...chunked(answer, sizes).map((c) => text(0, c)), stop(0), ...end("end_turn")], "sync");
        const released = texts(await collect(stream));
        assert.equal(released.at(-1), base.blockedOutputsMessaging);
        const before = released.slice(0, -1).join("");
        assert.ok(answer.startsWith(before) && before.length <= answer.indexOf("nightjar"));
      },
    ), { numRuns: 60 });
  });
});

describe("guardStream, tool calls", () => {
  const input = JSON.stringify({ note: `the customer's NI number is ${NI}`, count: 3, tags: ["x", NI] });
  const maskedInput = JSON.stringify({ note: "the customer's NI number is {UK_NATIONAL_INSURANCE_NUMBER}", count: 3, tags: ["x", "{UK_NATIONAL_INSURANCE_NUMBER}"] });
  const call = (pieces: readonly string[]): StreamEvent[] => [start, text(0, "Noting it."), stop(0), toolStart(1), ...pieces.map((p) => tool(1, p)), stop(1), ...end("tool_use")];

  for (const mode of ["sync", "async"] as const) {
    it(`${mode}: holds the call (start and deltas) until its block stops, then releases it masked as one delta`, async () => {
      const { stream } = guard(call([input.slice(0, 20), input.slice(20)]), mode);
      const out = await collect(stream);
      const startAt = out.findIndex((e) => e.type === "contentBlockStart");
      const stopAt = out.findIndex((e) => e.type === "contentBlockStop" && e.index === 1);
      assert.deepEqual(toolInputs(out), [maskedInput]);
      assert.equal(out.findIndex((e) => e.type === "contentBlockDelta" && e.index === 1), startAt + 1, "the start is released just before the input");
      assert.equal(stopAt, startAt + 2);
      assert.equal(stopReason(out), "guardrail_intervened");
    });
  }

  it("a call whose input carries a BLOCKed entity is replaced by the blocked messaging; no tool start is released", async () => {
    const { stream } = guard(call([input]), "sync", "BLOCK");
    const out = await collect(stream);
    assert.equal(out.some((e) => e.type === "contentBlockStart"), false);
    assert.deepEqual(toolInputs(out), []);
    assert.deepEqual(texts(out), ["Noting it.", base.blockedOutputsMessaging]);
    assert.equal(stopReason(out), "guardrail_intervened");
  });

  it("a denied word in a tool call blocks it", async () => {
    const { stream } = guard(call(['{"q": "the night', 'jar"}']), "sync");
    const out = await collect(stream);
    assert.deepEqual(toolInputs(out), []);
    assert.equal(texts(out).at(-1), base.blockedOutputsMessaging);
  });

  it("a clean call is released as the provider sent it, with its stop reason", async () => {
    const raw = '{"city": "Leeds", "days": 3}';
    const { stream, evaluated } = guard(call(['{"city"', ': "Leeds", "days": 3}']), "sync");
    const out = await collect(stream);
    assert.deepEqual(toolInputs(out), [raw]);
    assert.equal(stopReason(out), "tool_use");
    assert.equal(evaluated.length, 2, "the text block and the call, each once");
  });

  it("input that is not JSON is read as one text (broken JSON is no way past)", async () => {
    const { stream } = guard(call([`{"note": "${NI}`]), "sync");
    assert.deepEqual(toolInputs(await collect(stream)), ['{"note": "{UK_NATIONAL_INSURANCE_NUMBER}']);
  });

  it("a call with no text in it is released without an evaluation", async () => {
    const { stream, evaluated } = guard(call(['{"n": ', "5}"]), "sync");
    assert.deepEqual(toolInputs(await collect(stream)), ['{"n": 5}']);
    assert.equal(evaluated.length, 1);
  });

  it("split at every offset (two pieces), the released call is the same masked input", async () => {
    for (let at = 1; at < input.length; at++) {
      const out = await collect(guard(call([input.slice(0, at), input.slice(at)]), "sync").stream);
      assert.deepEqual(toolInputs(out), [maskedInput], `split at ${at}`);
    }
  });

  it("split into any pieces, the number never leaves and the release is the same", async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 12 }), async (cuts) => {
      const at = [0, ...[...cuts].sort((a, b) => a - b), input.length];
      const pieces = at.slice(1).map((to, i) => input.slice(at[i], to));
      const out = await collect(guard(call(pieces), "sync").stream);
      assert.deepEqual(toolInputs(out), [maskedInput]);
      assert.ok(!JSON.stringify(toolInputs(out)).includes("AB 12"));
    }), { numRuns: 200 });
  });
});

describe("guardStream, reasoning (beyond Bedrock: read as text is)", () => {
  const reasoning = (index: number, t: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ reasoningText: t }) });
  const signature = (index: number): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ reasoningSignature: "sig" }) });
  const redacted: StreamEvent = { type: "contentBlockDelta", index: 2, delta: sensitive({ redactedReasoning: new Uint8Array([1, 2]) }) };
  const thoughts = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "contentBlockDelta" && "reasoningText" in e.delta.reveal() ? [(e.delta.reveal() as { reasoningText: string }).reasoningText] : []));
  const kinds = (events: StreamEvent[]) => events.flatMap((e) => (e.type === "contentBlockDelta" ? [`${e.index}:${Object.keys(e.delta.reveal())[0]}`] : e.type === "contentBlockStop" ? [`${e.index}:stop`] : []));
  const answer = (thought: readonly string[]): StreamEvent[] => [start, ...thought.map((t) => reasoning(0, t)), signature(0), stop(0), text(1, "Done."), stop(1), redacted, stop(2), ...end("end_turn")];

  it("sync: an NI number in the reasoning is masked, split anyhow; the signature follows the text it signs", async () => {
    const thought = `the customer's NI number is ${NI}, so`;
    for (let at = 1; at < thought.length; at++) {
      const out = await collect(guard(answer([thought.slice(0, at), thought.slice(at)]), "sync").stream);
      assert.equal(thoughts(out).join(""), "the customer's NI number is {UK_NATIONAL_INSURANCE_NUMBER}, so", `split at ${at}`);
      const order = kinds(out);
      assert.deepEqual(order.slice(order.indexOf("0:reasoningSignature")), ["0:reasoningSignature", "0:stop", "1:text", "1:stop", "2:redactedReasoning", "2:stop"]);
      assert.equal(stopReason(out), "guardrail_intervened");
    }
  });

  it("sync: a denied word in the reasoning never leaves; the reasoning block is closed and the blocked messaging follows in a block of its own", async () => {
    const before = words(60);
    const out = await collect(guard(answer([...before, "the nightjar ", ...words(60, 100)]), "sync").stream);
    assert.ok(!thoughts(out).join("").includes("nightjar"));
    assert.ok(thoughts(out).length > 0, "part of the reasoning went out before the word was reached");
    assert.deepEqual(kinds(out).slice(-3), ["0:stop", "1:text", "1:stop"]);
    assert.deepEqual(texts(out), [base.blockedOutputsMessaging], "the answer after the cut is dropped");
    assert.equal(out.some((e) => e.type === "contentBlockDelta" && "reasoningSignature" in e.delta.reveal()), false);
    assert.equal(stopReason(out), "guardrail_intervened");
  });

  it("sync: a reasoning block blocked before any of it went out answers in its own index", async () => {
    const out = await collect(guard(answer([`NI ${NI}`]), "sync", "BLOCK").stream);
    assert.deepEqual(thoughts(out), []);
    assert.deepEqual(kinds(out), ["0:text", "0:stop"]);
    assert.deepEqual(texts(out), [base.blockedOutputsMessaging]);
  });

  it("async: reasoning goes out as it arrives and the stream is cut after a denied word", async () => {
    const { stream, evaluated } = guard(answer(["thinking about the nightjar ", ...words(80)]), "async");
    const out = await collect(stream);
    assert.equal(thoughts(out)[0], "thinking about the nightjar ");
    assert.equal(texts(out).at(-1), base.blockedOutputsMessaging);
    assert.equal(stopReason(out), "guardrail_intervened");
    assert.equal(evaluated[0]!.blocked, true);
  });

  it("clean reasoning, its signature and redacted reasoning pass as they came", async () => {
    const { stream, evaluated } = guard(answer(["weighing ", "options"]), "sync");
    const out = await collect(stream);
    assert.equal(thoughts(out).join(""), "weighing options");
    assert.ok(out.some((e) => e.type === "contentBlockDelta" && "redactedReasoning" in e.delta.reveal()));
    assert.equal(stopReason(out), "end_turn");
    assert.equal(evaluated.length, 2, "the reasoning block and the text block, each once");
  });
});
