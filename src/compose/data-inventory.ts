import { storedDataOperations } from "../http/bedrock/stored-data-routes.js";
import { inventoryOfStore } from "../service/inventory/index.js";
import type { Capability, Foundation } from "./capability.js";

/** `plinth:ListStoredData`: the inventory `plinth data inventory` prints, for the caller's own account. */
export function dataInventoryCapability({ config, store, clock }: Foundation): Capability {
  return {
    name: "data-inventory",
    operations: storedDataOperations(inventoryOfStore(store, config.region, config.invocationLogging.retentionDays, clock)),
  };
}
