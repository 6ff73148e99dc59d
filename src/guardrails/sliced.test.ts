import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PiiEntityType } from "./config.js";
import { compileGuardrail, evaluate, evaluateSliced, SLICE_CHARACTERS, SLICED_FROM } from "./index.js";
import { piiFinder } from "./pii/index.js";
import { base, both } from "./evaluator.fixture.js";

/**
 * A long text is read in slices with a turn of the event loop between them, and the result is
 * the whole evaluation's: the same action, the same masked output, the same findings.
 */
const anonymize = { inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } as const;
const pii = (...types: PiiEntityType[]) => types.map((type) => ({ type, ...anonymize }));
const g = compileGuardrail(
  {
    ...base,
    piiEntities: [...pii("EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "NAME"), { type: "CREDIT_DEBIT_CARD_NUMBER", ...both }],
    words: [{ text: "forbidden fruit", ...both }],
  },
  { pii: piiFinder, budgetMs: 60_000 },
);
const filler = (n: number): string => "the quick brown fox jumps over the lazy dog. ".repeat(Math.ceil(n / 45)).slice(0, n);

/** The assessment's findings without the latency, which differs run to run. */
function findings(e: Awaited<ReturnType<typeof evaluate>>): unknown {
  const { invocationMetrics: _, ...rest } = e.assessment.reveal() as Record<string, unknown>;
  return rest;
}

describe("evaluateSliced: long texts in slices, the whole evaluation's result", () => {
  // Entities straddling each slice boundary at several offsets, and a name (the tagger reads context).
  for (const shift of [-20, -7, -1, 0, 3, 11]) it(`entities across slice boundaries (shift ${shift}) are found as whole`, async () => {
    const parts: string[] = [];
    let length = 0;
    const at = (n: number): void => {
      const gap = n - length;
      if (gap > 0) parts.push(filler(gap));
      length = Math.max(length, n);
    };
    const entities = ["AB 12 34 56 C", "ada.lovelace@example.org", "Please ask Jane Austen about it.", "+44 20 7946 0958"];
    for (let k = 1; k * SLICE_CHARACTERS < SLICED_FROM + 3 * SLICE_CHARACTERS; k++) {
      const entity = entities[k % entities.length]!;
      at(k * SLICE_CHARACTERS + shift - Math.floor(entity.length / 2));
      parts.push(` ${entity} `);
      length += entity.length + 2;
    }
    parts.push(filler(500));
    const text = parts.join("");
    assert.ok(text.length > SLICED_FROM, "long enough to be sliced");
    const whole = await evaluate(g, "OUTPUT", [text]);
    const sliced = await evaluateSliced(g, "OUTPUT", [text]);
    assert.equal(sliced.action, whole.action);
    assert.equal(sliced.outputs.reveal()[0], whole.outputs.reveal()[0]);
    assert.deepEqual(findings(sliced), findings(whole));
    for (const entity of ["AB 12 34 56 C", "ada.lovelace@example.org", "+44 20 7946 0958"]) {
      assert.ok(!sliced.outputs.reveal()[0]!.includes(entity), `${entity} masked`);
    }
  });

  it("several texts, the second blocked by a denied phrase far from its start", async () => {
    const texts = [`${filler(20_000)} AB 12 34 56 C ${filler(100)}`, `${filler(30_000)} forbidden fruit ${filler(5_000)}`];
    const whole = await evaluate(g, "INPUT", texts);
    const sliced = await evaluateSliced(g, "INPUT", texts);
    assert.equal(whole.blocked, true);
    assert.equal(sliced.blocked, true);
    assert.deepEqual(findings(sliced), findings(whole));
  });

  it("a card number (BLOCK) anywhere in a long answer blocks it", async () => {
    const text = `${filler(50_000)} card 4111 1111 1111 1111 ${filler(10_000)}`;
    assert.equal((await evaluateSliced(g, "OUTPUT", [text])).blocked, true);
  });

  it("lets the event loop turn between slices (whole reading does not)", async () => {
    const text = filler(SLICED_FROM + 10 * SLICE_CHARACTERS);
    const turns = async (run: () => Promise<unknown>): Promise<number> => {
      let n = 0;
      let on = true;
      const tick = (): void => {
        if (!on) return;
        n++;
        setImmediate(tick);
      };
      setImmediate(tick);
      await run();
      on = false;
      return n;
    };
    const whole = await turns(() => evaluate(g, "OUTPUT", [text]));
    const sliced = await turns(() => evaluateSliced(g, "OUTPUT", [text]));
    assert.ok(sliced >= 10, `the loop turned ${sliced} times while the sliced evaluation ran`);
    assert.ok(whole <= 1, `the loop turned ${whole} times while the whole evaluation ran`);
  });

  it("short texts, redact-and-restore and grounding-only read whole (no turn of the loop)", async () => {
    const short = filler(SLICED_FROM);
    let turned = false;
    setImmediate(() => { turned = true; });
    await evaluateSliced(g, "OUTPUT", [short]);
    assert.equal(turned, false);
  });
});
