import { Worker } from "node:worker_threads";
import { fault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";
import type { BatchSink } from "./audit-batch.js";
import type { PendingRow } from "./audit-rows.js";
import { batchMessage } from "./audit-worker-protocol.js";
import type { FromWorker, ToWorker, WorkerSettings } from "./audit-worker-protocol.js";
import { storeFault } from "./faults.js";
import type { CommitListener } from "./wal-checkpointer.js";

interface Waiting {
  readonly resolve: (first: number) => void;
  readonly reject: (error: Fault) => void;
}

/**
 * SQLite audit batches, written by a worker thread on a connection of its own (audit-worker.ts),
 * so a batch's inserts and fsync never hold the event loop. A batch resolves with its first index
 * only once the worker's commit (synchronous=FULL) returned. The worker starts with the first
 * appender and is kept referenced only while a batch is in flight, so an idle store never holds
 * the process open. If the thread dies, every batch in flight and every later one is refused:
 * the audit trail fails closed rather than acknowledge what nobody wrote. `commits` hears of each
 * commit (the store's WAL checkpointer, which copies the log in the writer's pauses).
 */
export class SqliteWorkerSink implements BatchSink {
  readonly #worker: Worker;
  readonly #commits: CommitListener | undefined;
  readonly #waiting = new Map<number, Waiting>();
  readonly #exited: Promise<void>;
  /** The worker's connection, once open: its synchronous level (a test checks it is FULL). Rejects if the worker stops first. */
  readonly opened: Promise<{ readonly synchronous: number }>;
  #opened: (facts: { readonly synchronous: number }) => void = () => undefined;
  #failedToOpen: (reason: Fault) => void = () => undefined;
  #next = 0;
  #stopped: Fault | undefined;
  #closing = false;

  /** `script` is for tests only: a stand-in worker that misbehaves on purpose. */
  constructor(settings: WorkerSettings, commits?: CommitListener, script: URL = new URL("./audit-worker.js", import.meta.url)) {
    this.#commits = commits;
    this.opened = new Promise((resolve, reject) => { this.#opened = resolve; this.#failedToOpen = reject; });
    this.opened.catch(() => undefined); // nobody need wait for it
    this.#worker = new Worker(script, { workerData: settings });
    this.#worker.unref();
    this.#worker.on("message", (m: FromWorker) => this.#settle(m));
    // The error itself may carry a driver message quoting row values: it is not passed on.
    this.#worker.on("error", () => this.#stop(fault("service-unavailable", "the audit writer stopped")));
    // A message that could not be read leaves the worker running but out of step: it is stopped
    // for good (terminated), so close() never waits on a worker that will not exit by itself.
    this.#worker.on("messageerror", () => {
      this.#stop(fault("service-unavailable", "the audit writer stopped"));
      void this.#worker.terminate();
    });
    this.#exited = new Promise((resolve) => this.#worker.once("exit", () => {
      this.#stop(fault("service-unavailable", "the audit writer stopped"));
      resolve();
    }));
  }

  write(node: string, rows: readonly PendingRow[]): Promise<number> {
    if (this.#stopped !== undefined) return Promise.reject(this.#stopped);
    const id = this.#next++;
    const { message, transfer } = batchMessage(id, node, rows);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (this.#waiting.size === 1) this.#worker.ref();
      this.#worker.postMessage(message satisfies ToWorker, transfer);
    });
  }

  /**
   * Called once every appender has drained: the worker closes its connection and ends. A batch
   * still in flight is answered first (the worker reads its messages in order).
   */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#stopped === undefined) {
      this.#stopped = fault("service-unavailable", "the audit log is closed");
      this.#worker.ref();
      this.#worker.postMessage({ type: "close" } satisfies ToWorker);
    }
    await this.#exited;
  }

  #settle(m: FromWorker): void {
    if (m.type === "ready") return this.#opened({ synchronous: m.synchronous });
    const waiting = this.#waiting.get(m.id);
    if (waiting === undefined) return;
    this.#waiting.delete(m.id);
    // A closing worker stays referenced: close() waits for its exit.
    if (this.#waiting.size === 0 && !this.#closing) this.#worker.unref();
    if (m.type === "done") {
      waiting.resolve(m.first);
      this.#commits?.committed();
    }
    else waiting.reject(storeFault({ code: m.code }));
  }

  #stop(reason: Fault): void {
    this.#stopped ??= reason;
    this.#failedToOpen(this.#stopped);
    for (const w of this.#waiting.values()) w.reject(this.#stopped);
    this.#waiting.clear();
  }
}
