import { Worker } from "node:worker_threads";

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

export interface CheckpointerSettings {
  readonly path: string;
}

export type ToCheckpointer = { readonly type: "checkpoint" } | { readonly type: "close" };
/** After a checkpoint: the log's size in frames and how many of them are now in the database file. */
export type FromCheckpointer = { readonly type: "checkpointed"; readonly log: number; readonly checkpointed: number };

/**
 * Checkpoints the SQLite write-ahead log on a thread of its own (wal-checkpoint-worker.ts) once
 * the audit writer has paused for IDLE_MS. In a pause nothing commits while it copies, so it
 * leaves nothing behind and the next commit restarts the log from its start: a server with pauses
 * never checkpoints on a commit's path. Under steady load it never pauses; the writer's own
 * checkpoint at WAL_BACKSTOP_PAGES does it then. (Checkpointing here while commits go on was
 * measured: the copy's and the commits' fsyncs contend, and the p99 was worse than the backstop's.)
 *
 * The thread starts with the first checkpoint, so a store that has written little holds none.
 * It is no part of durability (the commits are durable in the log): if it fails, it is not
 * restarted, and the backstop keeps the log bounded.
 */
export class WalCheckpointer {
  readonly #settings: CheckpointerSettings;
  readonly #script: URL;
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #pause: NodeJS.Timeout | undefined;
  #commits = 0;
  #running = false;
  #failed = false;
  #closed = false;
  #runs = 0;

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
    if (this.#failed || this.#closed) return;
    if (this.#pause === undefined) {
      this.#pause = setTimeout(() => this.#paused(), IDLE_MS);
      // Never holds the process open: what is left in the log is checkpointed by the last connection to close.
      this.#pause.unref();
    } else {
      this.#pause.refresh();
    }
  }

  #paused(): void {
    if (this.#running || this.#failed || this.#closed || this.#commits < MIN_COMMITS) return;
    this.#commits = 0;
    this.#running = true;
    this.#thread().postMessage({ type: "checkpoint" } satisfies ToCheckpointer);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#pause);
    if (this.#worker === undefined) return;
    if (!this.#failed) {
      this.#worker.ref();
      this.#worker.postMessage({ type: "close" } satisfies ToCheckpointer);
    }
    await this.#exited;
  }

  #thread(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(this.#script, { workerData: this.#settings });
    worker.unref();
    worker.on("message", () => {
      this.#running = false;
      this.#runs++;
    });
    const fail = (): void => {
      this.#failed = true;
      this.#running = false;
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
