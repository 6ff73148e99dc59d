import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacitySlotsContract } from "./slots-contract.js";
import { LocalSlots } from "./slots.js";

describe("LocalSlots: the CapacitySlots contract", () => {
  capacitySlotsContract(async () => ({ slots: new LocalSlots(), pool: (name) => name }));
});

describe("LocalSlots: a process's share", () => {
  const cases = [
    { name: "one process: the whole pool", processes: 1, onDemand: 5, provisioned: 5 },
    { name: "two processes: on-demand rounds down", processes: 2, onDemand: 2, provisioned: 2 },
    { name: "more processes than places: on-demand none, a provisioned holder still one", processes: 8, onDemand: 0, provisioned: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const slots = new LocalSlots(c.processes);
      assert.equal(slots.share(5, false), c.onDemand);
      assert.equal(slots.share(5, true), c.provisioned);
    });
  }
});
