import { runLoad } from "./load.js";
import type { LoadResult } from "./load.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { round } from "./processes.js";
import { converseBody, signConverse } from "./sign.js";

/**
 * What the audit trail adds to a Converse call, measured as pairs: two servers up at once, the
 * same but for PLINTH_BENCH_AUDIT_OFF, loaded in turn (on/off, then off/on the next round) at 16
 * connections and at 1. Each figure is the median over rounds of the difference (or ratio)
 * within a round, so a neighbour's load that comes and goes between rounds moves both sides of a
 * pair instead of one scenario. Also the group-commit batches the audited server formed.
 */
export interface AuditPair {
  readonly rounds: number;
  readonly addedP50Ms1: number;
  readonly addedP99Ms1: number;
  readonly addedP50Ms16: number;
  readonly rpsRatio16: number;
  readonly cpuRatio16: number;
  /** Server CPU ms per request the journal adds, at 16 connections. */
  readonly addedCpuMsPerRequest16: number;
  /** Batches the audited server committed, from the count it logs when it stops. */
  readonly serverBatches: { readonly batches: number; readonly events: number; readonly meanBatch: number } | undefined;
  readonly runs: readonly { readonly round: number; readonly connections: number; readonly on: LoadResult; readonly off: LoadResult }[];
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runAuditPair(o: {
  upstream: string; upstreamPid: number; durationSeconds: number; warmupSeconds: number; rounds: number;
  progress: (text: string) => void; problems: string[];
}): Promise<AuditPair> {
  const servers: Plinth[] = [];
  try {
    const on = await startPlinth({ upstream: o.upstream, logLevel: "info", auditOff: false });
    servers.push(on);
    const off = await startPlinth({ upstream: o.upstream, logLevel: "info", auditOff: true });
    servers.push(off);
    if (await on.auditDisabled() || !(await off.auditDisabled())) o.problems.push("audit pair: the servers' logs do not show exactly one with its audit journal off");
    await new Promise((r) => setTimeout(r, 1000));
    const target = async (p: Plinth) => ({ url: p.url, tlsCa: p.ca, ...await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() }) });
    const targets = { on: await target(on), off: await target(off) };
    const load = async (which: "on" | "off", connections: number): Promise<LoadResult> => {
      const p = which === "on" ? on : off;
      const r = await runLoad({ ...targets[which], connections, durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds, pids: { plinth: p.pid, upstream: o.upstreamPid } });
      if (r.unexpected + r.errors > 0 || r.requests === 0) o.problems.push(`audit pair (${which}, ${connections} connections): ${r.requests} expected answers, ${r.unexpected} others, ${r.errors} errors`);
      return r;
    };
    const runs: AuditPair["runs"][number][] = [];
    for (let round = 0; round < o.rounds; round++) {
      for (const connections of [16, 1]) {
        o.progress(`audit on/off pair, round ${round + 1} of ${o.rounds}, ${connections} connection${connections === 1 ? "" : "s"}`);
        const first = round % 2 === 0 ? "on" : "off";
        const a = await load(first, connections);
        const b = await load(first === "on" ? "off" : "on", connections);
        runs.push({ round, connections, on: first === "on" ? a : b, off: first === "on" ? b : a });
      }
    }
    const at = (c: number) => runs.filter((r) => r.connections === c);
    const cpu = (r: LoadResult): number => r.cpuMsPer1kRequests["plinth"] ?? NaN;
    for (const s of servers.splice(0)) await s.stop();
    const batches = await on.auditBatches();
    return {
      rounds: o.rounds,
      addedP50Ms1: round(median(at(1).map((r) => r.on.latency.p50Ms - r.off.latency.p50Ms)), 3),
      addedP99Ms1: round(median(at(1).map((r) => r.on.latency.p99Ms - r.off.latency.p99Ms)), 3),
      addedP50Ms16: round(median(at(16).map((r) => r.on.latency.p50Ms - r.off.latency.p50Ms)), 3),
      rpsRatio16: round(median(at(16).map((r) => r.on.requestsPerSecond / r.off.requestsPerSecond)), 3),
      cpuRatio16: round(median(at(16).map((r) => cpu(r.on) / cpu(r.off))), 2),
      addedCpuMsPerRequest16: round(median(at(16).map((r) => (cpu(r.on) - cpu(r.off)) / 1000)), 3),
      serverBatches: batches === undefined ? undefined : { ...batches, meanBatch: round(batches.events / Math.max(1, batches.batches), 1) },
      runs,
    };
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
  }
}
