import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

/**
 * Loaded into a plinth under test with `--import` (bench/alloc.ts): on SIGUSR2 it starts V8's
 * sampling heap profiler, keeping the samples of objects already collected (so the profile is of
 * everything allocated, not of what survived); on SIGTERM it writes the profile to
 * $PLINTH_HEAP_PROBE_DIR/heap-<pid>.json and exits.
 */
const session = new Session();
session.connect();
process.on("SIGUSR2", () => {
  session.post("HeapProfiler.enable", () => session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
  } as object));
});
process.on("SIGTERM", () => {
  session.post("HeapProfiler.stopSampling", (error, result) => {
    const dir = process.env["PLINTH_HEAP_PROBE_DIR"] ?? ".";
    writeFileSync(`${dir}/heap-${process.pid}.json`, JSON.stringify(error ? { error: error.message } : result.profile));
    process.exit(0);
  });
});
