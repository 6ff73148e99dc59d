import { describe } from "node:test";
import { MemoryQuotaStore } from "./memory-store.js";
import { quotaStoreContract } from "./store-contract.js";

describe("MemoryQuotaStore: the QuotaStore contract", () => {
  quotaStoreContract(async () => ({ store: new MemoryQuotaStore(), key: (name) => name }));
});
