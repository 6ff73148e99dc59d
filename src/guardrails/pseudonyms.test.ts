import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { compileGuardrail, evaluate, Pseudonyms } from "./index.js";
import { base, fakePii } from "./evaluator.fixture.js";

const NI = "AB123456C";
const anonymizeIn = { inputAction: "ANONYMIZE", outputAction: "NONE", inputEnabled: true, outputEnabled: true } as const;

describe("redact-and-restore pseudonyms", () => {
  it("the same identifier gets the same pseudonym, another one the next; spacing and case are one identifier", () => {
    const p = new Pseudonyms();
    const a = p.token("UK_NATIONAL_INSURANCE_NUMBER", NI);
    assert.equal(a, "{UK_NATIONAL_INSURANCE_NUMBER_1}");
    assert.equal(p.token("UK_NATIONAL_INSURANCE_NUMBER", "ab 12 34 56 c"), a);
    assert.equal(p.token("UK_NATIONAL_INSURANCE_NUMBER", "CE123456D"), "{UK_NATIONAL_INSURANCE_NUMBER_2}");
    assert.equal(p.token("employee id", "E-1"), "{EMPLOYEE_ID_1}");
    assert.equal(p.restore(`${a} and {UK_NATIONAL_INSURANCE_NUMBER_2}, not {EMAIL_9} or {EMAIL}`), `${NI} and CE123456D, not {EMAIL_9} or {EMAIL}`);
    assert.equal(p.size, 3);
  });

  it("never prints or serialises its mapping", () => {
    const p = new Pseudonyms();
    p.token("EMAIL", "ada@example.org");
    assert.ok(!inspect(p).includes("ada@") && !JSON.stringify({ p }).includes("ada@"));
  });

  it("a pseudonym split at every offset of a streamed answer is restored whole, and nothing else is held", () => {
    const p = new Pseudonyms();
    const token = p.token("UK_NATIONAL_INSURANCE_NUMBER", NI);
    const answer = `Your number {is} ${token}, noted. {`;
    const expected = `Your number {is} ${NI}, noted. {`;
    for (let i = 0; i <= answer.length; i++) {
      for (let j = i; j <= answer.length; j++) {
        const r = p.stream();
        const out = r.push(answer.slice(0, i)) + r.push(answer.slice(i, j)) + r.push(answer.slice(j)) + r.end();
        assert.equal(out, expected, `split at ${i}/${j}`);
      }
    }
    const r = p.stream();
    assert.equal(r.push("plain text with no brace"), "plain text with no brace", "text that cannot start a pseudonym is not held");
    assert.equal(r.push(`a ${token.slice(0, 5)}`), "a ");
  });

  it("the evaluator writes pseudonyms instead of {TYPE} on INPUT when given them, and never on OUTPUT", async () => {
    const g = compileGuardrail({ ...base, piiEntities: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", ...anonymizeIn }, { type: "EMAIL", ...anonymizeIn }] }, { pii: fakePii });
    const p = new Pseudonyms();
    const e = await evaluate(g, "INPUT", [`${NI} writes to ada@example.org`, `again ${NI}`], { pseudonyms: p });
    assert.deepEqual(e.outputs.reveal(), ["{UK_NATIONAL_INSURANCE_NUMBER_1} writes to {EMAIL_1}", "again {UK_NATIONAL_INSURANCE_NUMBER_1}"]);
    assert.equal(e.action, "GUARDRAIL_INTERVENED");
    const out = await evaluate(g, "OUTPUT", [`ada@example.org`], { pseudonyms: p });
    assert.deepEqual(out.outputs.reveal(), ["ada@example.org"], "output NONE: left as is, no pseudonym minted");
    assert.equal(p.size, 2);
  });
});
