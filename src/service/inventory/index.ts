export { DataInventory } from "./inventory.js";
export type { InventoryPorts, SealingKeyState, StoredKind, StoredObject, StoredRetention } from "./inventory.js";
export { inventoryOfStore } from "./from-store.js";
