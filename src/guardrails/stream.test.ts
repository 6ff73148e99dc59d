import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { GuardrailPolicies } from "./config.js";
import { compileGuardrail, evaluate, OutputScanner } from "./index.js";
import { MAX_STREAMED_MATCH } from "./span-readers.js";
import { piiFinder } from "./pii/index.js";
import type { TopicDetectorFactory } from "./ports.js";
import { base, both, fakePii } from "./evaluator.fixture.js";

const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const policies: GuardrailPolicies = {
  ...base,
  piiEntities: [{ type: "EMAIL", ...anonymize }, { type: "UK_NATIONAL_INSURANCE_NUMBER", ...anonymize }],
  words: [{ text: "forbidden fruit", ...both }],
};

async function run(chunks: readonly string[]): Promise<{ released: string[]; blocked: boolean; scanner: OutputScanner }> {
  const scanner = new OutputScanner(compileGuardrail(policies, { pii: fakePii }));
  const released: string[] = [];
  for (const chunk of chunks) {
    const step = await scanner.push(chunk);
    released.push(step.text.reveal());
    if (step.blocked) return { released, blocked: true, scanner };
  }
  const last = await scanner.end();
  released.push(last.text.reveal());
  return { released, blocked: last.blocked, scanner };
}

const filler = "The quick brown fox jumps over the lazy dog. ".repeat(4);
const answer = `${filler}Contact ada.lovelace@example.org or quote AB 12 34 56 C. ${filler}`;
const masked = `${filler}Contact {EMAIL} or quote {UK_NATIONAL_INSURANCE_NUMBER}. ${filler}`;

describe("OutputScanner (sync mode)", () => {
  it("an email split across two pushes is masked", async () => {
    const at = answer.indexOf("lovelace");
    const { released, blocked } = await run([answer.slice(0, at), answer.slice(at)]);
    assert.equal(blocked, false);
    assert.equal(released.join(""), masked);
    assert.ok(released.every((r) => !r.includes("lovelace") && !r.includes("AB 12")));
  });
  it("split at every offset, in three pieces, the release is masked the same", async () => {
    for (let at = 1; at < answer.length; at += 7) {
      const second = Math.min(answer.length - 1, at + 23);
      const { released } = await run([answer.slice(0, at), answer.slice(at, second), answer.slice(second)]);
      assert.equal(released.join(""), masked, `split at ${at}/${second}`);
    }
  });
  it("text is held back until it is checked", async () => {
    const scanner = new OutputScanner(compileGuardrail(policies, { pii: fakePii }));
    const step = await scanner.push("short text ada@exa");
    assert.equal(step.text.reveal(), "");
  });
  it("a denied phrase split across chunks blocks, and nothing after it is released", async () => {
    const text = `${filler}I ate the forbid`;
    const { released, blocked, scanner } = await run([text, "den fruit yesterday", " and more"]);
    assert.equal(blocked, true);
    assert.ok(!released.join("").includes("forbid"));
    assert.equal(scanner.blocked, true);
    assert.equal((await scanner.push("more")).blocked, true);
    const evaluation = scanner.evaluation();
    assert.equal(evaluation.blocked, true);
    assert.deepEqual((evaluation.assessment.reveal() as { wordPolicy: { customWords: unknown[] } }).wordPolicy.customWords,
      [{ match: "forbidden fruit", action: "BLOCKED", detected: true }]);
  });
  it("the stream's evaluation reports each entity once", async () => {
    const chunks = answer.match(/.{1,9}/gs) ?? [];
    const { scanner } = await run(chunks);
    const evaluation = scanner.evaluation();
    assert.deepEqual(evaluation.facts.piiEntities, { EMAIL: 1, UK_NATIONAL_INSURANCE_NUMBER: 1 });
    assert.equal(evaluation.action, "GUARDRAIL_INTERVENED");
    assert.deepEqual(evaluation.outputs.reveal(), [masked]);
  });
});

/**
 * The property the stream mode rests on, with the real recognisers: whatever the chunking, the
 * caller receives exactly the whole-text evaluation's masked output (so no part of an entity ever
 * leaves), and a denied phrase blocks before any of it is released.
 */
