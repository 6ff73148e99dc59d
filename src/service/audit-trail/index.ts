export { AuditTrailReader } from "./lookup.js";
export type { CheckpointKeyInfo, LookupRequest } from "./lookup.js";
export { AuditProofs } from "./proofs.js";
export type { CheckpointRequest, ConsistencyProof, ConsistencyRequest, InclusionProof, InclusionRequest, ProofLog, SignedCheckpoint } from "./proofs.js";
