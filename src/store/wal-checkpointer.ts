import { Worker } from "node:worker_threads";
import { fault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";

/**
 * How large the write-ahead log may grow (in pages) before the connection whose commit crossed it
 * checkpoints it, on its own thread, before that commit returns. SQLite's default, 1,000 pages,
 * made one audit commit in sixty wait ~1–2 ms here (the copy, and an fsync of the database file):
 * that was the p99 of a lone call. At 8,192 pages (32 MiB) it is one in ~500 under steady load,
 * and in pauses the checkpointer thread below does it first, so the log restarts from its start.
 */
export const WAL_BACKSTOP_PAGES = 8192;
/** The pause in commits after which the checkpointer copies the log into the database file. */
const IDLE_MS = 100;
/** Fewer commits than this since the last checkpoint are left in the log: each costs two fsyncs. */
const MIN_COMMITS = 16;

/** Attempts at a truncating checkpoint before its callers are refused (each waits up to the busy timeout). */
const TRUNCATE_ATTEMPTS = 5;
const TRUNCATE_RETRY_MS = 50;

export interface CheckpointerSettings {
  readonly path: string;
  /** How long a truncating checkpoint waits for the writers and readers in its way, per attempt. */
  readonly busyTimeoutMs: number;
}

export type CheckpointMode = "PASSIVE" | "TRUNCATE";
export type ToCheckpointer = { readonly type: "checkpoint"; readonly mode: CheckpointMode } | { readonly type: "close" };
/** After a checkpoint: whether it was blocked, the log's size in frames and how many of them are now in the database file. */
export type FromCheckpointer = { readonly type: "checkpointed"; readonly mode: CheckpointMode; readonly busy: number; readonly log: number; readonly checkpointed: number };

/** What a store asks once it has deleted something that must not survive in the log. */
export interface LogTruncation {
  truncate(what?: string): Promise<void>;
}

/** What a writer tells the checkpointer. */
export interface CommitListener {
  committed(): void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: Fault) => void;
  /** What was deleted, for the refusal's message. */
  readonly what: string | undefined;
}

const truncateFault = (what = "The data"): Fault =>
  fault("service-unavailable", `${what} is deleted, but the database's write-ahead log could not yet be cleared of it; that is retried when the store is next idle`);

/**
 * Checkpoints the SQLite write-ahead log on a thread of its own (wal-checkpoint-worker.ts) once
 * the audit writer has paused for IDLE_MS. In a pause nothing commits while it copies, so it
 * leaves nothing behind and the next commit restarts the log from its start: a server with pauses
 * never checkpoints on a commit's path. Under steady load it never pauses; the writer's own
 * checkpoint at WAL_BACKSTOP_PAGES does it then. (Checkpointing here while commits go on was
 * measured: the copy's and the commits' fsyncs contend, and the p99 was worse than the backstop's.)
 *
 * `truncate()` empties the log for good (crypto-shredding: the log keeps every page as it was
 * before a delete until the frame is overwritten, so a deleted key's material would survive it).
 *
 * The thread starts with the first checkpoint, so a store that has written little holds none.
 * Pause checkpoints are no part of durability (the commits are durable in the log): a thread that
 * fails is not restarted for them, and the backstop keeps the log bounded; a truncation asked for
 * later starts a new one.
 */
export class WalCheckpointer implements CommitListener, LogTruncation {
  readonly #settings: CheckpointerSettings;
  readonly #script: URL;
  #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  #pause: NodeJS.Timeout | undefined;
  #commits = 0;
  #running: CheckpointMode | undefined;
  #failed = false;
  #closed = false;
  #runs = 0;
  /** Callers waiting for a truncation that starts after they asked; and those the running one serves. */
  #owed: Waiter[] = [];
  #serving: Waiter[] = [];
  #attempts = 0;
  /** A truncation failed its callers: the next pause truncates instead of copying. */
  #truncationOwed = false;

  /** `script` is for tests only: a stand-in thread that fails on purpose. */
  constructor(settings: CheckpointerSettings, script: URL = new URL("./wal-checkpoint-worker.js", import.meta.url)) {
    this.#settings = settings;
    this.#script = script;
  }

