import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { ContentFilterType, PiiEntityType } from "./config.js";
import { compileGuardrail, evaluate, evaluateSliced, OutputScanner } from "./index.js";
import type { CompiledGuardrail } from "./index.js";
import { piiFinder } from "./pii/index.js";
import type { PiiFinder } from "./ports.js";
import { base, both, fakePii } from "./evaluator.fixture.js";

/**
 * What one streamed block may cost: every evaluation reads a bounded window (with a custom regex
 * RE2's syntax cannot bound too), no detector reads a long block in one synchronous call, and a
 * detector that calls a model is asked once per long release step, not every few dozen characters.
 */
const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const detect = { inputAction: "NONE", outputAction: "NONE", inputEnabled: true, outputEnabled: true } as const;
const pii = (...types: PiiEntityType[]) => types.map((type) => ({ type, ...anonymize }));
const acct = (action: typeof anonymize | typeof detect = anonymize) => ({ name: "acct", pattern: "ACCT-\\d+", ...action });

async function stream(g: CompiledGuardrail, text: string, size: number): Promise<{ released: string; pieces: number; blocked: boolean }> {
  const scanner = new OutputScanner(g);
  let released = "";
  let pieces = 0;
  for (let at = 0; at < text.length; at += size) {
    const step = await scanner.push(text.slice(at, at + size));
    if (step.blocked) return { released, pieces, blocked: true };
    if (step.text.reveal() !== "") pieces++;
    released += step.text.reveal();
  }
  const last = await scanner.end();
  return { released: released + last.text.reveal(), pieces, blocked: last.blocked };
}

/** The real PII finder, recording the longest text one call read. */
function recording(): { finder: PiiFinder; longest(): number } {
  let longest = 0;
  return {
    finder: {
      find: (text, types) => ((longest = Math.max(longest, text.length)), piiFinder.find(text, types)),
      maxLength: (types) => piiFinder.maxLength(types),
      prepare: (types) => piiFinder.prepare?.(types),
    },
    longest: () => longest,
  };
}

const sentence = "Yesterday Margaret Thompson met John Smith at 14 Baker Street in London about account ACCT-20931. ";
const prose = (n: number): string => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);

