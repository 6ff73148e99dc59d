import { envelopeSealedUnder } from "../../crypto/index.js";
import type { Clock } from "../../kernel/index.js";
import type { Store } from "../../store/index.js";
import { AccountRetention } from "../data-retention/index.js";
import { DataInventory } from "./inventory.js";

/**
 * The inventory as both the CLI and the API read it: straight from the store, envelopes' headers
 * only (no key is needed, nothing is opened), the account's retention mode as the store holds it.
 */
export function inventoryOfStore(store: Store, region: string, invocationLogDays: number, clock: Clock): DataInventory {
  const retention = new AccountRetention(store.dataRetention, region, clock);
  return new DataInventory({
    store, region, invocationLogDays,
    box: { sealedUnder: (c) => envelopeSealedUnder(c) },
    accountMode: async (accountId) => (await retention.stated(accountId)).mode,
  });
}
