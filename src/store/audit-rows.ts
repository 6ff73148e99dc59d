import type { Selectable } from "kysely";
import type { AuditEvent } from "../audit/event.js";
import type { AuditEntry } from "../audit/log.js";
import { Fault, invalid } from "../kernel/index.js";
import { asBuffer, asBytes } from "./shapes.js";
import type { AuditEventResourcesTable, AuditEventsTable } from "./schema.js";

type EventRow = Omit<Selectable<AuditEventsTable>, "idx"> & { idx: number };
type ResourceRow = Omit<Selectable<AuditEventResourcesTable>, "idx"> & { idx: number };

/** One validated append: the rows it becomes once its batch gives it an index. */
export interface PendingRow {
  readonly event: AuditEvent;
  readonly eventTime: string;
  readonly leaf: Buffer;
  readonly leafHash: Buffer;
}

export const LEAF_HASH_BYTES = 32;

/** Checks what can be checked before the event joins a batch, so one bad event never fails its neighbours. */
export function pendingRow(event: AuditEvent, leaf: Uint8Array, leafHash: Uint8Array): PendingRow {
  const time = new Date(event.eventTime);
  if (!Number.isFinite(time.getTime())) throw invalid("eventTime", "must be an ISO-8601 time");
  if (typeof event.eventID !== "string" || event.eventID.length === 0) throw invalid("eventID", "must not be empty");
  if (leafHash.byteLength !== LEAF_HASH_BYTES) throw invalid("leafHash", `must be ${LEAF_HASH_BYTES} bytes`);
  if (leaf.byteLength === 0) throw invalid("leaf", "must not be empty");
  // toISOString is fixed width, so text order is time order on both dialects.
  return { event, eventTime: time.toISOString(), leaf: asBuffer(leaf), leafHash: asBuffer(leafHash) };
}

/**
 * LookupEvents' Username: the IAM user's name, or for an assumed role the session name (the
 * last part of the assumed-role ARN), as CloudTrail reports it.
 */
export function usernameOf(event: AuditEvent): string | null {
  const identity = event.userIdentity;
  if (identity.userName !== undefined) return identity.userName;
  if (identity.type === "AssumedRole" && identity.arn !== undefined) return identity.arn.slice(identity.arn.lastIndexOf("/") + 1) || null;
  if (identity.type === "Root") return "root";
  return null;
}

export function eventRow(node: string, idx: number, row: PendingRow): EventRow {
  const e = row.event;
  return {
    node, idx, event_id: e.eventID, event_time: row.eventTime, event_name: e.eventName, event_source: e.eventSource,
    username: usernameOf(e), access_key_id: e.userIdentity.accessKeyId ?? null, read_only: e.readOnly ? 1 : 0,
    account_id: e.recipientAccountId, leaf: row.leaf, leaf_hash: row.leafHash,
  };
}

export function resourceRows(node: string, idx: number, row: PendingRow): ResourceRow[] {
  return (row.event.resources ?? []).map((r) => ({ node, idx, type: r.type, name: r.ARN }));
}

/** The event is read back from the leaf: the leaf is what was signed, so nothing else can disagree with it. */
export function entryOf(row: { node: string; idx: number | string; leaf: Uint8Array }): AuditEntry {
  const leaf = asBytes(row.leaf);
  const event = JSON.parse(Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString("utf8")) as AuditEvent;
  return { node: row.node, index: Number(row.idx), event, leaf };
}

/** A LookupEvents page boundary: the last entry's place in (time, node, index) order. */
export interface Cursor {
  readonly time: string;
  readonly node: string;
  readonly index: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.time, c.node, c.index]), "utf8").toString("base64url");
}

export function decodeCursor(token: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 3 && typeof value[0] === "string" && typeof value[1] === "string" && Number.isSafeInteger(value[2])) {
    return { time: value[0], node: value[1], index: value[2] as number };
  }
  throw new Fault("validation", "NextToken must be a token from a previous page", { field: "NextToken", reason: "invalid-next-token" });
}
