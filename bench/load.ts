import autocannon from "autocannon";
import type { Options, Result } from "autocannon";
import { cpuSecondsOf, round } from "./processes.js";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";

/**
 * One load scenario with autocannon: a warm-up run whose figures are dropped, then the measured
 * run. Latency comes from autocannon's per-response event (hrtime, in fractional ms) rather than
 * its histogram, which records whole milliseconds and cannot show a sub-millisecond difference.
 */
export interface LoadOptions {
  readonly url: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Processes whose CPU time is charged to this scenario (the server, any proxy, the upstream). */
  readonly pids: Readonly<Record<string, number>>;
  readonly tlsCa?: string;
}

export interface LoadResult {
  readonly connections: number;
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latency: Summary;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** CPU milliseconds each process spent per 1000 answered requests in the measured run. */
  readonly cpuMsPer1kRequests: Record<string, number>;
}

function once(options: Options, onLatency?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onLatency) {
      instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
        if (status >= 200 && status < 300) onLatency(ms);
      });
    }
  });
}

export async function runLoad(o: LoadOptions): Promise<{ result: LoadResult; warmup: { non2xx: number; errors: number } }> {
  const base: Options = {
    url: o.url + o.path,
    method: "POST",
    headers: o.headers,
    body: o.body,
    connections: o.connections,
    pipelining: 1,
    timeout: 10,
    // autocannon forces rejectUnauthorized: false; the CA is passed anyway for completeness.
    ...(o.tlsCa ? { tlsOptions: { ca: o.tlsCa } } : {}),
  };
  const warm = await once({ ...base, duration: o.warmupSeconds });
  const cpuBefore = await cpuOf(o.pids);
  const samples: number[] = [];
  const r = await once({ ...base, duration: o.durationSeconds }, (ms) => samples.push(ms));
  const cpuAfter = await cpuOf(o.pids);
  const ok = r["2xx"];
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    warmup: { non2xx: warm.non2xx, errors: warm.errors },
    result: {
      connections: o.connections,
      seconds: r.duration,
      requests: ok,
      requestsPerSecond: round(ok / r.duration, 0),
      latency: summarize(samples),
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes,
      cpuMsPer1kRequests: Object.fromEntries(Object.keys(o.pids).map((k) => [k, round(((cpuAfter[k]! - cpuBefore[k]!) * 1000 * 1000) / Math.max(1, ok), 1)])),
    },
  };
}

async function cpuOf(pids: Readonly<Record<string, number>>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) out[name] = await cpuSecondsOf(pid);
  return out;
}
