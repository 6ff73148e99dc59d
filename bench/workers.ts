import { availableParallelism } from "node:os";
import { runLoad } from "./load.js";
import type { LoadResult } from "./load.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import { round } from "./processes.js";
import { converseBody, signConverse } from "./sign.js";

export interface WorkersPair {
  readonly workers: number;
  readonly one: LoadResult;
  readonly all: LoadResult;
  /** req/s with every worker ÷ req/s with one, 16 connections. */
  readonly rpsRatio16: number;
  /** CPU (cores, averaged) each run used: plinth's processes, the upstream, this load generator. */
  readonly coresUsed: { readonly one: Record<string, number>; readonly all: Record<string, number> };
  readonly machineCores: number;
}

export interface WorkersPairOptions {
  readonly upstream: string;
  readonly upstreamPid: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /**
   * Unmeasured load before each measured run, per worker: every worker compiles the same code
   * with its own JIT from half (1/N) the traffic, so without it `--workers N` was measured colder
   * than `--workers 1` (at 1 s of warm-up, 2 workers served 490 req/s at 4 connections; after 20 s,
   * 833–863; one worker 857–893 and 1,167–1,243).
   */
  readonly jitWarmupSeconds: number;
  readonly progress: (text: string) => void;
  readonly problems: string[];
}

/**
 * The same signed Converse at 16 connections against `--workers 1` and then `--workers N` (N the
 * cores this process may use), one after the other on the same machine. The load generator (this
 * process) and the upstream run on the same cores as plinth, so the ratio is bounded by what they
 * leave: the cores each used are reported beside it. Each is warmed first, as the main scenarios
 * are, for `jitWarmupSeconds` per worker.
 */
export async function runWorkersPair(o: WorkersPairOptions): Promise<WorkersPair> {
  const workers = availableParallelism();
  const results: LoadResult[] = [];
  const cores: Array<Record<string, number>> = [];
  for (const count of [1, workers]) {
    o.progress(`plinth --workers ${count}, 16 connections`);
    const p = await startPlinth({ upstream: o.upstream, logLevel: "info", workers: count });
    try {
      const signed = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
      const pids: Record<string, number> = { plinth: p.pid, upstream: o.upstreamPid, client: process.pid };
      p.workerPids.forEach((pid, i) => { pids[`worker${i + 1}`] = pid; });
      if (o.jitWarmupSeconds > 0) {
        o.progress(`plinth --workers ${count}: ${o.jitWarmupSeconds * count} s of unmeasured load for the JIT to settle (${o.jitWarmupSeconds} s per worker)`);
        await runLoad({ url: p.url, ...signed, tlsCa: p.ca, connections: 16, durationSeconds: o.jitWarmupSeconds * count, warmupSeconds: 1, pids });
      }
      const r = await runLoad({ url: p.url, ...signed, tlsCa: p.ca, connections: 16, durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds, pids });
      if (r.unexpected > 0 || r.errors > 0) o.problems.push(`--workers ${count}: ${r.unexpected} unexpected answers (${JSON.stringify(r.statusCodes)}), ${r.errors} connection errors or timeouts`);
      results.push(r);
      // ms per 1000 answers × answers per second = CPU ms per second, / 1000 = cores.
      cores.push(Object.fromEntries(Object.entries(r.cpuMsPer1kRequests).map(([k, ms]) => [k, round((ms * r.requestsPerSecond) / 1_000_000, 2)])));
    } finally {
      await p.stop();
    }
  }
  const [one, all] = results as [LoadResult, LoadResult];
  return { workers, one, all, rpsRatio16: round(all.requestsPerSecond / Math.max(1, one.requestsPerSecond), 3), coresUsed: { one: cores[0]!, all: cores[1]! }, machineCores: workers };
}

export function renderWorkers(w: WorkersPair): string {
  const line = (name: string, r: LoadResult, c: Record<string, number>): string =>
    `  ${name.padEnd(12)} ${String(r.requestsPerSecond).padStart(7)} req/s  p50 ${r.latency.p50Ms} ms  p99 ${r.latency.p99Ms} ms  cores: ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(", ")}; other load ${r.otherLoadCores}`;
  return [
    `workers (Converse over TLS, 16 connections; ${w.machineCores} cores shared with the load generator and the upstream):`,
    line("--workers 1", w.one, w.coresUsed.one),
    line(`--workers ${w.workers}`, w.all, w.coresUsed.all),
    `  all workers ÷ one worker: ${w.rpsRatio16}`,
  ].join("\n");
}
