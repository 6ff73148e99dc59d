import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { GuardrailPolicies, PiiEntityType } from "./config.js";
import { compileGuardrail, evaluate, evaluateSliced, OutputScanner, SLICE_CHARACTERS, SLICED_FROM } from "./index.js";
import type { CompiledGuardrail } from "./index.js";
import { piiFinder } from "./pii/index.js";
import type { ContentClassifier, TopicDetectorFactory } from "./ports.js";
import { Deadline, planFor, scanText } from "./scan.js";
import type { TextScan } from "./scan.js";
import { base, both } from "./evaluator.fixture.js";

/**
 * The scanner evaluates only at release boundaries (`hold + step` characters held), reads span
 * policies over a window reaching `hold` back, and meaning policies over what leaves. These tests
 * put entities, words and names on those boundaries, and compare a streamed block's findings
 * (types, offsets, actions) and masked output with one evaluation of the whole text.
 */
const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const pii = (...types: PiiEntityType[]) => types.map((type) => ({ type, ...anonymize }));

interface Streamed {
  readonly released: string;
  readonly pieces: readonly string[];
  readonly blocked: boolean;
  readonly scanner: OutputScanner;
}

async function stream(g: CompiledGuardrail, chunks: readonly string[], options: { masking?: boolean; step?: number } = {}): Promise<Streamed> {
  const scanner = new OutputScanner(g, "OUTPUT", options);
  const pieces: string[] = [];
  for (const chunk of chunks) {
    const step = await scanner.push(chunk);
    pieces.push(step.text.reveal());
    if (step.blocked) return { released: pieces.join(""), pieces, blocked: true, scanner };
  }
  const last = await scanner.end();
  pieces.push(last.text.reveal());
  return { released: pieces.join(""), pieces, blocked: last.blocked, scanner };
}

const inPieces = (text: string, size: number, phase = 0): string[] =>
  [text.slice(0, phase), ...(text.slice(phase).match(new RegExp(`[^]{1,${size}}`, "g")) ?? [])].filter((c) => c !== "");

/** Chunks of 1..max characters from a seeded generator (reproducible, no library needed). */
function randomPieces(text: string, max: number, seed: number): string[] {
  let s = seed;
  const out: string[] = [];
  for (let at = 0; at < text.length;) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (s % max);
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}

/** The span findings of one scan of the whole text, in a comparable order. */
async function wholeSpans(g: CompiledGuardrail, text: string): Promise<string[]> {
  return spanKeys(await scanText(g, planFor(g, "OUTPUT"), text, new Deadline(60_000)));
}
function spanKeys(scan: TextScan): string[] {
  return [
    ...scan.words.map((w) => `word:${w.kind}:${w.start}-${w.end}:${w.action}`),
    ...scan.pii.map((p) => `pii:${p.type}:${p.start}-${p.end}:${p.action}`),
    ...scan.regexes.map((r) => `regex:${r.index}:${r.start}-${r.end}:${r.action}`),
  ].sort();
}

