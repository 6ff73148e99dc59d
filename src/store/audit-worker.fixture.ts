import { parentPort, workerData } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./audit-worker-protocol.js";

/**
 * A stand-in for audit-worker.ts that misbehaves as `workerData.behaviour` says, so the tests can
 * watch the main side fail closed: "crash" throws on the first batch (as a driver fault that
 * escapes would), "exit" ends the thread quietly with the batch unanswered.
 */
const { behaviour } = workerData as { behaviour: "crash" | "exit" };
parentPort!.postMessage({ type: "ready", synchronous: 2 } satisfies FromWorker);
parentPort!.on("message", (m: ToWorker) => {
  if (m.type === "close") return parentPort!.close();
  if (behaviour === "crash") throw new Error("SQLITE_IOERR: disk I/O error quoting a row value");
  process.exit(0);
});
