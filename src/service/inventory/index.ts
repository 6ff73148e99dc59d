export { DataInventory } from "./inventory.js";
export type { InventoryPorts, SealingKeyState, StoredKind, StoredObject } from "./inventory.js";
