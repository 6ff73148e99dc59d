import type { AuditProofs, AuditTrailReader, LookupRequest } from "../../service/audit-trail/index.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeListPublicKeys, decodeLookupEvents, encodeEvent, encodePublicKey } from "./codec.js";
import { cloudTrailProtocol } from "./protocol.js";
import { AUDIT_PROOF_OPERATION_NAMES, auditProofOperations } from "./proofs-routes.js";

export const CLOUDTRAIL_OPERATION_NAMES = ["LookupEvents", "ListPublicKeys", ...AUDIT_PROOF_OPERATION_NAMES] as const;

/**
 * CloudTrail (awsJson1.1, signing name `cloudtrail`): reading the trail is itself an authorised
 * (`cloudtrail:LookupEvents`), audited call. AWS names no resource for either action. plinth's
 * proof operations join them (proofs-routes.ts).
 */
export function cloudTrailOperations(trail: AuditTrailReader, proofs: AuditProofs): Operation[] {
  return [
    ...auditProofOperations(proofs),
    defineOperation<LookupRequest, Awaited<ReturnType<AuditTrailReader["lookup"]>>>({
      name: "LookupEvents", method: "POST", path: "/", signingService: "cloudtrail", protocol: cloudTrailProtocol, target: "LookupEvents",
      action: "cloudtrail:LookupEvents",
      decode: ({ body, header }) => decodeLookupEvents(body, header("content-type")),
      resource: () => "*",
      auditParameters: (r) => ({
        ...(r.attribute === undefined ? {} : { lookupAttributes: [r.attribute.key] }),
        ...(r.start === undefined ? {} : { startTime: r.start.toISOString() }),
        ...(r.end === undefined ? {} : { endTime: r.end.toISOString() }),
        ...(r.maxResults === undefined ? {} : { maxResults: r.maxResults }),
      }),
      invoke: (r, ctx) => trail.lookup(ctx.principal.accountId, r),
      encode: (page) => ({ kind: "json", status: 200, body: { Events: page.events.map(encodeEvent), ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }) } }),
    }),
    defineOperation<{ start?: Date; end?: Date }, ReturnType<AuditTrailReader["publicKeys"]>>({
      name: "ListPublicKeys", method: "POST", path: "/", signingService: "cloudtrail", protocol: cloudTrailProtocol, target: "ListPublicKeys",
      action: "cloudtrail:ListPublicKeys",
      decode: ({ body, header }) => decodeListPublicKeys(body, header("content-type")),
      resource: () => "*",
      invoke: async (r) => trail.publicKeys(r.start, r.end),
      encode: (keys) => ({ kind: "json", status: 200, body: { PublicKeyList: keys.map(encodePublicKey) } }),
    }),
  ];
}
