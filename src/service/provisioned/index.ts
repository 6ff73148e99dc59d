export { CapacityGate } from "./capacity-gate.js";
export type { CapacityDecision, CapacityLease, CapacityTarget } from "./capacity-gate.js";
export { CapacityPlan } from "./capacity-plan.js";
export type { CapacityShare } from "./capacity-plan.js";
export { asOf, commitmentEnd } from "./lifecycle.js";
export { listPage } from "./listing.js";
export type { ProvisionedPage, ProvisionedQuery } from "./listing.js";
export { MAX_PROVISIONED_PER_ACCOUNT, MAX_PROVISIONED_TAGS, ProvisionedThroughputs, notFound as provisionedNotFound } from "./throughputs.js";
export type { NewProvisioned, ProviderOf } from "./throughputs.js";
