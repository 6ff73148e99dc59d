import { runLoad } from "./load.js";
import type { LoadOptions, LoadResult } from "./load.js";
import { round } from "./processes.js";

/**
 * Interleaved A/B rounds on servers already up: each round loads every variant in turn, the
 * order reversed on alternate rounds, so a neighbour's load that comes and goes between rounds
 * moves every side of a comparison instead of one. Figures are medians over rounds of the
 * within-round difference (or ratio) against the first variant, the baseline. A variant may
 * switch something on the server before each of its runs (`before`), which keeps both sides on
 * one process with one heap. bench/audit-ab.ts does the same for two servers.
 */
export interface Variant {
  readonly name: string;
  readonly target: Omit<LoadOptions, "connections" | "durationSeconds" | "warmupSeconds">;
  readonly before?: () => Promise<void>;
}

export interface Comparison {
  readonly variant: string;
  readonly connections: number;
  readonly addedP50Ms: number;
  readonly addedP99Ms: number;
  readonly rpsRatio: number;
  /** Server CPU per request, variant ÷ baseline (from /proc, steadier than latency on a shared machine). */
  readonly cpuRatio: number;
  readonly addedCpuMsPerRequest: number;
  /** Answers with another status over every run of the variant (only where `tolerated`). */
  readonly others: number;
}

export interface PairedRuns {
  readonly baseline: string;
  readonly rounds: number;
  readonly comparisons: readonly Comparison[];
  readonly runs: readonly { readonly round: number; readonly connections: number; readonly results: Readonly<Record<string, LoadResult>> }[];
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runInterleaved(o: {
  label: string; variants: readonly Variant[]; connections: readonly number[]; rounds: number; durationSeconds: number; warmupSeconds: number;
  serverKey: string; progress: (text: string) => void; problems: string[];
  /** Variants whose other answers are counted (a figure) rather than failing the run: latency is then of the expected answers only. */
  tolerated?: readonly string[];
}): Promise<PairedRuns> {
  const runs: PairedRuns["runs"][number][] = [];
  for (let r = 0; r < o.rounds; r++) {
    for (const connections of o.connections) {
      o.progress(`${o.label}, round ${r + 1} of ${o.rounds}, ${connections} connection${connections === 1 ? "" : "s"}`);
      const order = r % 2 === 0 ? o.variants : [...o.variants].reverse();
      const results: Record<string, LoadResult> = {};
      for (const v of order) {
        await v.before?.();
        const res = await runLoad({ ...v.target, connections, durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds });
        const others = o.tolerated?.includes(v.name) ? 0 : res.unexpected;
        if (others + res.errors > 0 || res.requests === 0) {
          o.problems.push(`${o.label} (${v.name}, ${connections} connections): ${res.requests} expected answers, ${res.unexpected} others (${JSON.stringify(res.statusCodes)}), ${res.errors} errors`);
        }
        results[v.name] = res;
      }
      runs.push({ round: r, connections, results });
    }
  }
  const base = o.variants[0]!.name;
  const cpu = (res: LoadResult): number => res.cpuMsPer1kRequests[o.serverKey] ?? NaN;
  const comparisons = o.variants.slice(1).flatMap((v) => o.connections.map((connections): Comparison => {
    const at = runs.filter((x) => x.connections === connections).map((x) => ({ a: x.results[v.name]!, b: x.results[base]! }));
    return {
      variant: v.name, connections,
      addedP50Ms: round(median(at.map(({ a, b }) => a.latency.p50Ms - b.latency.p50Ms)), 3),
      addedP99Ms: round(median(at.map(({ a, b }) => a.latency.p99Ms - b.latency.p99Ms)), 3),
      rpsRatio: round(median(at.map(({ a, b }) => a.requestsPerSecond / b.requestsPerSecond)), 3),
      cpuRatio: round(median(at.map(({ a, b }) => cpu(a) / cpu(b))), 2),
      addedCpuMsPerRequest: round(median(at.map(({ a, b }) => (cpu(a) - cpu(b)) / 1000)), 3),
      others: at.reduce((s, { a }) => s + a.unexpected, 0),
    };
  }));
  return { baseline: base, rounds: o.rounds, comparisons, runs };
}

/** The comparison of one variant at one connection count (present by construction). */
export function comparisonOf(p: PairedRuns, variant: string, connections: number): Comparison {
  const c = p.comparisons.find((x) => x.variant === variant && x.connections === connections);
  if (!c) throw new Error(`no comparison for ${variant} at ${connections} connections`);
  return c;
}
