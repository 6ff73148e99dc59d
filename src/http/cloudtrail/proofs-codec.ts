import { Fault } from "../../kernel/index.js";
import type { CheckpointRequest, ConsistencyProof, ConsistencyRequest, InclusionProof, InclusionRequest, SignedCheckpoint } from "../../service/audit-trail/index.js";
import { own, readBody } from "../organizations/members.js";
import type { Obj } from "../organizations/members.js";

/**
 * plinth's own CloudTrail operations for proofs about the trail (no AWS model defines them):
 * awsJson1.1 members in CloudTrail's naming, hashes and signed notes as base64 and text.
 */
const invalid = (field: string, message: string): Fault => new Fault("validation", message, { field });

/** The audit.node pattern of the configuration. */
const NODE = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * plinth's event ids are random UUIDs. Anything else is refused, so what the caller sent can be
 * recorded in the audit event as it is: a UUID carries no content.
 */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function size(o: Obj, key: string, min: number): number | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw invalid(key, `${key} must be an integer of at least ${min}`);
  return v;
}

function node(o: Obj): string | undefined {
  const v = own(o, "Node");
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !NODE.test(v)) throw invalid("Node", "Node must be 1 to 64 letters, digits, '.', '_' or '-'");
  return v;
}

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function decodeGetAuditCheckpoint(body: Buffer, contentType: string | undefined): CheckpointRequest {
  const o = readBody(body, contentType, ["Node", "TreeSize"], "GetAuditCheckpointRequest");
  return { ...opt("node", node(o)), ...opt("treeSize", size(o, "TreeSize", 0)) };
}

export function decodeGetAuditInclusionProof(body: Buffer, contentType: string | undefined): InclusionRequest {
  const o = readBody(body, contentType, ["EventId", "Node", "LeafIndex", "TreeSize"], "GetAuditInclusionProofRequest");
  const eventId = own(o, "EventId");
  const leafIndex = size(o, "LeafIndex", 0);
  if (eventId !== undefined && (typeof eventId !== "string" || !EVENT_ID.test(eventId))) throw invalid("EventId", "EventId must be an event id as LookupEvents returns it (a lowercase UUID)");
  if ((eventId === undefined) === (leafIndex === undefined)) throw invalid("EventId", "Give either EventId or LeafIndex (with Node, default this node)");
  const n = node(o);
  if (eventId !== undefined && n !== undefined) throw invalid("Node", "Node goes with LeafIndex: an EventId names its node itself");
  return { ...opt("eventId", eventId as string | undefined), ...opt("node", n), ...opt("leafIndex", leafIndex), ...opt("treeSize", size(o, "TreeSize", 1)) };
}

export function decodeGetAuditConsistencyProof(body: Buffer, contentType: string | undefined): ConsistencyRequest {
  const o = readBody(body, contentType, ["Node", "FirstTreeSize", "SecondTreeSize"], "GetAuditConsistencyProofRequest");
  // A proof from the empty tree proves nothing (RFC 9162 §2.1.4), so the first size starts at 1.
  const firstTreeSize = size(o, "FirstTreeSize", 1);
  if (firstTreeSize === undefined) throw invalid("FirstTreeSize", "FirstTreeSize is required");
  return { firstTreeSize, ...opt("node", node(o)), ...opt("secondTreeSize", size(o, "SecondTreeSize", 1)) };
}

const b64 = (h: Uint8Array): string => Buffer.from(h).toString("base64");

export function encodeCheckpoint(c: SignedCheckpoint): Record<string, unknown> {
  return { Node: c.node, TreeSize: c.treeSize, RootHash: b64(c.rootHash), Timestamp: c.time.getTime() / 1000, Checkpoint: c.note };
}

/** CloudTrailEvent is the leaf itself: the client hashes exactly these bytes (0x00 prefix, SHA-256). */
export function encodeInclusionProof(p: InclusionProof): Record<string, unknown> {
  return {
    Node: p.entry.node, LeafIndex: p.entry.index, TreeSize: p.checkpoint.treeSize, EventId: p.entry.event.eventID,
    CloudTrailEvent: Buffer.from(p.entry.leaf).toString("utf8"), AuditPath: p.path.map(b64), Checkpoint: p.checkpoint.note,
  };
}

export function encodeConsistencyProof(p: ConsistencyProof): Record<string, unknown> {
  return {
    Node: p.second.node, FirstTreeSize: p.first.treeSize, SecondTreeSize: p.second.treeSize,
    FirstCheckpoint: p.first.note, SecondCheckpoint: p.second.note, ConsistencyPath: p.path.map(b64),
  };
}