  /** Checkpoints run, and whether the thread failed (for tests and the bench). */
  stats(): { readonly runs: number; readonly failed: boolean } {
    return { runs: this.#runs, failed: this.#failed };
  }

  /** A commit is durable: the pause is timed from now. */
  committed(): void {
    this.#commits++;
    if (this.#closed || (this.#failed && !this.#truncationOwed)) return;
    if (this.#pause === undefined) {
      this.#pause = setTimeout(() => this.#paused(), IDLE_MS);
      // Never holds the process open: what is left in the log is checkpointed by the last connection to close.
      this.#pause.unref();
    } else {
      this.#pause.refresh();
    }
  }

  /**
   * Copies the whole log into the database file and truncates it to nothing; resolves once done.
   * Waits for the writers and readers in its way (up to the busy timeout, TRUNCATE_ATTEMPTS times);
   * refused after that (the refusal names `what` was deleted), and then done at the next pause.
   */
  truncate(what?: string): Promise<void> {
    if (this.#closed) return Promise.reject(truncateFault(what));
    return new Promise((resolve, reject) => {
      this.#owed.push({ resolve, reject, what });
      this.#next();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#pause);
    for (const w of this.#owed.splice(0)) w.reject(truncateFault(w.what));
    // Referenced whether or not it failed: a thread that threw has sent 'error' but its 'exit' may
    // be still to come, and an unreferenced thread let the event loop run dry before it did (close
    // then never returned: seen as a cancelled test on a loaded machine).
    this.#worker?.ref();
    if (this.#worker !== undefined && !this.#failed) this.#worker.postMessage({ type: "close" } satisfies ToCheckpointer);
    await this.#exited;
  }

  #paused(): void {
    if (this.#running !== undefined || this.#closed) return;
    // An owed truncation is retried even on a new thread; plain copies are not worth one.
    if (this.#truncationOwed) return this.#run("TRUNCATE");
    if (this.#failed || this.#commits < MIN_COMMITS) return;
    this.#run("PASSIVE");
  }

  /** Starts the truncation owed to waiting callers, if any and nothing runs. */
  #next(): void {
    if (this.#running !== undefined || this.#closed || this.#owed.length === 0) return;
    this.#serving = this.#owed;
    this.#owed = [];
    this.#run("TRUNCATE");
  }

  #run(mode: CheckpointMode): void {
    this.#commits = 0;
    this.#running = mode;
    this.#thread().postMessage({ type: "checkpoint", mode } satisfies ToCheckpointer);
  }

  #done(m: FromCheckpointer): void {
    this.#running = undefined;
    this.#runs++;
    if (m.mode === "TRUNCATE") {
      if (m.busy === 0 && m.log === 0) {
        this.#truncationOwed = false;
        this.#attempts = 0;
        for (const w of this.#serving.splice(0)) w.resolve();
      } else if (++this.#attempts < TRUNCATE_ATTEMPTS && this.#serving.length > 0) {
        // Blocked by a writer or a reader: the same callers, once more, a little later.
        this.#owed.unshift(...this.#serving.splice(0));
        setTimeout(() => this.#next(), TRUNCATE_RETRY_MS).unref();
        return;
      } else {
        this.#attempts = 0;
        this.#truncationOwed = true;
        for (const w of this.#serving.splice(0)) w.reject(truncateFault(w.what));
      }
    }
    this.#next();
  }

  #thread(): Worker {
    if (this.#worker !== undefined && !this.#failed) return this.#worker;
    this.#failed = false;
    const worker = new Worker(this.#script, { workerData: this.#settings });
    worker.unref();
    worker.on("message", (m: FromCheckpointer) => this.#done(m));
    const fail = (): void => {
      if (this.#worker !== worker) return;
      this.#failed = true;
      this.#running = undefined;
      for (const w of [...this.#serving.splice(0), ...this.#owed.splice(0)]) w.reject(truncateFault(w.what));
    };
    // The error may quote a path; nothing of it is kept. The writers' backstop takes over.
    worker.on("error", fail);
    worker.on("messageerror", () => {
      fail();
      void worker.terminate();
    });
    this.#exited = new Promise((resolve) => worker.once("exit", () => {
      fail();
      resolve();
    }));
    this.#worker = worker;
    return worker;
  }
}
