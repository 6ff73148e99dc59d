import cluster from "node:cluster";
import type { Worker } from "node:cluster";
import { deliver } from "../compose/peers.js";
import type { PeerMessage, Peers } from "../compose/peers.js";
import { isFault } from "../kernel/index.js";
import type { Exposition } from "../http/metrics/index.js";
import { holdNodeQuotas, primaryQuotaTransport } from "./cluster-quotas.js";
import { workerPlan } from "./worker-count.js";
import { collectStartUpGarbage } from "./start-up-garbage.js";
import { stopRequested } from "./stop-signal.js";
import type { WorkerRequest } from "./worker-count.js";
import type { RunningPlinth, StartOptions } from "../main.js";

/** What a worker tells the primary once it listens: the banner's facts (no secret among them). */
export type Banner = Omit<RunningPlinth, "close">;

/** The messages between the primary and its workers; anything else on the channel is not ours. */
type Envelope =
  | { readonly plinth: "ready"; readonly banner: Banner }
  | { readonly plinth: "failed" }
  | { readonly plinth: "peer"; readonly message: PeerMessage };

const INDEX_VARIABLE = "PLINTH_WORKER_INDEX";
const COUNT_VARIABLE = "PLINTH_WORKER_COUNT";
/**
 * A worker that dies is started again at once the first time; one that then cannot start, or
 * dies again before it has served for HEALTHY_MS, waits a pause that doubles each time up to
 * MAX_PAUSE_MS. A fixed pause of a second made a broken configuration (edited after the node
 * started, a secret gone) a loop of whole plinth starts for ever, each taking a core from the
 * workers still serving.
 */
const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;
const HEALTHY_MS = 30_000;

/** The pause before the next start of a worker that has failed `failures` times in a row. */
export function restartPause(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(failures - 1, 16));
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === "object" && value !== null && ["ready", "failed", "peer"].includes((value as Envelope).plinth);
}

/**
 * `plinth start --workers N` in the primary: N worker processes share the listeners (node's
 * cluster hands each accepted connection to one of them, round robin) and one data directory.
 * The first worker starts alone: it does what a first start does once (the root key, the schema
 * migrations, the administrator and its credentials file, the generated CA, the audit signing
 * key), so the others, started after it listens, only read them. The primary opens nothing of
 * plinth's itself; it prints the banner once, relays IAM changes between workers, and starts a
 * worker again when one dies (the others and their requests in flight are not touched).
 */