describe("OutputScanner: an entity or phrase split at every offset", () => {
  const realPolicies: GuardrailPolicies = {
    ...base,
    piiEntities: [{ type: "EMAIL", ...anonymize }, { type: "UK_NATIONAL_INSURANCE_NUMBER", ...anonymize }, { type: "PHONE", ...anonymize }],
    words: [{ text: "forbidden fruit", ...both }],
  };
  const g = compileGuardrail(realPolicies, { pii: piiFinder });
  const long = "The quick brown fox jumps over the lazy dog. ".repeat(20);

  async function stream(chunks: readonly string[]): Promise<{ released: string; blocked: boolean; pieces: number }> {
    const scanner = new OutputScanner(g);
    let released = "";
    let pieces = 0;
    for (const chunk of chunks) {
      const step = await scanner.push(chunk);
      if (step.text.reveal() !== "") pieces++;
      released += step.text.reveal();
      if (step.blocked) return { released, blocked: true, pieces };
    }
    const last = await scanner.end();
    released += last.text.reveal();
    return { released, blocked: last.blocked, pieces };
  }

  const entities = [
    { name: "an email", sentence: "Write to ada.lovelace@example.org today. " },
    { name: "an NI number", sentence: "My national insurance number is AB 12 34 56 C for the form. " },
    { name: "a UK phone", sentence: "Call me on 020 7946 0958 after six. " },
    // Astral characters around and between: a split can fall inside a surrogate pair.
    { name: "an email among emoji and mathematical letters", sentence: "😀 𝐀𝐁 write to ada.lovelace@example.org 🍆 today 𝐟. " },
  ];
  for (const { name, sentence } of entities) {
    it(`${name}: released text equals the whole-text masking at every split`, async () => {
      const text = long + sentence + long;
      const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
      assert.notEqual(whole, text, "the fixture's entity is found at all");
      // Every offset of the whole text, so each split also lands on every release boundary.
      for (let split = 1; split < text.length; split++) {
        const { released, blocked } = await stream([text.slice(0, split), text.slice(split)]);
        assert.equal(blocked, false);
        assert.equal(released, whole, `split at ${split}`);
      }
      // A model's pace: a few characters per chunk, at every phase.
      for (let phase = 0; phase < 5; phase++) {
        const chunks = [text.slice(0, phase), ...(text.slice(phase).match(/[^]{1,5}/g) ?? [])];
        const { released, pieces } = await stream(chunks);
        assert.equal(released, whole, `5-char chunks from ${phase}`);
        assert.ok(pieces > 1, "text is released as it arrives, not held to the end");
      }
    });
  }

  for (const [name, phrase] of [["", "I ate the forbidden fruit yesterday. "], [" after astral characters", "😀𝐀 I ate the 𝐟 forbidden fruit 🍆 yesterday. "]] as const) it(`a denied phrase${name} blocks at every split, and none of it is released`, async () => {
    const text = `${long}${phrase}${long}`;
    const at = text.indexOf("forbidden");
    for (let split = 1; split < text.length; split++) {
      const { released, blocked } = await stream([text.slice(0, split), text.slice(split)]);
      assert.equal(blocked, true, `split at ${split}`);
      assert.ok(text.startsWith(released) && released.length <= at, `split at ${split}: released only what precedes the phrase`);
    }
  });
});

describe("OutputScanner: custom regexes", () => {
  const regex = (pattern: string) => ({ name: "ref", pattern, ...anonymize });
  it("holds back the longest match RE2's syntax allows, beyond the old fixed allowance", async () => {
    const g = compileGuardrail({ ...base, regexes: [regex("REF-[0-9]{200}")] }, { pii: fakePii });
    const scanner = new OutputScanner(g);
    assert.ok(scanner.hold > 404, `hold ${scanner.hold}`);
    const text = `${"word ".repeat(200)}REF-${"7".repeat(200)} ${"word ".repeat(200)}`;
    for (const split of [1000, 1100, 1150, 1203]) {
      const s = new OutputScanner(g);
      const first = (await s.push(text.slice(0, split))).text.reveal();
      const second = (await s.push(text.slice(split))).text.reveal();
      const last = (await s.end()).text.reveal();
      assert.equal(first + second + last, `${"word ".repeat(200)}{ref} ${"word ".repeat(200)}`, `split at ${split}`);
    }
  });
  it("an unbounded regex holds back MAX_STREAMED_MATCH, not the whole block (stream-cost.test.ts)", async () => {
    const g = compileGuardrail({ ...base, regexes: [regex("REF-[0-9]+")] }, { pii: fakePii });
    const scanner = new OutputScanner(g);
    assert.equal(scanner.hold, MAX_STREAMED_MATCH + 1);
    assert.equal((await scanner.push(`${"word ".repeat(500)}REF-123`)).text.reveal(), "");
    assert.equal((await scanner.push(`456 ${"word ".repeat(10)}`)).text.reveal(), "");
    assert.equal((await scanner.end()).text.reveal(), `${"word ".repeat(500)}{ref} ${"word ".repeat(10)}`);
  });
});

describe("OutputScanner: topics read the whole block at its end", () => {
  // A topic only the whole block shows: its two halves are far apart, never in one window.
  const topics: TopicDetectorFactory = {
    build: () => ({ detect: async (text) => new Map([["cures", text.includes("miracle") && text.includes("guaranteed") ? 1 : 0]]) }),
  };
  const g = compileGuardrail(
    { ...base, piiEntities: [{ type: "EMAIL", ...anonymize }], topics: [{ name: "cures", definition: "Promising medical cures", examples: [], type: "DENY", ...both }] },
    { pii: fakePii, topics },
  );
  it("a late BLOCK stops the block after what was already released", async () => {
    const scanner = new OutputScanner(g);
    let released = "";
    released += (await scanner.push(`This miracle ${"word ".repeat(100)}`)).text.reveal();
    released += (await scanner.push(`${"word ".repeat(100)}is guaranteed.`)).text.reveal();
    assert.ok(released.length > 0 && !released.includes("guaranteed"), "released while no window showed the topic");
    const last = await scanner.end();
    assert.equal(last.blocked, true);
    assert.equal(last.text.reveal(), "");
    const evaluation = scanner.evaluation();
    assert.equal(evaluation.blocked, true);
    assert.deepEqual(evaluation.assessment.reveal()["topicPolicy"], { topics: [{ name: "cures", type: "DENY", action: "BLOCKED", detected: true }] });
  });
});