describe("OutputScanner: entities and words on the evaluation boundary", () => {
  const g = compileGuardrail(
    { ...base, piiEntities: pii("EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER"), words: [{ text: "forbidden fruit", ...both }] },
    { pii: piiFinder, budgetMs: 60_000 },
  );
  const probe = new OutputScanner(g);
  const filler = (n: number): string => "lorem ipsum dolor sit amet ".repeat(Math.ceil(n / 27)).slice(0, n);

  it("evaluates at a release boundary, not on every chunk", async () => {
    assert.ok(probe.step >= 2 * probe.hold, `step ${probe.step}, hold ${probe.hold}`);
    const scanner = new OutputScanner(g);
    const first = await scanner.push(filler(probe.hold + probe.step - 1));
    assert.equal(first.text.reveal(), "", "held until the boundary");
    const second = await scanner.push("x");
    assert.ok(second.text.reveal().length > 0, "released at the boundary");
  });

  // An e-mail address longer than a short hold, and an NI number, at every offset around the
  // first evaluation (at `trigger` characters) and around its cut (near `step`).
  for (const [name, entity, mask] of [
    ["an NI number", "AB 12 34 56 C", "{UK_NATIONAL_INSURANCE_NUMBER}"],
    ["a long e-mail address", "ada.lovelace.countess.of.lovelace@analytical-engines.example.org", "{EMAIL}"],
  ] as const) it(`${name} at every offset around the first evaluation and its cut is masked whole`, async () => {
    const trigger = probe.hold + probe.step;
    // The cut of the first evaluation falls near `step`; the evaluation itself at `trigger`.
    for (const [from, to] of [[probe.step - 30, probe.step + 20], [trigger - entity.length - 5, trigger + 5]] as const) {
      for (let at = from; at <= to; at++) {
        const text = `${filler(at)} ${entity} ${filler(probe.step + 50)}`;
        const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
        assert.ok(whole.includes(mask), `found whole at ${at}`);
        for (const chunks of [[text.slice(0, trigger), text.slice(trigger)], inPieces(text, 3)]) {
          const { released, pieces } = await stream(g, chunks);
          assert.equal(released, whole, `entity at ${at}`);
          assert.ok(pieces.every((p) => !p.includes(entity.slice(0, 5)) && !p.includes(entity.slice(-5))), `no part of it leaves, entity at ${at}`);
        }
      }
    }
  });

  it("a context word released before the cut still confirms the entity held after it", async () => {
    // A bare 10-digit UTR scores under the finder's threshold: only "UTR" nearby makes it one.
    const entity = "12345 67890";
    for (let at = probe.step - 40; at <= probe.step + 20; at++) {
      const text = `${filler(at)} My UTR is ${entity} ${filler(probe.step + 50)}`;
      const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
      assert.ok(whole.includes("{UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER}"), `found whole at ${at}`);
      for (const size of [1, 3, 8]) {
        const { released } = await stream(g, inPieces(text, size));
        assert.equal(released, whole, `UTR at ${at}, ${size}-char chunks`);
      }
    }
  });

  it("a denied phrase straddling the evaluation boundary blocks before any of it leaves (sync and async)", async () => {
    const phrase = "forbidden fruit";
    const trigger = probe.hold + probe.step;
    for (let at = probe.step - 20; at <= trigger + 2; at++) {
      const text = `${filler(at)} ${phrase} ${filler(probe.step + 50)}`;
      const start = text.indexOf(phrase);
      for (const masking of [true, false]) {
        const { released, blocked } = await stream(g, [text.slice(0, trigger), text.slice(trigger, trigger + 7), text.slice(trigger + 7)], { masking });
        assert.equal(blocked, true, `phrase at ${at}, masking ${masking}`);
        assert.ok(text.startsWith(released) && released.length <= start, `phrase at ${at}: only what precedes it left`);
      }
    }
  });

  it("a text that becomes a finding only with its last character: nothing of it leaves before the end", async () => {
    const lead = filler(3 * probe.hold + 2 * probe.step);
    for (const [text, finding] of [
      [`${lead} quote AB 12 34 56 C`, true],
      // One more character undoes it: the pattern refuses a letter after the suffix.
      [`${lead} quote AB 12 34 56 CD`, false],
      [`${lead} I ate the forbidden fruit`, true],
    ] as const) {
      const whole = await evaluate(g, "OUTPUT", [text]);
      assert.equal(whole.action !== "NONE", finding, "the fixture is (or is not) a finding whole");
      const { released, pieces, blocked } = await stream(g, inPieces(text, 1));
      const beforeEnd = pieces.slice(0, -1).join("");
      assert.ok(!beforeEnd.includes("AB 12") && !beforeEnd.includes("forbidden"), "held until the block ended");
      assert.ok(beforeEnd.length > 0, "the text before it was released as it came");
      if (whole.blocked) assert.equal(blocked, true);
      else assert.equal(released, whole.outputs.reveal()[0]);
    }
  });
});

describe("OutputScanner: a NAME whose window spans chunks", () => {
  const g = compileGuardrail({ ...base, piiEntities: pii("NAME", "ADDRESS") }, { pii: piiFinder, budgetMs: 60_000 });
  const long = "The committee met on Tuesday to review the quarterly figures in detail. ".repeat(12);
  for (const sentence of [
    "Yesterday I spoke with Ada Lovelace about the analytical engine. ",
    "The report was signed by Dr. Grace Hopper and sent on. ",
    "Regards, Alan Turing\n",
  ]) {
    it(`${JSON.stringify(sentence.slice(0, 30))}: released text equals the whole-text masking at every split`, async () => {
      const text = long + sentence + long;
      const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0]!;
      assert.ok(whole.includes("{NAME}"), "the name is found whole");
      const at = long.length;
      for (let split = at - 20; split <= at + sentence.length + 20; split++) {
        const { released } = await stream(g, [text.slice(0, split), text.slice(split)]);
        assert.equal(released, whole, `split at ${split}`);
      }
      for (let phase = 0; phase < 7; phase++) {
        const { released, pieces } = await stream(g, inPieces(text, 7, phase));
        assert.equal(released, whole, `7-char chunks from ${phase}`);
        assert.ok(pieces.filter((p) => p !== "").length > 1, "released as it arrives");
      }
    });
  }
});

