import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CapacityPlan } from "./capacity-plan.js";

const plan = new CapacityPlan([
  { id: "both", capacity: { maxConcurrency: 10, modelUnitConcurrency: 2, tokensPerMinute: 9000, modelUnitTokensPerMinute: 1000, activationSeconds: 0 } },
  { id: "calls", capacity: { maxConcurrency: 4, modelUnitConcurrency: 1, activationSeconds: 30 } },
  { id: "none" },
]);

describe("capacity plan", () => {
  const units = [
    { name: "the tighter limit bounds the units (calls: 10/2 = 5, tokens: 9000/1000 = 9)", provider: "both", want: 5 },
    { name: "one limit alone", provider: "calls", want: 4 },
    { name: "no capacity: nothing can be provisioned", provider: "none", want: 0 },
    { name: "an unknown provider: nothing", provider: "nope", want: 0 },
  ];
  for (const c of units) it(c.name, () => assert.equal(plan.maxUnits(c.provider), c.want));

  const fits = [
    { name: "units that fit beside those reserved", provider: "both", reserved: 3, more: 2, want: true },
    { name: "one unit too many", provider: "both", reserved: 3, more: 3, want: false },
    { name: "a provider without capacity never fits", provider: "none", reserved: 0, more: 1, want: false },
  ];
  for (const c of fits) it(c.name, () => assert.equal(plan.fits(c.provider, c.reserved, c.more), c.want));

  const onDemand = [
    { name: "nothing reserved: the whole capacity", provider: "both", reserved: 0, want: { concurrency: 10, tokensPerMinute: 9000 } },
    { name: "reserved units are taken out", provider: "both", reserved: 3, want: { concurrency: 4, tokensPerMinute: 6000 } },
    { name: "all reserved: none left for on-demand", provider: "calls", reserved: 4, want: { concurrency: 0 } },
    { name: "never below zero (capacity lowered under existing units)", provider: "calls", reserved: 6, want: { concurrency: 0 } },
    { name: "a provider without capacity: not limited", provider: "none", reserved: 0, want: undefined },
  ];
  for (const c of onDemand) it(c.name, () => assert.deepEqual(plan.onDemand(c.provider, c.reserved), c.want));

  it("a provisioned throughput's share is its units times the unit's share", () => {
    assert.deepEqual(plan.provisioned("both", 2), { concurrency: 4, tokensPerMinute: 2000 });
    assert.deepEqual(plan.provisioned("calls", 3), { concurrency: 3 });
    assert.deepEqual(plan.provisioned("none", 3), {});
  });

  it("activation time in milliseconds", () => {
    assert.equal(plan.activationMs("calls"), 30_000);
    assert.equal(plan.activationMs("both"), 0);
  });
});
