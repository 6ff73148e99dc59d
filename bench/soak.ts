import { runLoad } from "./load.js";
import type { LoadOptions } from "./load.js";
import { memoryOf, round } from "./processes.js";
import type { Soak } from "./report-features.js";

/** VmRSS of a process every `everyMs` until stopped: the samples in MiB with their times. */
export function sampleRss(pid: number, everyMs = 250): { stop(): { atMs: number; mib: number }[] } {
  const started = performance.now();
  const samples: { atMs: number; mib: number }[] = [];
  const timer = setInterval(() => {
    const atMs = performance.now() - started;
    memoryOf(pid).then((m) => samples.push({ atMs, mib: m.rssMiB }), () => undefined);
  }, everyMs);
  return { stop: () => { clearInterval(timer); return samples; } };
}

/** A signed request is made again this often during a soak (signatures are good for five minutes). */
const SEGMENT_SECONDS = 60;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const max = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), -Infinity);

/**
 * Issue 13's soak: the server loaded for `seconds` at `connections`, its RSS sampled throughout
 * and read when idle before and after. Growth is idle after ÷ idle before (both 2 s after a
 * load), with the loaded RSS of the soak's first and last tenths beside it.
 */
export async function runSoak(o: {
  pid: number; seconds: number; connections: number;
  /**
   * The request to send, made afresh for each segment of the soak: a SigV4 signature is good for
   * five minutes, after which one request replayed would be refused (403) for the rest of the soak.
   */
  target: () => Promise<Omit<LoadOptions, "connections" | "durationSeconds" | "warmupSeconds">>;
  idleBeforeMiB: number; problems: string[];
}): Promise<Soak> {
  const sampler = sampleRss(o.pid);
  let requests = 0;
  let seconds = 0;
  for (let left = o.seconds; left > 0; left -= SEGMENT_SECONDS) {
    const length = Math.min(SEGMENT_SECONDS, left);
    const r = await runLoad({ ...await o.target(), connections: o.connections, durationSeconds: length, warmupSeconds: 0.5 });
    if (r.unexpected + r.errors > 0 || r.requests === 0) o.problems.push(`soak: ${r.requests} expected answers, ${r.unexpected} others (${JSON.stringify(r.statusCodes)}), ${r.errors} errors`);
    requests += r.requests;
    seconds += length;
  }
  const r = { requests, requestsPerSecond: round(requests / seconds, 1) };
  const samples = sampler.stop();
  await sleep(2000);
  const idleAfterMiB = (await memoryOf(o.pid)).rssMiB;
  const total = samples.at(-1)?.atMs ?? 0;
  const start = max(samples.filter((s) => s.atMs <= total / 10).map((s) => s.mib));
  const end = max(samples.filter((s) => s.atMs >= (total * 9) / 10).map((s) => s.mib));
  return {
    seconds: o.seconds, connections: o.connections, requests: r.requests, requestsPerSecond: r.requestsPerSecond,
    idleBeforeMiB: o.idleBeforeMiB, idleAfterMiB,
    underLoadStartMiB: start, underLoadEndMiB: end,
    idleGrowthPercent: round(((idleAfterMiB - o.idleBeforeMiB) / o.idleBeforeMiB) * 100, 1),
    underLoadGrowthPercent: round(((end - start) / start) * 100, 1),
  };
}
