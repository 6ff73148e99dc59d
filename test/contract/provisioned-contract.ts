import { it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../src/kernel/index.js";
import type { ProvisionedRecord, Store } from "../../src/store/index.js";
import { contractSuite, outcomes, randomAlnum, rejectsWith } from "./iam-fixtures.js";

const AT = new Date("2026-01-01T10:00:00.000Z");

function record(accountId: string, extra: Partial<ProvisionedRecord> = {}): ProvisionedRecord {
  return {
    provisionedId: randomAlnum(12).toLowerCase(), accountId, name: `pt-${randomAlnum(8)}`, modelId: "meta.llama3-1-8b-instruct-v1:0",
    desiredModelId: "meta.llama3-1-8b-instruct-v1:0", providerId: `provider-${randomAlnum(6)}`, modelUnits: 1, status: "InService", readyAt: AT,
    tags: [], createdAt: AT, updatedAt: AT, ...extra,
  };
}

const any = (): void => undefined;

/** Provisioned throughput: per-account names and tokens, reservations serialised per provider, changes in one transaction. */
export function provisionedContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: provisioned throughput`, open, (f) => {
    it("a record round-trips with every field, by id and by token; absent fields stay absent", async () => {
      const a = await f.account();
      const full = record(a, {
        status: "Creating", readyAt: new Date("2026-01-01T10:05:00.000Z"), commitmentDuration: "SixMonths", commitmentExpiresAt: new Date("2026-07-01T10:00:00.000Z"),
        clientRequestToken: `tok-${randomAlnum(10)}`, tags: [{ key: "team", value: "search" }, { key: "env", value: "" }], modelUnits: 3,
      });
      const bare = record(a);
      await f.store.provisioned.create(full, any);
      await f.store.provisioned.create(bare, any);
      assert.deepEqual(await f.store.provisioned.get(a, full.provisionedId), full);
      assert.deepEqual(await f.store.provisioned.getByToken(a, full.clientRequestToken!), full);
      assert.deepEqual(await f.store.provisioned.get(a, bare.provisionedId), bare);
      assert.deepEqual((await f.store.provisioned.list(a)).map((r) => r.provisionedId), [full.provisionedId, bare.provisionedId].sort());
    });

    it("belongs to its account; names and tokens are unique per account; an unknown account is not found", async () => {
      const a = await f.account();
      const b = await f.account();
      const p = record(a, { clientRequestToken: "shared" });
      await f.store.provisioned.create(p, any);
      assert.equal(await f.store.provisioned.get(b, p.provisionedId), undefined);
      assert.equal(await f.store.provisioned.getByToken(b, "shared"), undefined);
      assert.deepEqual(await f.store.provisioned.list(b), []);
      assert.equal(await f.store.provisioned.delete(b, p.provisionedId, any), false);
      await rejectsWith(f.store.provisioned.create(record(a, { name: p.name }), any), "conflict");
      await rejectsWith(f.store.provisioned.create(record(a, { clientRequestToken: "shared" }), any), "conflict");
      await f.store.provisioned.create(record(b, { name: p.name, clientRequestToken: "shared" }), any);
      await rejectsWith(f.store.provisioned.create(record("000000000000"), any), "not-found");
    });

    it("admit sees every account's units on the provider, and refusing writes nothing", async () => {
      const [a, b] = [await f.account(), await f.account()];
      const providerId = `provider-${randomAlnum(6)}`;
      await f.store.provisioned.create(record(a, { providerId, modelUnits: 2 }), any);
      await f.store.provisioned.create(record(b, { providerId, modelUnits: 3 }), any);
      await f.store.provisioned.create(record(b, { modelUnits: 7 }), any);
      const seen: number[] = [];
      const refused = record(a, { providerId });
      await assert.rejects(f.store.provisioned.create(refused, (units) => { seen.push(units); throw new Fault("service-quota-exceeded", "full"); }), { kind: "service-quota-exceeded" });
      assert.deepEqual(seen, [5]);
      assert.equal(await f.store.provisioned.get(a, refused.provisionedId), undefined);
      assert.equal((await f.store.provisioned.reservedUnits()).get(providerId), 5);
    });

    it("racing creates on one provider take no more than admit allows", async () => {
      const a = await f.account();
      const providerId = `provider-${randomAlnum(6)}`;
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => f.store.provisioned.create(record(a, { providerId, modelUnits: 1 }), (units) => {
        if (units + 1 > 3) throw new Fault("service-quota-exceeded", "full");
      })));
      const { fulfilled, faults } = outcomes(results);
      assert.equal(fulfilled, 3, faults.join(","));
      assert.equal((await f.store.provisioned.reservedUnits()).get(providerId), 3);
    });

    it("update changes what the callback answers, in one step; a taken name is a conflict; unknown is undefined", async () => {
      const a = await f.account();
      const p = record(a);
      const other = record(a);
      await f.store.provisioned.create(p, any);
      await f.store.provisioned.create(other, any);
      const later = new Date("2026-02-01T00:00:00.000Z");
      const updated = await f.store.provisioned.update(a, p.provisionedId, (c) => ({
        name: "renamed", modelId: c.modelId, desiredModelId: "meta.llama3-2-3b-instruct-v1:0", status: "Updating", readyAt: later, updatedAt: later,
      }));
      assert.equal(updated?.status, "Updating");
      const got = await f.store.provisioned.get(a, p.provisionedId);
      assert.deepEqual(got, { ...p, name: "renamed", desiredModelId: "meta.llama3-2-3b-instruct-v1:0", status: "Updating", readyAt: later, updatedAt: later });
      await rejectsWith(f.store.provisioned.update(a, p.provisionedId, (c) => ({ ...c, name: other.name })), "conflict");
      assert.equal(await f.store.provisioned.update(a, "nosuchthingx", (c) => c), undefined);
    });

    it("delete asks first and removes once; tags change whole", async () => {
      const a = await f.account();
      const p = record(a, { tags: [{ key: "team", value: "a" }] });
      await f.store.provisioned.create(p, any);
      assert.equal(await f.store.provisioned.updateTags(a, p.provisionedId, (t) => [...t, { key: "cost", value: "7" }], new Date("2026-03-01T00:00:00.000Z")), true);
      assert.deepEqual((await f.store.provisioned.get(a, p.provisionedId))?.tags, [{ key: "team", value: "a" }, { key: "cost", value: "7" }]);
      assert.equal(await f.store.provisioned.updateTags(a, "nosuchthingx", (t) => t, new Date()), false);
      await assert.rejects(f.store.provisioned.delete(a, p.provisionedId, () => { throw new Fault("conflict", "committed"); }), { kind: "conflict" });
      assert.ok(await f.store.provisioned.get(a, p.provisionedId));
      assert.equal(await f.store.provisioned.delete(a, p.provisionedId, any), true);
      assert.equal(await f.store.provisioned.delete(a, p.provisionedId, any), false);
    });
  });
}
