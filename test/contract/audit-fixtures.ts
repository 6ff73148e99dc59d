import { createHash, randomUUID } from "node:crypto";
import type { AuditEvent, AuditResource } from "../../src/audit/event.js";

/**
 * Audit events for the store's tests. The leaf here is plain JSON and its hash RFC 6962's leaf
 * hash: the store keeps whatever bytes it is given, so the tests need not depend on the Merkle code.
 */
export interface EventShape {
  readonly time?: string;
  readonly name?: string;
  readonly source?: string;
  readonly userName?: string;
  readonly accessKeyId?: string;
  readonly readOnly?: boolean;
  readonly resources?: readonly AuditResource[];
  readonly eventID?: string;
  readonly assumedRoleArn?: string;
}

export function auditEvent(shape: EventShape = {}): AuditEvent {
  const identity: AuditEvent["userIdentity"] = shape.assumedRoleArn !== undefined
    ? { type: "AssumedRole", arn: shape.assumedRoleArn, accountId: "111122223333" }
    : { type: "IAMUser", accountId: "111122223333", userName: shape.userName ?? "alice", accessKeyId: shape.accessKeyId ?? "AKIAEXAMPLEEXAMPLE00" };
  return {
    eventVersion: "1.09", userIdentity: identity, eventTime: shape.time ?? "2030-01-01T00:00:00Z",
    eventSource: shape.source ?? "bedrock.amazonaws.com", eventName: shape.name ?? "InvokeModel", awsRegion: "eu-west-2",
    sourceIPAddress: "192.0.2.1", requestParameters: { modelId: "m" }, responseElements: null, additionalEventData: { decision: "Allow" },
    requestID: randomUUID(), eventID: shape.eventID ?? randomUUID(), readOnly: shape.readOnly ?? false,
    ...(shape.resources !== undefined ? { resources: shape.resources } : {}),
    eventType: "AwsApiCall", managementEvent: false, eventCategory: "Data", recipientAccountId: "111122223333",
  };
}

export function leafOf(event: AuditEvent): { leaf: Uint8Array; leafHash: Uint8Array } {
  const leaf = new TextEncoder().encode(JSON.stringify(event));
  const leafHash = createHash("sha256").update(Buffer.from([0])).update(leaf).digest();
  return { leaf, leafHash: new Uint8Array(leafHash) };
}

/** A second within a window no other test uses, so lookups across the shared database stay apart. */
export function freshWindow(): (offsetSeconds: number) => string {
  const base = Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 1e9) * 1000;
  return (offset) => new Date(base + offset * 1000).toISOString().replace(".000Z", "Z");
}
