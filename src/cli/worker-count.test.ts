import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { workerPlan } from "./worker-count.js";
import type { WorkerRequest } from "./worker-count.js";

describe("workerPlan", () => {
  const cases: Array<{ name: string; request: WorkerRequest; local: number; count: number; note?: RegExp }> = [
    { name: "no local model: as asked, by default", request: { count: 4, explicit: false }, local: 0, count: 4 },
    { name: "no local model: as asked, explicitly", request: { count: 3, explicit: true }, local: 0, count: 3 },
    { name: "one worker asked: one, with local models too", request: { count: 1, explicit: false }, local: 2, count: 1 },
    { name: "a default never multiplies local models", request: { count: 4, explicit: false }, local: 1, count: 1, note: /^workers: 1, not 4: 1 local model is served.*memory up to 4 × each model/ },
    { name: "an explicit count is honoured and told the cost", request: { count: 2, explicit: true }, local: 3, count: 2, note: /^warning: 3 local models are served by 2 workers: .*memory up to 2 × each model's size/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = workerPlan(c.request, c.local);
      assert.equal(plan.count, c.count);
      if (c.note) assert.match(plan.note ?? "", c.note);
      else assert.equal(plan.note, undefined);
    });
  }
});
