import { eventRow, LEAF_HASH_BYTES, resourceRows } from "./audit-rows.js";
import type { PendingRow } from "./audit-rows.js";

/**
 * The messages between the SQLite audit writer (main thread) and its worker. A batch travels as
 * plain columns plus one buffer holding every leaf and leaf hash end to end, transferred rather
 * than copied: structured clone of a Buffer would copy its whole backing store (often a shared
 * 8 KiB pool slab), once per event.
 */
export interface BatchMessage {
  readonly type: "batch";
  readonly id: number;
  readonly node: string;
  /** Per event: event_id, event_time, event_name, event_source, username, access_key_id, read_only, account_id. */
  readonly columns: readonly (readonly [string, string, string, string, string | null, string | null, number, string])[];
  /** Per event, the end offset of its leaf in `bytes`; the leaf hashes (32 bytes each) follow the last leaf. */
  readonly leafEnds: Uint32Array;
  readonly bytes: ArrayBuffer;
  /** Per resource: the event's position in the batch, its type and its name (ARN). */
  readonly resources: readonly (readonly [number, string, string])[];
}

export interface CloseMessage {
  readonly type: "close";
}

export type ToWorker = BatchMessage | CloseMessage;

/** Once open, the connection's synchronous level (2 = FULL); then per batch, its first index when committed or the driver's error code when not. */
export type FromWorker =
  | { readonly type: "ready"; readonly synchronous: number }
  | { readonly type: "done"; readonly id: number; readonly first: number }
  | { readonly type: "failed"; readonly id: number; readonly code?: string };

/** What the worker needs to open its own connection to the store's database. */
export interface WorkerSettings {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

/** Packs a batch; the indices are decided by the worker inside the transaction. */
export function batchMessage(id: number, node: string, rows: readonly PendingRow[]): { message: BatchMessage; transfer: ArrayBuffer[] } {
  let total = 0;
  for (const r of rows) total += r.leaf.byteLength;
  const leafEnds = new Uint32Array(rows.length);
  const bytes = new Uint8Array(total + rows.length * LEAF_HASH_BYTES);
  const columns: BatchMessage["columns"][number][] = [];
  const resources: [number, string, string][] = [];
  let at = 0;
  rows.forEach((r, i) => {
    // eventRow is the one place the LookupEvents columns are derived; the index is filled in later.
    const e = eventRow(node, 0, r);
    columns.push([e.event_id, e.event_time, e.event_name, e.event_source, e.username, e.access_key_id, e.read_only, e.account_id]);
    bytes.set(r.leaf, at);
    at += r.leaf.byteLength;
    leafEnds[i] = at;
    bytes.set(r.leafHash, total + i * LEAF_HASH_BYTES);
    for (const res of resourceRows(node, 0, r)) resources.push([i, res.type, res.name]);
  });
  return { message: { type: "batch", id, node, columns, leafEnds, bytes: bytes.buffer, resources }, transfer: [bytes.buffer, leafEnds.buffer] };
}
