import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryQuotaStore } from "../quotas/index.js";
import { CapacityGate } from "./capacity-gate.js";
import { CapacityPlan } from "./capacity-plan.js";
import { LocalSlots } from "./slots.js";

const PROVIDER = "p";

function gate(capacity: { maxConcurrency?: number; modelUnitConcurrency?: number; tokensPerMinute?: number; modelUnitTokensPerMinute?: number }, reserved: number, processes = 1) {
  const now = 0;
  const plan = new CapacityPlan([{ id: PROVIDER, capacity: { ...capacity, activationSeconds: 0 } }, { id: "free" }]);
  const slots = new LocalSlots(processes);
  return Object.assign(new CapacityGate(plan, async () => reserved, new MemoryQuotaStore(() => now), slots), { local: slots });
}

async function admittedOf(g: CapacityGate, target: Parameters<CapacityGate["admit"]>[0], tries: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < tries; i++) if ((await g.admit(target, 0)).ok) n++;
  return n;
}

const provisioned = (units: number) => ({ providerId: PROVIDER, provisioned: { id: "abcdefghijkl", modelUnits: units } });
const onDemand = { providerId: PROVIDER };

describe("capacity gate", () => {
  it("calls at once: on-demand gets what no unit reserves, the provisioned caller its units' share", async () => {
    const g = gate({ maxConcurrency: 3, modelUnitConcurrency: 1 }, 2);
    const first = await g.admit(onDemand, 0);
    assert.ok(first.ok && first.lease);
    assert.deepEqual(await g.admit(onDemand, 0), { ok: false, reason: "rpm" }, "the one on-demand place is taken");
    const a = await g.admit(provisioned(2), 0);
    const b = await g.admit(provisioned(2), 0);
    assert.ok(a.ok && b.ok, "the provisioned caller is served while on-demand is refused");
    assert.deepEqual(await g.admit(provisioned(2), 0), { ok: false, reason: "rpm" });
    await g.release(first.lease, 0);
    assert.equal((await g.admit(onDemand, 0)).ok, true, "a released place is free again");
  });

  it("every unit reserved: on-demand callers are refused at once, provisioned ones served", async () => {
    const g = gate({ tokensPerMinute: 1000, modelUnitTokensPerMinute: 1000 }, 1);
    assert.deepEqual(await g.admit(onDemand, 10), { ok: false, reason: "tpm" });
    assert.equal((await g.admit(provisioned(1), 10)).ok, true);
  });

  it("tokens per minute are settled against use: an unused estimate comes back", async () => {
    const g = gate({ tokensPerMinute: 1000, modelUnitTokensPerMinute: 500 }, 0);
    const big = await g.admit(onDemand, 900);
    assert.ok(big.ok && big.lease);
    assert.deepEqual(await g.admit(onDemand, 200), { ok: false, reason: "tpm" });
    await g.release(big.lease, 50);
    assert.equal((await g.admit(onDemand, 800)).ok, true);
  });

  it("a refusal by tokens gives the place back", async () => {
    const g = gate({ maxConcurrency: 2, modelUnitConcurrency: 1, tokensPerMinute: 100, modelUnitTokensPerMinute: 50 }, 0);
    const first = await g.admit(onDemand, 100);
    assert.ok(first.ok);
    assert.equal((await g.admit(onDemand, 100)).ok, false);
    assert.equal(g.local.held(`on-demand\u0000${PROVIDER}`), 1);
  });

  const perProcess = [
    { name: "one process takes the whole on-demand remainder", processes: 1, onDemand: 5, provisioned: 4 },
    { name: "two processes: on-demand rounds down, so together they never take reserved calls", processes: 2, onDemand: 2, provisioned: 2 },
    { name: "more processes than calls: on-demand gets none here, the provisioned holder still one", processes: 8, onDemand: 0, provisioned: 1 },
  ];
  for (const c of perProcess) {
    it(`calls at once with several processes: ${c.name}`, async () => {
      const g = gate({ maxConcurrency: 9, modelUnitConcurrency: 2 }, 2, c.processes);
      assert.equal(await admittedOf(g, onDemand, 10), c.onDemand);
      assert.equal(await admittedOf(g, provisioned(2), 10), c.provisioned);
    });
  }

  it("a provider without capacity is not limited and holds nothing", async () => {
    const g = gate({ maxConcurrency: 1, modelUnitConcurrency: 1 }, 1);
    for (let i = 0; i < 5; i++) assert.deepEqual(await g.admit({ providerId: "free" }, 1e9), { ok: true });
  });
});
