import type { AuditProofs, CheckpointRequest, ConsistencyRequest, InclusionRequest } from "../../service/audit-trail/index.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeGetAuditCheckpoint, decodeGetAuditConsistencyProof, decodeGetAuditInclusionProof, encodeCheckpoint, encodeConsistencyProof, encodeInclusionProof } from "./proofs-codec.js";
import { cloudTrailProtocol } from "./protocol.js";

export const AUDIT_PROOF_OPERATION_NAMES = ["GetAuditCheckpoint", "GetAuditInclusionProof", "GetAuditConsistencyProof"] as const;

/**
 * plinth's extensions to CloudTrail (same awsJson1.1 protocol and target prefixes): the signed
 * checkpoint, and inclusion and consistency proofs against it. AWS has no action for them. They
 * are authorised as reading the trail, `cloudtrail:LookupEvents`, because that is all they do:
 * an inclusion proof is given only for the caller's own events (whose content LookupEvents
 * already returns), and checkpoints and consistency proofs hold hashes and sizes only. A policy
 * that lets someone read the trail thus lets them check it, and one that denies LookupEvents
 * denies both; no new action name appears that policy validation would not know.
 */
export function auditProofOperations(proofs: AuditProofs): Operation[] {
  const common = { method: "POST", path: "/", signingService: "cloudtrail", protocol: cloudTrailProtocol, action: "cloudtrail:LookupEvents", resource: () => "*" } as const;
  return [
    defineOperation<CheckpointRequest, Awaited<ReturnType<AuditProofs["checkpoint"]>>>({
      ...common, name: "GetAuditCheckpoint", target: "GetAuditCheckpoint",
      decode: ({ body, header }) => decodeGetAuditCheckpoint(body, header("content-type")),
      auditParameters: (r) => ({ ...(r.node === undefined ? {} : { node: r.node }), ...(r.treeSize === undefined ? {} : { treeSize: r.treeSize }) }),
      invoke: (r) => proofs.checkpoint(r),
      encode: (c) => ({ kind: "json", status: 200, body: encodeCheckpoint(c) }),
    }),
    defineOperation<InclusionRequest, Awaited<ReturnType<AuditProofs["inclusion"]>>>({
      ...common, name: "GetAuditInclusionProof", target: "GetAuditInclusionProof",
      decode: ({ body, header }) => decodeGetAuditInclusionProof(body, header("content-type")),
      auditParameters: (r) => ({
        ...(r.eventId === undefined ? {} : { eventId: r.eventId }), ...(r.node === undefined ? {} : { node: r.node }),
        ...(r.leafIndex === undefined ? {} : { leafIndex: r.leafIndex }), ...(r.treeSize === undefined ? {} : { treeSize: r.treeSize }),
      }),
      invoke: (r, ctx) => proofs.inclusion(ctx.principal.accountId, r),
      encode: (p) => ({ kind: "json", status: 200, body: encodeInclusionProof(p) }),
    }),
    defineOperation<ConsistencyRequest, Awaited<ReturnType<AuditProofs["consistency"]>>>({
      ...common, name: "GetAuditConsistencyProof", target: "GetAuditConsistencyProof",
      decode: ({ body, header }) => decodeGetAuditConsistencyProof(body, header("content-type")),
      auditParameters: (r) => ({
        firstTreeSize: r.firstTreeSize, ...(r.node === undefined ? {} : { node: r.node }), ...(r.secondTreeSize === undefined ? {} : { secondTreeSize: r.secondTreeSize }),
      }),
      invoke: (r) => proofs.consistency(r),
      encode: (p) => ({ kind: "json", status: 200, body: encodeConsistencyProof(p) }),
    }),
  ];
}
