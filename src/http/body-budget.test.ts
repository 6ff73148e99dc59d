import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BodyBudget } from "./body-budget.js";

describe("the budget for bodies being received", () => {
  it("a claim fits both the connection's share and the total, or takes nothing", () => {
    const budget = new BodyBudget(10, 6);
    const a = { unauthenticatedBytes: 0 };
    const b = { unauthenticatedBytes: 0 };
    const first = budget.claim(a);
    assert.equal(first.grow(6), true);
    assert.equal(budget.claim(a).grow(1), false, "over the connection's share");
    const other = budget.claim(b);
    assert.equal(other.grow(5), false, "over the total");
    assert.equal(other.grow(4), true);
    assert.deepEqual([budget.used, a.unauthenticatedBytes, b.unauthenticatedBytes], [10, 6, 4]);
  });

  it("a refused growth leaves what was held; a release returns it all, once", () => {
    const budget = new BodyBudget(10, 10);
    const connection = { unauthenticatedBytes: 0 };
    const claim = budget.claim(connection);
    assert.equal(claim.grow(4), true);
    assert.equal(claim.grow(7), false);
    assert.equal(claim.held, 4);
    claim.release();
    claim.release();
    assert.deepEqual([budget.used, connection.unauthenticatedBytes, claim.held], [0, 0, 0]);
    assert.equal(claim.grow(1), false, "a released claim cannot grow again");
  });
});
