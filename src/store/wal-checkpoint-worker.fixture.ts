import { parentPort } from "node:worker_threads";

/** A stand-in for wal-checkpoint-worker.ts whose first checkpoint throws, as a driver fault that escapes would. */
parentPort!.on("message", () => {
  throw new Error("SQLITE_IOERR: disk I/O error");
});
