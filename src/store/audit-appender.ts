import type { AuditEvent } from "../audit/event.js";
import { fault, isFault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";
import type { AuditRowAppender } from "./audit-port.js";
import { pendingRow } from "./audit-rows.js";
import type { PendingRow } from "./audit-rows.js";
import type { BatchWriter } from "./audit-batch.js";

/** Events in one transaction at most; a longer queue is written as several batches in turn. */
export const MAX_BATCH = 2000;

interface Waiter {
  readonly row: PendingRow;
  readonly resolve: (at: { node: string; index: number }) => void;
  readonly reject: (error: Fault) => void;
}

/**
 * Group commit for one node's log. One batch is in flight at a time; appends that arrive
 * meanwhile queue and go together in the next transaction, so the cost of a durable commit (an
 * fsync) is shared by everyone who arrived during the previous one. Indices follow queue order.
 */
export class GroupCommitAppender implements AuditRowAppender {
  readonly #node: string;
  readonly #write: BatchWriter;
  #queue: Waiter[] = [];
  #running: Promise<void> | undefined;
  #closed = false;
  #batches = 0;
  #events = 0;

  constructor(node: string, write: BatchWriter) {
    this.#node = node;
    this.#write = write;
  }

  append(event: AuditEvent, leaf: Uint8Array, leafHash: Uint8Array): Promise<{ node: string; index: number }> {
    if (this.#closed) return Promise.reject(fault("service-unavailable", "the audit log is closed"));
    let row: PendingRow;
    try {
      row = pendingRow(event, leaf, leafHash);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, resolve, reject });
      this.#start();
    });
  }

  stats(): { batches: number; events: number } {
    return { batches: this.#batches, events: this.#events };
  }

  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await this.#running;
  }

  #start(): void {
    if (this.#running) return;
    const running = this.#drain();
    this.#running = running;
    void running.then(() => {
      this.#running = undefined;
      // An append that queued after the drain's last look starts the next drain.
      if (this.#queue.length > 0) this.#start();
    });
  }

  async #drain(): Promise<void> {
    // One turn of the event loop, so the appends of requests finishing together share the first commit too.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      let first: number;
      try {
        first = await this.#write(this.#node, batch.map((w) => w.row));
      } catch (error) {
        // Nothing of the batch was committed: every waiter hears so, none is dropped in silence.
        const reason = isFault(error) ? error : fault("internal", "the audit batch could not be written");
        for (const w of batch) w.reject(reason);
        continue;
      }
      this.#batches += 1;
      this.#events += batch.length;
      batch.forEach((w, i) => w.resolve({ node: this.#node, index: first + i }));
    }
  }
}