describe("OutputScanner: streamed findings equal the whole-text evaluation's", () => {
  // The bench guardrail (bench/guardrail-fixture.ts) without its HTTP codec: PII with NAME and
  // ADDRESS, a custom regex, custom words that never occur here, the managed profanity list, a
  // denied topic and the content filters. The texts carry no BLOCK, so every span is compared.
  const g = compileGuardrail({
    ...base,
    piiEntities: pii("EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "CREDIT_DEBIT_CARD_NUMBER", "NAME", "ADDRESS"),
    regexes: [{ name: "ticket", pattern: "TCK-\\d{6}", ...anonymize }],
    words: ["project nightingale", "codename", "merger"].map((text) => ({ text, ...both })),
    managedWordLists: [{ type: "PROFANITY", ...both }],
    topics: [{ name: "Investment advice", definition: "Recommendations on where to invest money, which stocks or funds to buy.", examples: ["Which stocks should I buy?"], type: "DENY", ...both }],
    contentFilters: (["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT"] as const).map((type) => ({ type, inputStrength: "HIGH", outputStrength: "HIGH", ...both })),
  }, { pii: piiFinder, budgetMs: 60_000 });
  const paragraph = "Please review the attached report from Ada Lovelace (ada.lovelace@example.org, NI AB 12 34 56 C, ticket TCK-123456) about the quarterly figures for the north-west region, and summarise the main risks in plain language for the board. ";
  const texts: Record<string, string> = {
    "the bench prompt": paragraph.repeat(20).slice(0, 4096),
    "a letter with an address, a phone and a card": [
      "Dear Mr Charles Babbage,\n\nThank you for your letter of the 3rd. ",
      "We have updated the record for 221B Baker Street, London NW1 6XE as you asked, and the team will call you on 020 7946 0958 before Friday. ",
      "The payment of the invoice was taken from the card ending 4111 1111 1111 1111 and a receipt follows by post. ".repeat(3),
      "If anything is unclear, write to accounts@example.co.uk quoting TCK-654321 and we will reply within two working days. ".repeat(4),
      "Regards, Mary Somerville\nCustomer Services\n",
    ].join("").repeat(3),
    "short sentences, names and emoji": (
      "We walked along the river with Jane Austen and Charlotte Bronte. 🙂 Nothing much was said. " +
      "Somebody called out to Florence Nightingale from the far bank! 🚣 Nobody answered them at all.\n"
    ).repeat(12),
    // Identifiers hidden with invisible and look-alike characters (text-view.ts): a chunk may end
    // on either side of any of them, and the mask must still cover the original characters.
    "zero-width, full-width and look-alike characters": (
      "Please forward the note from Ada\u00A0Lovelace (ada\u200B.lovelace\uFF20example.org, NI AB\u200B12\u200B34\u200B56\u200BC, " +
      "ticket TCK-\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16) and the card 4111\u200D1111\u200D1111\u200D1111 to the board. " +
      "Her other number, \u0410\u0412 12 34 56 C, is on file; write to grace\u00AD.hopper@example.org about it. \u{1F642}\uFE0F\n"
    ).repeat(10),
    // The NAME cues (pii/name-cues.ts): a signature's first line, a name line repeated, speaker labels, a middle
    // initial, a person's verb, a role, a list of first names, and lower-case names, which are
    // read only where no capital is within 120 characters.
    "a signature, a dialogue and lower-case notes": "Dreux Jolivet\nPaxata Widgets\n" + (
      "Ubbo: What a day it has been.\nNikola: Remember me, Ubbo? We met at the harbour last spring.\n" +
      ">Gyala Antalfi\n>Acme Analytics\n>Gyala Antalfi\n" +
      "They had 4: Gaetan, Hannah, Anthony and Derek, and all of them came. Halka T. Worowska is the administrator. " +
      "Tomiko is from Osaka and Producer Ilsabet Marrow explained it.\n" +
      "nothing else was said about the invoice, and the boats went by slowly on the river all afternoon long. " +
      "follow up with patricia wendlund in a couple of months. " +
      "nothing else was said about the invoice, and the boats went by slowly on the river all afternoon long.\n"
    ).repeat(6),
  };
  it("the hidden identifiers are all found whole, so the comparison below compares findings, not two misses", async () => {
    const { piiEntities, regexes } = (await evaluate(g, "OUTPUT", [texts["zero-width, full-width and look-alike characters"]!])).facts;
    assert.deepEqual([piiEntities["EMAIL"], piiEntities["UK_NATIONAL_INSURANCE_NUMBER"], piiEntities["CREDIT_DEBIT_CARD_NUMBER"], regexes.reduce((n, r) => n + r.count, 0)], [20, 20, 10, 10]);
  });
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: the same spans (types, offsets, actions) and the same masked output, however it is chunked`, async () => {
      const whole = await evaluate(g, "OUTPUT", [text]);
      assert.equal(whole.blocked, false, "the fixture blocks nothing");
      const spans = await wholeSpans(g, text);
      assert.ok(spans.length > 0, "the fixture has findings");
      const chunkings = [inPieces(text, 64), inPieces(text, 1), randomPieces(text, 9, 7), randomPieces(text, 200, 11), [text]];
      for (const [i, chunks] of chunkings.entries()) {
        const { released, blocked, scanner } = await stream(g, chunks);
        assert.equal(blocked, false, `chunking ${i}`);
        assert.equal(released, whole.outputs.reveal()[0], `chunking ${i}: masked output`);
        assert.deepEqual(spanKeys(scanner.findings()), spans, `chunking ${i}: spans`);
        assert.deepEqual(scanner.evaluation().facts.piiEntities, whole.facts.piiEntities, `chunking ${i}: entity counts`);
        assert.deepEqual(scanner.evaluation().facts.regexes, whole.facts.regexes, `chunking ${i}: regex counts`);
      }
    });
  }
  // A window ending inside a word saw its start as a whole word: "abo" of "about" is on the
  // managed list, "merger" of "mergers" a custom word, and the stream blocked where the whole
  // text does not (found by streaming the bench prompt repeated: it blocked at character 1,750).
  it("a window ending inside a word does not find the word's start as a word (about, mergers)", async () => {
    const probe = new OutputScanner(g);
    const trigger = probe.hold + probe.step;
    const filler = (n: number): string => "lorem ipsum dolor sit amet ".repeat(Math.ceil(n / 27)).slice(0, n);
    for (const word of ["about", "mergers", "abbots"]) {
      const whole = await evaluate(g, "OUTPUT", [`${filler(trigger)} ${word} ${filler(100)}`]);
      assert.equal(whole.blocked, false, `${word} whole`);
      // The word placed so the first evaluation's window ends after each of its letters.
      for (let inside = 1; inside < word.length; inside++) {
        const text = `${filler(trigger - inside - 1)} ${word} ${filler(probe.step + 50)}`;
        for (const masking of [true, false]) {
          const { blocked, released } = await stream(g, [text.slice(0, trigger), text.slice(trigger)], { masking });
          assert.equal(blocked, false, `${word}, window ends after ${word.slice(0, inside)}, masking ${masking}`);
          if (masking) assert.equal(released, text);
        }
      }
    }
    // The real word still blocks, wherever the window ends around it.
    for (let inside = 0; inside <= 6; inside++) {
      const text = `${filler(trigger - inside - 1)} merger ${filler(probe.step + 50)}`;
      assert.equal((await stream(g, [text.slice(0, trigger), text.slice(trigger)])).blocked, true, `merger, window ends ${inside} in`);
    }
  });

  // compromise reads a run without a sentence end in pieces of 600 characters cut at a space
  // counted from the text's start (pii/nlp-doc.ts chunkEnd), so a window starting elsewhere cuts
  // its pieces elsewhere, and a name on a piece edge is found whole in one reading and in part in
  // the other. The scanner before this change showed it too (5- and 9-char chunks); the fix is a
  // piece boundary chosen by the text near it, not by its distance from the start.
  it("a name in a 2,000-character run without a sentence end", async () => {
    const text = ("we walked along the river with Jane Austen and Charles Dickens 🙂 talking about nothing in particular while the boats went by " +
      "and somebody called out to Florence Nightingale from the far bank 🚣 and nobody answered them at all ").repeat(10);
    const whole = (await evaluate(g, "OUTPUT", [text])).outputs.reveal()[0];
    for (const size of [5, 9, 64]) assert.equal((await stream(g, inPieces(text, size))).released, whole, `${size}-char chunks`);
  });
});

describe("OutputScanner: detectors fail closed at every evaluation", () => {
  const text = "A calm and ordinary answer about the weather and the garden. ".repeat(40);
  const build = (deps: { content?: ContentClassifier; topics?: TopicDetectorFactory; budgetMs?: number }) => compileGuardrail({
    ...base,
    piiEntities: pii("EMAIL"),
    contentFilters: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "HIGH", ...both }],
    topics: [{ name: "cures", definition: "Promising medical cures", examples: [], type: "DENY", ...both }],
  }, { pii: piiFinder, budgetMs: 60_000, ...deps });
  const calm: ContentClassifier = { classify: async () => new Map() };
  const quiet: TopicDetectorFactory = { build: () => ({ detect: async () => new Map() }) };

  async function failure(g: CompiledGuardrail): Promise<unknown> {
    try {
      await stream(g, inPieces(text, 16));
    } catch (error) {
      return error;
    }
    return undefined;
  }
  const unavailable = (error: unknown): boolean => error instanceof Fault && error.kind === "service-unavailable";

  it("a classifier that throws on a mid-stream release", async () => {
    let calls = 0;
    const g = build({ content: { classify: async () => { if (++calls === 2) throw new Error("down"); return new Map(); } }, topics: quiet });
    assert.ok(unavailable(await failure(g)));
  });
  it("a topic detector that throws on the whole-block read at the end", async () => {
    const g = build({ content: calm, topics: { build: () => ({ detect: async (t) => { if (t.length === text.length) throw new Error("down"); return new Map(); } }) } });
    assert.ok(unavailable(await failure(g)));
  });
  it("a classifier that never answers, within the budget", async () => {
    const g = build({ content: { classify: () => new Promise(() => undefined) }, topics: quiet, budgetMs: 20 });
    assert.ok(unavailable(await failure(g)));
  });
});

/**
 * A phrase's words match across any run of whitespace (words.ts) and obscenity folds a run of one
 * letter, or of spaces inside a term, to one character: so a match can be far longer than it is
 * written, and a hold measured in written characters let one through when the chunk boundary fell
 * inside the run. Whatever the run and wherever the split, the stream blocks as the whole text does.
 */
describe("OutputScanner: a phrase or term split by a run of any length", () => {
  const g = compileGuardrail({
    ...base,
    words: ["project nightshade", "alpha bravo charlie"].map((text) => ({ text, ...both })),
    managedWordLists: [{ type: "PROFANITY", ...both }],
  }, { pii: piiFinder, budgetMs: 60_000 });
  const lead = "The codename, as the memo says, is ";
  const tail = " and nothing more was said about it at all. ".repeat(8);
  const runs: Record<string, string> = {
    "200 spaces": " ".repeat(200),
    "60 line feeds": "\n".repeat(60),
    "mixed whitespace": " \t\n\r\n\t \f".repeat(40),
    "one tab": "\t",
  };
  const fixtures: [string, string][] = [
    ...Object.entries(runs).map(([name, run]): [string, string] => [`project, ${name}, nightshade`, `project${run}nightshade`]),
    ["alpha, run, bravo, run, charlie", `alpha${runs["mixed whitespace"]}bravo${runs["200 spaces"]}charlie`],
    ["f, 300 spaces, ck (obscenity's one-character wildcard)", `f${" ".repeat(300)}ck`],
    ["s, 400 h, it", `s${"h".repeat(400)}it`],
    ["b, 300 i, tch", `b${"i".repeat(300)}tch`],
  ];

  for (const [name, phrase] of fixtures) it(`${name}: blocked at every split, and its last part never leaves`, async () => {
    const text = `${"lorem ipsum dolor sit amet ".repeat(12)}${lead}${phrase}${tail}`;
    const start = text.indexOf(phrase);
    // What must never leave: the phrase's last letters (its first words may, once the run is longer
    // than the window; the phrase whole never does).
    const lastStart = start + phrase.length - 2;
    assert.equal((await evaluate(g, "OUTPUT", [text])).blocked, true, "the whole text is blocked");
    const check = (released: string, blocked: boolean, how: string): void => {
      assert.equal(blocked, true, how);
      assert.ok(text.startsWith(released) && released.length <= lastStart, `${how}: released ${released.length}, the phrase ends at ${lastStart + 2}`);
    };
    for (let split = start - 3; split <= start + phrase.length + 3; split++) {
      for (const masking of [true, false]) {
        const { released, blocked } = await stream(g, [text.slice(0, split), text.slice(split)], { masking });
        check(released, blocked, `split at ${split}, masking ${masking}`);
      }
    }
    for (const size of [1, 3, 7, 64]) {
      const { released, blocked } = await stream(g, inPieces(text, size));
      check(released, blocked, `${size}-char chunks`);
    }
  });

  it("a run-split phrase inside a longer word is no phrase, wherever the window ends (nightshades)", async () => {
    for (const run of [runs["200 spaces"]!, runs["mixed whitespace"]!]) {
      const text = `${lead}project${run}nightshades${tail}`;
      assert.equal((await evaluate(g, "OUTPUT", [text])).blocked, false, "the whole text passes");
      const at = text.indexOf("nightshades");
      for (let split = at - 3; split <= at + 14; split++) {
        const { released, blocked } = await stream(g, [text.slice(0, split), text.slice(split)]);
        assert.equal(blocked, false, `split at ${split}`);
        assert.equal(released, text);
      }
      for (const size of [1, 3, 7]) assert.equal((await stream(g, inPieces(text, size))).blocked, false, `${size}-char chunks`);
    }
  });

  // Whatever separator the matcher accepts between a phrase's words, the stream accepts the same:
  // blocked whole, blocked streamed; passed whole, passed streamed.
  for (const separator of ["\u00a0", "\u2028", "\u3000", "\v", "\u200b", "\u0085"]) it(`a run of U+${separator.codePointAt(0)!.toString(16).padStart(4, "0")}: the stream decides as the whole text does`, async () => {
    const text = `${lead}project${separator.repeat(150)}nightshade${tail}`;
    const whole = (await evaluate(g, "OUTPUT", [text])).blocked;
    for (const size of [1, 5, 64]) assert.equal((await stream(g, inPieces(text, size))).blocked, whole, `${size}-char chunks`);
  });

  it("a run of a million spaces is released as it streams, not held (and the phrase after it still blocks)", async () => {
    const probe = new OutputScanner(g);
    for (const head of ["", "project"]) {
      const scanner = new OutputScanner(g);
      let pushed = 0;
      let released = 0;
      let most = 0;
      for (const chunk of [head, ...Array.from({ length: 1000 }, () => " ".repeat(1000))]) {
        const step = await scanner.push(chunk);
        pushed += chunk.length;
        released += step.text.reveal().length;
        assert.equal(step.blocked, false);
        most = Math.max(most, pushed - released);
      }
      assert.ok(most <= probe.hold + probe.step + 1000, `held at most ${most} characters`);
      const last = await scanner.push("nightshade today");
      assert.equal(last.blocked || (await scanner.end()).blocked, head !== "", `after ${JSON.stringify(head)}`);
    }
  });

  it("a long input read in slices: the phrase split by thousands of line feeds across a slice boundary", async () => {
    for (const shift of [-9000, -4500, -100, 0, 100, 4500]) {
      const pad = "lorem ipsum ".repeat(Math.ceil((3 * SLICE_CHARACTERS + shift) / 12)).slice(0, 3 * SLICE_CHARACTERS + shift);
      const text = `${pad} project${"\n".repeat(9000)}nightshade ${pad}`;
      assert.ok(text.length > SLICED_FROM);
      assert.equal((await evaluate(g, "INPUT", [text])).blocked, true, `shift ${shift}: whole`);
      assert.equal((await evaluateSliced(g, "INPUT", [text])).blocked, true, `shift ${shift}`);
    }
    const profane = `${"lorem ipsum ".repeat(3000)}s${"h".repeat(20_000)}it ${"lorem ipsum ".repeat(100)}`;
    assert.equal((await evaluate(g, "INPUT", [profane])).blocked, true, "a term whose letter repeats 20,000 times, whole");
    assert.equal((await evaluateSliced(g, "INPUT", [profane])).blocked, true, "a term whose letter repeats 20,000 times");
  });
});
