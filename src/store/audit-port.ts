import type { AuditEvent } from "../audit/event.js";
import type { Frontier } from "../audit/frontier.js";
import type { AuditReader, CheckpointStore } from "../audit/log.js";

/**
 * The audit trail's persistence. The Merkle code computes each leaf (the event's canonical JSON)
 * and its hash; the store only keeps them, so it never decides what was hashed.
 */
export interface AuditRowAppender {
  /**
   * Resolves with the event's leaf index once it is durable: committed (SQLite with
   * synchronous=FULL, so the WAL is fsynced) in one transaction with the appends that arrived
   * while the previous commit was in flight. Rejects with a Fault when its batch failed; nothing
   * in a failed batch was stored, and the next batch starts from the log's true size.
   */
  append(event: AuditEvent, leaf: Uint8Array, leafHash: Uint8Array): Promise<{ readonly node: string; readonly index: number }>;
  /** Batches committed and events they held, since this appender was made (for metrics and the bench). */
  stats(): { readonly batches: number; readonly events: number };
  /** Waits for every queued append to settle; later appends are refused. */
  close(): Promise<void>;
}

export interface AuditLogReader extends AuditReader {
  /**
   * The leaf hashes of entries [from, to) of a node's log, in index order, for checkpoints and
   * proofs. A range beyond the log is a "validation" Fault, never a short answer.
   */
  leafHashes(node: string, from: number, to: number): Promise<Uint8Array[]>;
  /**
   * The leaves themselves (each event's canonical bytes) of [from, to), in index order, for a
   * check that re-hashes them. A range beyond the log is a "validation" Fault.
   */
  leaves(node: string, from: number, to: number): Promise<Uint8Array[]>;
  /** After pruning, what stands for the node's first events; entries start at its size. */
  frontier(node: string): Promise<Frontier | undefined>;
}

export interface AuditStore {
  /** The one appender of a node in this store (the same object on every call until close). */
  appender(node: string): AuditRowAppender;
  readonly reader: AuditLogReader;
  readonly checkpoints: CheckpointStore;
  /**
   * Deletes the node's events before `frontier.size` and records the frontier in their place, in
   * one transaction; resolves with the number deleted. The caller has checked the frontier
   * against a signed checkpoint of that size: the store only refuses to empty the log or to move
   * the pruning point backwards.
   */
  prune(frontier: Frontier, at: Date): Promise<number>;
  /**
   * Makes this process the one writer of `node`'s log in the database until the store closes, or
   * refuses (a Fault) when another process already is: on a database several nodes share, two
   * nodes configured with the same audit.node would append to one log and sign its checkpoints
   * with two keys. PostgreSQL only; an embedded database is one node's, and its workers are
   * numbered by the primary.
   */
  claim(node: string): Promise<void>;
  /** Closes every appender, letting queued appends settle. */
  close(): Promise<void>;
}
