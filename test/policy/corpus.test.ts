import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denialMessage, evaluate } from "../../src/policy/index.js";
import { compileSet, loadCorpus } from "./corpus.js";

const cases = loadCorpus();

describe("policy corpus (AWS evaluation logic, from its documentation)", () => {
  it("holds at least 150 cases, each citing its source page", () => {
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);
    for (const c of cases) assert.match(c.source, /^https:\/\/docs\.aws\.amazon\.com\//, `${c.file}: ${c.name}`);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.name}`, () => {
      const decision = evaluate(c.request, compileSet(c.docs));
      const e = c.expect;
      assert.equal(decision.decision, e.decision, JSON.stringify(decision));
      if (e.decision !== "Allow") assert.equal(decision.deniedBy, e.deniedBy, JSON.stringify(decision));
      else assert.equal(decision.deniedBy, undefined);
      if (e.sid !== undefined || e.kind !== undefined) {
        // The deciding statement: the first explicit deny, or one of the allows that granted.
        const candidates = e.decision === "ExplicitDeny" ? decision.matched.slice(0, 1) : decision.matched.filter((m) => m.effect === "Allow");
        assert.ok(candidates.some((m) => (e.sid === undefined || m.sid === e.sid) && (e.kind === undefined || m.kind === e.kind)),
          `expected statement ${e.kind ?? "*"}/${e.sid ?? "*"} in ${JSON.stringify(decision.matched)}`);
      }
      if (e.decision === "ExplicitDeny") assert.equal(decision.matched[0]?.effect, "Deny");
      if (e.decision !== "Allow") {
        const message = denialMessage(c.request.principal.arn, c.request.action, c.request.resource, decision);
        assert.match(message, e.decision === "ExplicitDeny" ? / with an explicit deny in an? [a-z -]+$/ : / because no [a-z -]+ allows the \S+ action$/);
      }
    });
  }
});
