import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { GuardrailPolicies } from "./config.js";
import { compileGuardrail, OutputScanner } from "./index.js";
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
    assert.deepEqual(evaluation.facts.entities, { EMAIL: 1, UK_NATIONAL_INSURANCE_NUMBER: 1 });
    assert.equal(evaluation.action, "GUARDRAIL_INTERVENED");
    assert.deepEqual(evaluation.outputs.reveal(), [masked]);
  });
});
