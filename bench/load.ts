import autocannon from "autocannon";
import type { Options } from "autocannon";
import { cpuSecondsOf, machineCpuSeconds, round } from "./processes.js";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";

/**
 * One load scenario with autocannon: a warm-up run whose figures are dropped, then the measured
 * run. Latency comes from autocannon's per-response event (hrtime, in fractional ms) rather than
 * its histogram, which records whole milliseconds and cannot show a sub-millisecond difference.
 */
export interface LoadOptions {
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** The status every answer must have (diagnostic scenarios expect errors); default any 2xx. */
  readonly expectStatus?: number;
  /** Processes whose CPU time is charged to this scenario (the server, any proxy, the upstream). */
  readonly pids: Readonly<Record<string, number>>;
  readonly tlsCa?: string;
}

export interface LoadResult {
  readonly connections: number;
  readonly seconds: number;
  /** Answers with the expected status in the measured run. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latency: Summary;
  /** Answers in the warm-up run (any status). */
  readonly warmupAnswers: number;
  /** Answers with another status, in the warm-up and the measured run together. */
  readonly unexpected: number;
  /** Connection errors and timeouts, warm-up included. */
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  /** CPU milliseconds each process spent per 1000 expected answers in the measured run. */
  readonly cpuMsPer1kRequests: Record<string, number>;
  /**
   * CPU (in cores, averaged over the measured run) used by processes outside this benchmark:
   * on a shared machine it says how far the throughput and latency of this line can be trusted.
   */
  readonly otherLoadCores: number;
}

interface Counted { seconds: number; errors: number; codes: Record<string, number>; latencies: number[] }

function once(options: Options, expected: (status: number) => boolean): Promise<Counted> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const codes: Record<string, number> = {};
    const instance = autocannon(options, (error, r) => (error ? reject(error) : resolve({ seconds: r.duration, errors: r.errors, codes, latencies })));
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      codes[status] = (codes[status] ?? 0) + 1;
      if (expected(status)) latencies.push(ms);
    });
  });
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const base: Options = {
    url: o.url + o.path,
    method: o.method ?? "POST",
    headers: o.headers,
    ...(o.body !== undefined ? { body: o.body } : {}),
    connections: o.connections,
    pipelining: 1,
    timeout: 10,
    // autocannon forces rejectUnauthorized: false; the CA is passed anyway for completeness.
    ...(o.tlsCa ? { tlsOptions: { ca: o.tlsCa } } : {}),
  };
  const expected = (status: number): boolean => (o.expectStatus === undefined ? status >= 200 && status < 300 : status === o.expectStatus);
  const warm = await once({ ...base, duration: o.warmupSeconds }, expected);
  const cpuBefore = await cpuOf(o.pids);
  const machineBefore = await machineCpuSeconds();
  const startedAt = performance.now();
  const r = await once({ ...base, duration: o.durationSeconds }, expected);
  const cpuAfter = await cpuOf(o.pids);
  const machineAfter = await machineCpuSeconds();
  const elapsed = (performance.now() - startedAt) / 1000;
  const ours = Object.keys(o.pids).reduce((s, k) => s + cpuAfter[k]! - cpuBefore[k]!, 0);
  const ok = r.latencies.length;
  const all = (c: Counted): number => Object.values(c.codes).reduce((s, n) => s + n, 0);
  return {
    connections: o.connections,
    seconds: r.seconds,
    requests: ok,
    requestsPerSecond: round(ok / r.seconds, 0),
    latency: summarize(r.latencies),
    warmupAnswers: all(warm),
    unexpected: all(warm) - warm.latencies.length + all(r) - ok,
    errors: warm.errors + r.errors,
    statusCodes: r.codes,
    cpuMsPer1kRequests: Object.fromEntries(Object.keys(o.pids).map((k) => [k, round(((cpuAfter[k]! - cpuBefore[k]!) * 1000 * 1000) / Math.max(1, ok), 1)])),
    otherLoadCores: round(Math.max(0, machineAfter - machineBefore - ours) / elapsed, 2),
  };
}

async function cpuOf(pids: Readonly<Record<string, number>>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) out[name] = await cpuSecondsOf(pid);
  return out;
}