export async function runPrimary(request: WorkerRequest, banner: (info: Banner) => string[]): Promise<number> {
  let count = request.count;
  const slots = new Map<number, Worker>();
  let stopping = false;
  holdNodeQuotas();
  cluster.on("message", (from, message: unknown) => {
    if (!isEnvelope(message) || message.plinth !== "peer") return;
    for (const worker of slots.values()) if (worker !== from && worker.isConnected()) worker.send(message);
  });

  // Per worker number: failures in a row (deaths before HEALTHY_MS count too).
  const failures = new Map<number, number>();
  // Pauses under way, ended at once by a stop (a 30 s timer must not hold the primary).
  const pauses = new Set<() => void>();
  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    const done = (): void => { clearTimeout(timer); pauses.delete(done); resolve(); };
    const timer = setTimeout(done, ms);
    pauses.add(done);
  });
  const watch = (index: number, worker: Worker): void => {
    const startedAt = Date.now();
    worker.once("exit", (code, signal) => {
      if (slots.get(index) === worker) slots.delete(index);
      if (stopping) return;
      const failed = Date.now() - startedAt < HEALTHY_MS ? (failures.get(index) ?? 0) + 1 : 0;
      failures.set(index, failed);
      const wait = failed > 1 ? restartPause(failed - 1) : 0;
      process.stderr.write(`plinth: worker ${index} (pid ${worker.process.pid}) ended (${signal ?? `exit ${code}`}); ` +
        (wait === 0 ? "starting another\n" : `it ran under ${HEALTHY_MS / 1000} s (${failed} times in a row); starting another in ${wait / 1000} s\n`));
      void restart(index, wait);
    });
  };
  const restart = async (index: number, wait: number): Promise<void> => {
    if (wait > 0) await pause(wait);
    while (!stopping) {
      try {
        const { worker } = await forkReady(index, count, slots);
        watch(index, worker);
        process.stderr.write(`plinth: worker ${index} restarted (pid ${worker.process.pid})\n`);
        return;
      } catch {
        if (stopping) return;
        const failed = (failures.get(index) ?? 0) + 1;
        failures.set(index, failed);
        const next = restartPause(failed);
        process.stderr.write(`plinth: worker ${index} could not start (${failed} times in a row); trying again in ${next / 1000} s\n`);
        await pause(next);
      }
    }
  };

  let info: Banner;
  let exposition: Exposition | undefined;
  let note: string | undefined;
  try {
    const first = await forkReady(1, count, slots);
    info = first.banner;
    watch(1, first.worker);
    // Only the first worker knows whether local models are served (it found them).
    ({ count, note } = workerPlan(request, info.localModelCount));
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => forkReady(i + 2, count, slots)));
    rest.forEach(({ worker }, i) => watch(i + 2, worker));
    if (info.metricsListen) {
      // The workers count; the primary alone listens, so every scrape adds up all of them.
      const { startNodeExposition } = await import("./cluster-metrics.js");
      exposition = await startNodeExposition(info.metricsListen.host, info.metricsListen.port);
      const { metricsListen: _, ...rest } = info;
      info = { ...rest, metricsUrl: exposition.url };
    }
  } catch (error) {
    // The worker said why on its stderr (ours); the ones already up are stopped with it.
    stopping = true;
    await stopAll(slots);
    // A worker that could not start said why, in one line, and ended with 1: one start, one reason.
    if (!(error instanceof WorkerEnded && error.said)) process.stderr.write(`plinth: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const pids = [...slots.entries()].sort(([a], [b]) => a - b).map(([, w]) => w.process.pid);
  const processes = count === 1 ? `1 process (pid ${pids.join(", ")}` : `${count} processes sharing the listeners (pids ${pids.join(", ")}`;
  process.stderr.write([...banner(info), `workers: ${processes}; primary ${process.pid})`, ...(note ? [note] : [])].join("\n") + "\n");

  const signal = await stopRequested();
  stopping = true;
  for (const end of [...pauses]) end();
  process.stderr.write(`plinth: stopping (${signal}): finishing the requests in flight\n`);
  await exposition?.close();
  await stopAll(slots);
  process.stderr.write("plinth stopped\n");
  return 0;
}

/** A worker ended before it listened; `said`: it wrote why on stderr (runWorker's "cannot start"). */
class WorkerEnded extends Error {
  constructor(message: string, readonly said: boolean) {
    super(message);
  }
}

/** Starts worker `index` and waits until it listens; rejects if it ends first. */
function forkReady(index: number, count: number, slots: Map<number, Worker>): Promise<{ worker: Worker; banner: Banner }> {
  const worker = cluster.fork({ [INDEX_VARIABLE]: String(index), [COUNT_VARIABLE]: String(count) });
  slots.set(index, worker);
  return new Promise((resolve, reject) => {
    let said = false;
    const onExit = (code: number | null, signal: string | null): void => {
      if (slots.get(index) === worker) slots.delete(index);
      reject(new WorkerEnded(`worker ${index} ended before it listened (${signal ?? `exit ${code}`})`, said));
    };
    worker.once("exit", onExit);
    worker.on("message", (message: unknown) => {
      if (isEnvelope(message) && message.plinth === "failed") said = true;
      if (!isEnvelope(message) || message.plinth !== "ready") return;
      worker.off("exit", onExit);
      resolve({ worker, banner: message.banner });
    });
  });
}

async function stopAll(slots: Map<number, Worker>): Promise<void> {
  const workers = [...slots.values()];
  await Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
    if (worker.process.exitCode !== null || worker.process.signalCode !== null) return resolve();
    worker.once("exit", () => resolve());
    worker.process.kill("SIGTERM");
  })));
}

/** Whether this process is a worker started by runPrimary. */
export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/**
 * A worker: plinth as one process would run it, with its own audit node and the other workers as
 * peers; quiet on stderr (the primary prints the banner once) except for why it could not start.
 */
export async function runWorker(options: Omit<StartOptions, "worker">): Promise<number> {
  const index = Number(options.env[INDEX_VARIABLE]);
  // Here, not at the top: `plinth start` in one process never loads prom-client (cluster-metrics.ts).
  (await import("./cluster-metrics.js")).answerMetricsRequests();
  let running: RunningPlinth;
  try {
    const quotas = { transport: primaryQuotaTransport(), workers: Number(options.env[COUNT_VARIABLE]) };
    // Loaded here, not at the top: the primary (this module too) never needs the server.
    const { startPlinth } = await import("../main.js");
    running = await startPlinth({ ...options, worker: { index, peers: processPeers(), quotas } });
  } catch (error) {
    const message = isFault(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`plinth: cannot start: ${message}\n`);
    // The primary then says nothing more: one start, one reason.
    await new Promise<void>((resolve) => process.send!({ plinth: "failed" } satisfies Envelope, () => resolve()));
    process.disconnect();
    return 1;
  }
  await collectStartUpGarbage(); // what start-up needed is not kept while idle (start-up-garbage.ts)
  const { close, ...banner } = running;
  process.send!({ plinth: "ready", banner } satisfies Envelope);
  await stopRequested();
  await close();
  // The channel to the primary would keep this process alive.
  process.disconnect();
  return 0;
}

/** The other workers, through the primary: it sends each worker's messages to all the others. */
function processPeers(): Peers {
  // One listener for all the handlers, each isolated (compose/peers.ts deliver): a throw in a
  // 'message' listener would skip the caches after it and end the worker.
  const handlers: Array<(message: PeerMessage) => void> = [];
  process.on("message", (message: unknown) => {
    if (!isEnvelope(message) || message.plinth !== "peer") return;
    deliver(handlers, message.message, (error) => process.stderr.write(
      `plinth: a change relayed from another worker could not be applied to a cache here (${error instanceof Error ? error.name : typeof error}); it applies when that cache expires\n`));
  });
  return {
    publish: (message) => { if (process.connected) process.send!({ plinth: "peer", message } satisfies Envelope); },
    subscribe: (handler) => { handlers.push(handler); },
  };
}
