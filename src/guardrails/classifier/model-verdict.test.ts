import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { ContentFilterType } from "../config.js";
import type { ContentClassifier } from "../ports.js";
import { LLAMA_GUARD_CODES, modelClassifier, parseVerdict, routedClassifier } from "./model-verdict.js";
import { compileGuardrail, evaluate } from "../index.js";
import { base, both, fakePii } from "../evaluator.fixture.js";

const rows: readonly [answer: string, flagged: readonly ContentFilterType[] | "refused"][] = [
  ["safe", []],
  ["  safe\n", []],
  ["unsafe\nS1", ["VIOLENCE"]],
  ["unsafe\r\nS10", ["HATE"]],
  ["unsafe\nS1,S12", ["VIOLENCE", "SEXUAL"]],
  ["unsafe\nS3, S5", ["SEXUAL", "MISCONDUCT", "INSULTS"]],
  ["unsafe\nS7", []],
  ["Safe", "refused"],
  ["safe.", "refused"],
  ["unsafe", "refused"],
  ["unsafe\nS99", "refused"],
  ["unsafe\nviolence", "refused"],
  ["unsafe\nS1\nS2", "refused"],
  ["safe\nunsafe\nS1", "refused"],
  ["I cannot classify that.", "refused"],
  ["", "refused"],
];

describe("a Llama Guard verdict, read strictly", () => {
  for (const [answer, flagged] of rows) {
    it(`${JSON.stringify(answer)} → ${flagged === "refused" ? "not a verdict (fails closed)" : `[${flagged.join(", ")}]`}`, () => {
      if (flagged === "refused") {
        assert.throws(() => parseVerdict(answer, LLAMA_GUARD_CODES), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable" && !e.message.includes(answer || "\u0000"));
      } else {
        assert.deepEqual([...parseVerdict(answer, LLAMA_GUARD_CODES)].sort(), [...flagged].sort());
      }
    });
  }

  it("an operator's own mapping replaces the default", () => {
    assert.deepEqual([...parseVerdict("unsafe\nS14", { S14: ["PROMPT_ATTACK"] })], ["PROMPT_ATTACK"]);
    assert.throws(() => parseVerdict("unsafe\nS1", { S14: ["PROMPT_ATTACK"] }), Fault);
  });
});

describe("routing categories between the built-in classifier and models", () => {
  it("each category goes to its detector only, and a model's scores are 1 or 0", async () => {
    const asked: string[] = [];
    const builtIn: ContentClassifier = { classify: async (_t, cats) => (asked.push(`builtin:${[...cats].join(",")}`), new Map([...cats].map((c) => [c, 0.3]))) };
    const model = modelClassifier(async (text) => (asked.push(`model:${text}`), "unsafe\nS1"));
    const routed = routedClassifier(builtIn, new Map([["VIOLENCE", model], ["HATE", model]]));
    const scores = await routed.classify("the text", new Set(["VIOLENCE", "HATE", "INSULTS"]));
    assert.deepEqual(Object.fromEntries(scores), { VIOLENCE: 1, HATE: 0, INSULTS: 0.3 });
    assert.deepEqual(asked.sort(), ["builtin:INSULTS", "model:the text"]);
  });

  it("a model is costly (a stream asks it at long release steps), and so is a routing that sends any category to one", () => {
    const builtIn: ContentClassifier = { classify: async () => new Map() };
    const model = modelClassifier(async () => "safe");
    assert.equal(model.costly, true);
    assert.equal(routedClassifier(builtIn, new Map([["VIOLENCE", model]])).costly, true);
    assert.notEqual(routedClassifier(builtIn, new Map()).costly, true);
  });

  it("a model that fails fails the classification", async () => {
    const routed = routedClassifier(modelClassifier(async () => "safe"), new Map([["VIOLENCE", modelClassifier(async () => { throw new Error("down"); })]]));
    await assert.rejects(routed.classify("x", new Set(["VIOLENCE", "HATE"])), /down/);
  });
});

describe("a conversation of many texts and a classifier model", () => {
  it("asks about a few texts at once, not one after another nor all at once, and keeps their order", async () => {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const model = modelClassifier(async (text) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return text.includes("bad") ? "unsafe\nS1" : "safe";
    });
    const g = compileGuardrail({ ...base, contentFilters: [{ type: "VIOLENCE", inputStrength: "HIGH", outputStrength: "HIGH", ...both }] }, { pii: fakePii, content: model, budgetMs: 60_000 });
    const texts = Array.from({ length: 20 }, (_, i) => (i === 13 ? "bad" : `fine ${i}`));
    const pending = evaluate(g, "INPUT", texts);
    // Answer whatever is waiting until the evaluation is done.
    let done = false;
    void pending.finally(() => { done = true; });
    while (!done) {
      await new Promise((r) => setImmediate(r));
      release.splice(0).forEach((r) => r());
    }
    const e = await pending;
    assert.equal(e.blocked, true);
    assert.ok(most > 1 && most <= 8, `at most 8 at once, more than 1 (was ${most})`);
  });
});
