import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFault } from "../../kernel/index.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { CapacityPlan } from "./capacity-plan.js";
import { ProvisionedThroughputs } from "./throughputs.js";

const A = "meta.llama3-1-8b-instruct-v1:0";
const B = "meta.llama3-2-3b-instruct-v1:0";
const ELSEWHERE = "mistral.mistral-7b-instruct-v0:2";
const PROVIDERS: Record<string, string> = { [A]: "warm", [B]: "warm", [ELSEWHERE]: "other" };

/** The service over a real (SQLite) store, with a clock that moves only when told. */
describe("provisioned throughputs: lifecycle, moves and commitments", () => {
  let dir: string;
  let store: Store;
  let now = new Date("2026-03-01T00:00:00.000Z");
  let pt: ProvisionedThroughputs;
  let account: string;
  const faultOf = async (p: Promise<unknown>) => p.then(() => "none", (e: unknown) => (isFault(e) ? `${e.kind}:${e.detail.field ?? ""}` : String(e)));

  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), "plinth-provisioned-"));
    store = await openStore({ dataDir: dir });
    account = "123456789012";
    await store.identity.createAccount({ accountId: account, name: "t", createdAt: now, isManagement: false });
    const plan = new CapacityPlan([
      { id: "warm", capacity: { maxConcurrency: 4, modelUnitConcurrency: 1, activationSeconds: 60 } },
      { id: "other", capacity: { maxConcurrency: 4, modelUnitConcurrency: 1, activationSeconds: 0 } },
    ]);
    pt = new ProvisionedThroughputs(store.provisioned, plan, (m) => PROVIDERS[m], "eu-west-2", { now: () => new Date(now.getTime()) });
  });
  after(async () => { await store?.close(); await fs.rm(dir, { recursive: true, force: true }); });

  it("Creating until the provider's activation time, then InService; not servable meanwhile", async () => {
    const made = await pt.create({ accountId: account, provisionedId: pt.newId(), name: "warming", modelId: A, modelUnits: 1, tags: [] });
    assert.equal(made.status, "Creating");
    assert.equal((await pt.find(account, made.provisionedId))?.inService, false);
    assert.equal(await faultOf(pt.update(account, made.provisionedId, { modelId: B })), "conflict:provisionedModelId", "no move while Creating");
    now = new Date(now.getTime() + 60_000);
    assert.equal((await pt.get(account, made.provisionedId))?.status, "InService");
    assert.equal((await pt.find(account, made.provisionedId))?.inService, true);
  });

  it("a move is Updating, serving the old model, until activation; another provider's model is refused", async () => {
    const [made] = await pt.list(account);
    await pt.update(account, made!.provisionedId, { modelId: B, name: "moved" });
    const moving = await pt.get(account, made!.provisionedId);
    assert.deepEqual([moving?.status, moving?.modelId, moving?.desiredModelId, moving?.name], ["Updating", A, B, "moved"]);
    assert.equal((await pt.find(account, made!.provisionedId))?.modelId, A);
    now = new Date(now.getTime() + 60_000);
    const moved = await pt.get(account, made!.provisionedId);
    assert.deepEqual([moved?.status, moved?.modelId], ["InService", B]);
    assert.equal(await faultOf(pt.update(account, made!.provisionedId, { modelId: ELSEWHERE })), "validation:desiredModelId");
    assert.equal(await faultOf(pt.update(account, "nosuchthingx", { name: "x" })), "not-found:provisionedModelId");
  });

  it("a commitment keeps it until the term ends; then it can be deleted", async () => {
    const made = await pt.create({ accountId: account, provisionedId: pt.newId(), name: "committed", modelId: ELSEWHERE, modelUnits: 1, commitmentDuration: "OneMonth", tags: [] });
    assert.equal(made.commitmentExpiresAt?.toISOString(), "2026-04-01T00:02:00.000Z");
    assert.equal(await faultOf(pt.delete(account, made.provisionedId)), "conflict:provisionedModelId");
    now = new Date("2026-04-01T00:02:00.000Z");
    await pt.delete(account, made.provisionedId);
    assert.equal(await pt.get(account, made.provisionedId), undefined);
  });

  it("units count against the provider until deleted; past its capacity is a quota refusal naming modelUnits", async () => {
    const big = await pt.create({ accountId: account, provisionedId: pt.newId(), name: "big", modelId: ELSEWHERE, modelUnits: 4, tags: [] });
    assert.equal(await pt.reservedUnits("other"), 4);
    assert.equal(await faultOf(pt.create({ accountId: account, provisionedId: pt.newId(), name: "one-more", modelId: ELSEWHERE, modelUnits: 1, tags: [] })), "service-quota-exceeded:modelUnits");
    await pt.delete(account, big.provisionedId);
    assert.equal(await pt.reservedUnits("other"), 0, "a delete is seen at once by this process");
  });

  it("Failed, with the reason, while the configuration no longer honours it; not served; back when the configuration is restored", async () => {
    const made = await pt.create({ accountId: account, provisionedId: pt.newId(), name: "reconfigured", modelId: ELSEWHERE, modelUnits: 1, tags: [] });
    const clock = { now: () => new Date(now.getTime()) };
    const cases = [
      { name: "its provider's capacity removed", plan: new CapacityPlan([{ id: "other" }]), providers: PROVIDERS, why: /no longer has capacity configured/ },
      { name: "its provider gone", plan: new CapacityPlan([]), providers: PROVIDERS, why: /no longer has capacity configured/ },
      { name: "its model moved to another provider", plan: new CapacityPlan([{ id: "other", capacity: { maxConcurrency: 4, modelUnitConcurrency: 1, activationSeconds: 0 } }]), providers: { ...PROVIDERS, [ELSEWHERE]: "warm" }, why: /no longer served by the provider/ },
      { name: "its model gone from the catalogue", plan: new CapacityPlan([{ id: "other", capacity: { maxConcurrency: 4, modelUnitConcurrency: 1, activationSeconds: 0 } }]), providers: { [A]: "warm" }, why: /no longer served by the provider/ },
    ];
    for (const c of cases) {
      const later = new ProvisionedThroughputs(store.provisioned, c.plan, (m) => c.providers[m], "eu-west-2", clock);
      const seen = await later.get(account, made.provisionedId);
      assert.equal(seen?.status, "Failed", c.name);
      assert.match(seen?.failureMessage ?? "", c.why, c.name);
      assert.equal((await later.list(account)).find((r) => r.provisionedId === made.provisionedId)?.status, "Failed", c.name);
      const served = await later.find(account, made.provisionedId);
      assert.equal(served?.inService, false, c.name);
      assert.match(served?.notInService ?? "", /is Failed: /, c.name);
    }
    const restored = await pt.get(account, made.provisionedId);
    assert.deepEqual([restored?.status, restored?.failureMessage], ["InService", undefined]);
    await pt.delete(account, made.provisionedId);
  });
});
