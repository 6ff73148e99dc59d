import type { AuditEvent } from "./event.js";

/**
 * The audit log's ports. The log is one append-only sequence per node (a node id from the
 * configuration): several nodes on one PostgreSQL each keep their own log and checkpoints, and
 * readers merge them by time. Index i of a node's log is leaf i of that node's Merkle tree.
 */
export interface AuditEntry {
  readonly node: string;
  /** The leaf index in the node's log, from 0. */
  readonly index: number;
  readonly event: AuditEvent;
  /** The leaf: the event's canonical JSON (RFC 8785), exactly the bytes that were hashed. */
  readonly leaf: Uint8Array;
}

export type LookupAttributeKey = "EventId" | "EventName" | "ReadOnly" | "Username" | "ResourceType" | "ResourceName" | "EventSource" | "AccessKeyId";

export interface AuditQuery {
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string };
  /** Only events recorded for this account (recipientAccountId); absent: every account's (the operator's CLI). */
  readonly account?: string;
  readonly start?: Date;
  readonly end?: Date;
  /** 1..50 for LookupEvents; larger for export. */
  readonly limit: number;
  /** An opaque cursor from a previous page; one that is not ours is a Fault with reason `invalid-next-token`. */
  readonly after?: string;
}

export interface AuditReader {
  nodes(): Promise<string[]>;
  size(node: string): Promise<number>;
  /** Entries [from, to) of a node's log, in index order. */
  range(node: string, from: number, to: number): Promise<AuditEntry[]>;
  /** Newest first, across nodes, as LookupEvents returns them. */
  lookup(query: AuditQuery): Promise<{ entries: AuditEntry[]; next?: string }>;
}

/**
 * A signed checkpoint of one node's log: a C2SP signed note whose body is
 * `<origin>\n<size>\n<base64 root>\n` followed by extension lines (time, previous checkpoint hash).
 */
export interface StoredCheckpoint {
  readonly node: string;
  readonly size: number;
  readonly time: Date;
  /** The whole signed note, as written to the anchor. */
  readonly note: string;
}

export interface CheckpointStore {
  /** Every node with a checkpoint: a node that started signs one before it has served anything. */
  nodes(): Promise<string[]>;
  latest(node: string): Promise<StoredCheckpoint | undefined>;
  add(checkpoint: StoredCheckpoint): Promise<void>;
  list(node: string): Promise<StoredCheckpoint[]>;
  /** The node's checkpoint of exactly `size` leaves. */
  get(node: string, size: number): Promise<StoredCheckpoint | undefined>;
  /** The largest checkpoint signed before `time` and smaller than `belowSize` (what pruning may use). */
  newestBefore(node: string, time: Date, belowSize: number): Promise<StoredCheckpoint | undefined>;
}