describe("OutputScanner: a custom regex without a bound (ACCT-\\d+)", () => {
  it("holds a bounded window, releases as the answer streams, and masks a match split anywhere", async () => {
    const g = compileGuardrail({ ...base, regexes: [acct()] }, { pii: fakePii });
    const scanner = new OutputScanner(g);
    assert.ok(Number.isFinite(scanner.hold) && scanner.hold <= 4097, `hold ${scanner.hold}`);
    const text = `${"word ".repeat(3000)}ACCT-123456789 ${"word ".repeat(3000)}`;
    const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
    assert.ok(whole.includes("{acct}") && !whole.includes("ACCT"));
    const at = text.indexOf("ACCT");
    for (let split = at - 2; split <= at + 16; split++) {
      const s = new OutputScanner(g);
      const out = (await s.push(text.slice(0, split))).text.reveal() + (await s.push(text.slice(split))).text.reveal() + (await s.end()).text.reveal();
      assert.equal(out, whole, `split at ${split}`);
    }
    const { released, pieces } = await stream(g, text, 16);
    assert.equal(released, whole);
    assert.ok(pieces > 1, "released as it streams, not held to the end");
  });

  // Each read is a few thousand characters (~20 ms with names on every line), where the whole
  // block was read at its end: seconds, past the 250 ms budget. What one read takes is asserted,
  // not the time (the test machine's load is not the code's).
  it("a long answer with NAME and ADDRESS is read in bounded windows, not whole at its end", async () => {
    const { finder, longest } = recording();
    const g = compileGuardrail({ ...base, piiEntities: pii("NAME", "ADDRESS"), regexes: [acct()] }, { pii: finder, budgetMs: 60_000 });
    const { released, blocked } = await stream(g, prose(120_000), 50);
    assert.equal(blocked, false);
    assert.ok(released.includes("{acct}") && !released.includes("ACCT-"));
    // The most held (hold + step and a chunk), read at the block's end with the context before it.
    const scanner = new OutputScanner(g);
    assert.ok(longest() <= scanner.hold + scanner.step + 1_000, `names and addresses read ${longest()} characters at once`);
    assert.ok(longest() < 8_000, `names and addresses read ${longest()} characters at once`);
  });

  it("with the regex setting the hold, names and addresses read their own window: the whole text's masking", async () => {
    const g = compileGuardrail({ ...base, piiEntities: pii("NAME", "ADDRESS", "EMAIL"), regexes: [acct()] }, { pii: piiFinder, budgetMs: 60_000 });
    const text = [
      prose(3_000),
      "Dear Mr Charles Babbage,\nWe have updated the record for 221B Baker Street, London NW1 6XE as you asked. ",
      "we walked along the river with Jane Austen and Charles Dickens talking about nothing in particular while the boats went by ".repeat(30),
      "Regards, Mary Somerville\nwrite to accounts@example.co.uk quoting ACCT-654321.\n",
      prose(9_000),
    ].join("").repeat(2);
    const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
    assert.ok(whole.includes("{NAME}") && whole.includes("{ADDRESS}") && whole.includes("{acct}"));
    for (const size of [7, 64, 1000]) assert.equal((await stream(g, text, size)).released, whole, `${size}-char chunks`);
  });

  it("a long input read in slices: no slice reads the whole text", async () => {
    const { finder, longest } = recording();
    const g = compileGuardrail({ ...base, piiEntities: pii("NAME"), regexes: [acct()] }, { pii: finder, budgetMs: 60_000 });
    const text = prose(100_000);
    const sliced = await evaluateSliced(g, "INPUT", [text]);
    assert.ok(longest() < 40_000, `one read took ${longest()} characters`);
    assert.ok(!sliced.outputs.reveal()[0]!.includes("ACCT-"));
  });

  it("a single match that outgrows the window: ANONYMIZE fails closed rather than release part of it, NONE passes", async () => {
    const text = `Your account is ACCT-${"7".repeat(30_000)} and that is all. ${"word ".repeat(100)}`;
    const masked = compileGuardrail({ ...base, regexes: [acct()] }, { pii: fakePii });
    await assert.rejects(stream(masked, text, 20), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
    const noted = compileGuardrail({ ...base, regexes: [acct(detect)] }, { pii: fakePii });
    assert.equal((await stream(noted, text, 20)).released, text);
  });
});

describe("OutputScanner: meaning policies over a long block", () => {
  it("no classifier call reads the whole of a long block", async () => {
    let longest = 0;
    const content = { classify: async (text: string, categories: ReadonlySet<ContentFilterType>) => ((longest = Math.max(longest, text.length)), new Map([...categories].map((c) => [c, 0]))) };
    const g = compileGuardrail({ ...base, contentFilters: [{ type: "VIOLENCE", inputStrength: "HIGH", outputStrength: "HIGH", ...both }] }, { pii: fakePii, content, budgetMs: 60_000 });
    const text = prose(200_000);
    assert.equal((await stream(g, text, 64)).released, text);
    assert.ok(longest <= 40_000, `one classifier call read ${longest} characters`);
  });
});

describe("OutputScanner: detectors that call a model", () => {
  const answer = "All good here, nothing to see, just a long and harmless answer. ".repeat(1600);
  const filters = [{ type: "VIOLENCE" as const, inputStrength: "HIGH" as const, outputStrength: "HIGH" as const, ...both }];

  it("a model-backed content filter is asked once per release step of at least 2,048 characters", async () => {
    let calls = 0;
    const model = { costly: true, classify: async (_text: string, categories: ReadonlySet<ContentFilterType>) => (calls++, new Map([...categories].map((c) => [c, 0]))) };
    const g = compileGuardrail({ ...base, contentFilters: filters }, { pii: fakePii, content: model, budgetMs: 60_000 });
    const scanner = new OutputScanner(g);
    assert.ok(scanner.step >= 2048, `step ${scanner.step}`);
    assert.equal((await stream(g, answer, 4)).released, answer);
    assert.ok(calls <= Math.ceil(answer.length / scanner.step) + 2, `${calls} calls for ${answer.length} characters`);
  });

  it("a model-backed topic detector likewise", async () => {
    let calls = 0;
    const detector = { costly: true, detect: async () => (calls++, new Map<string, number>()) };
    const g = compileGuardrail(
      { ...base, topics: [{ name: "cures", definition: "Promising medical cures", examples: [], type: "DENY", ...both }] },
      { pii: fakePii, topics: { build: () => detector }, budgetMs: 60_000 },
    );
    const scanner = new OutputScanner(g);
    assert.ok(scanner.step >= 2048, `step ${scanner.step}`);
    assert.equal((await stream(g, answer, 4)).released, answer);
    assert.ok(calls <= Math.ceil(answer.length / scanner.step) + 2, `${calls} calls for ${answer.length} characters`);
  });

  it("its releases end at a sentence where one is near, so the model reads sentences whole", async () => {
    const model = { costly: true, classify: async (_text: string, categories: ReadonlySet<ContentFilterType>) => new Map([...categories].map((c) => [c, 0])) };
    const g = compileGuardrail({ ...base, contentFilters: filters }, { pii: fakePii, content: model });
    const text = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} says nothing much at all${i % 7 === 0 ? ",\nand a line breaks" : ""}. `).join("");
    const scanner = new OutputScanner(g);
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 5) pieces.push((await scanner.push(text.slice(at, at + 5))).text.reveal());
    const released = pieces.filter((p) => p !== "");
    assert.ok(released.length > 3, `${released.length} releases`);
    for (const piece of released) assert.ok(/(?:\. |\n)$/.test(piece), `a release ends ${JSON.stringify(piece.slice(-12))}`);
  });

  it("the built-in detectors keep their short step (they cost microseconds)", () => {
    const g = compileGuardrail({ ...base, contentFilters: filters }, { pii: fakePii });
    assert.equal(new OutputScanner(g).step, 64);
  });
});
