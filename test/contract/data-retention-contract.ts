import { it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/store/index.js";
import { contractSuite, rejectsWith } from "./iam-fixtures.js";

const at = (iso: string) => new Date(iso);

/** Accounts' data-retention modes: absent until stated, replaced whole, per account and region. */
export function dataRetentionContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: data retention`, open, (f) => {
    it("nothing is stored until the account states a mode; a put replaces the mode and its time", async () => {
      const a = await f.account();
      assert.equal(await f.store.dataRetention.get(a, "eu-west-2"), undefined);
      await f.store.dataRetention.put({ accountId: a, region: "eu-west-2", mode: "provider_data_share", updatedAt: at("2026-01-01T00:00:00.000Z") });
      await f.store.dataRetention.put({ accountId: a, region: "eu-west-2", mode: "none", updatedAt: at("2026-01-02T00:00:00.000Z") });
      assert.deepEqual(await f.store.dataRetention.get(a, "eu-west-2"), { accountId: a, region: "eu-west-2", mode: "none", updatedAt: at("2026-01-02T00:00:00.000Z") });
    });

    it("a mode belongs to one account and one region", async () => {
      const a = await f.account();
      const b = await f.account();
      await f.store.dataRetention.put({ accountId: a, region: "eu-west-2", mode: "provider_data_share", updatedAt: at("2026-01-01T00:00:00.000Z") });
      assert.equal(await f.store.dataRetention.get(b, "eu-west-2"), undefined);
      assert.equal(await f.store.dataRetention.get(a, "us-east-1"), undefined);
    });

    it("an account that does not exist cannot state a mode", async () => {
      await rejectsWith(f.store.dataRetention.put({ accountId: "000000000000", region: "eu-west-2", mode: "none", updatedAt: at("2026-01-01T00:00:00.000Z") }), "not-found");
    });
  });
}
