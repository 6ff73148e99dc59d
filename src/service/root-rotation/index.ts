export { rotateRootKey } from "./rotate.js";
export type { RotationReport } from "./rotate.js";
export { kmsMaterialKind } from "./kms-material.js";
export type { RootSealedKind, RootSealedValue, RotatingRoot, RotationPorts } from "./ports.js";
export { rootSealedRecordKinds } from "./record-kinds.js";
export { resealOffRoot } from "./migrate.js";
