import { availableParallelism } from "node:os";
import { runLoad } from "./load.js";
import type { LoadResult } from "./load.js";
import { MODEL_ID } from "./plinth.js";
import { cpuSecondsOf, round, startUpstreamChild } from "./processes.js";
import { converseBody, signConverse } from "./sign.js";
import { nodesUnavailable, NODE_MODEL, startNodes } from "../test/e2e/netns-nodes.js";
import { TEST_DATABASE_URL } from "../test/support/postgres.js";

/**
 * Req/s through HAProxy with N plinth nodes ÷ with one, each node `--workers 1` in a network
 * namespace of its own, sharing PostgreSQL (test/e2e/netns-nodes.ts sets it up as the
 * several-nodes test does). Both runs go through the balancer, so the ratio is the nodes' alone.
 * Everything shares this machine's cores: the nodes, PostgreSQL, HAProxy, each node's instant
 * upstream and this load generator; the cores each used are reported beside the ratio.
 */
export interface NodesPair {
  readonly nodes: number;
  readonly one: LoadResult;
  readonly all: LoadResult;
  /** req/s with N nodes ÷ req/s with one, 16 connections through the balancer. */
  readonly rpsRatio16: number;
  readonly coresUsed: { readonly one: Record<string, number>; readonly all: Record<string, number> };
  readonly machineCores: number;
}

export interface NodesPairOptions {
  readonly nodes: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Unmeasured load before each measured run, per node: each compiles with its own JIT from 1/N of the traffic (as bench/workers.ts). */
  readonly jitWarmupSeconds: number;
  readonly progress: (text: string) => void;
  readonly problems: string[];
}

export async function runNodesPair(o: NodesPairOptions): Promise<NodesPair> {
  const unavailable = await nodesUnavailable();
  if (unavailable) throw new Error(unavailable);
  if (MODEL_ID !== NODE_MODEL) throw new Error("the bench and the node harness disagree on the model id");
  const results: LoadResult[] = [];
  const cores: Array<Record<string, number>> = [];
  for (const count of [1, o.nodes]) {
    o.progress(`${count} node(s) behind HAProxy, 16 connections`);
    const upstreams: { pid: number }[] = [];
    const cluster = await startNodes({
      count, databaseUrl: TEST_DATABASE_URL,
      upstream: async (host) => {
        const child = await startUpstreamChild(host);
        upstreams.push(child);
        return { baseUrl: `${child.url}/v1`, pid: child.pid, close: () => child.stop() };
      },
    });
    try {
      const signed = await signConverse({ url: cluster.url, region: cluster.region, credentials: cluster.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
      const load = { url: cluster.url, ...signed, tlsCa: cluster.ca, connections: 16 };
      // A first run opens the nodes' database connections, so the server processes behind them
      // can be charged to the measured run (PostgreSQL is on these cores too).
      await runLoad({ ...load, durationSeconds: 1, warmupSeconds: 1, pids: {} });
      const pids: Record<string, number> = { haproxy: cluster.haproxyPid, client: process.pid };
      cluster.nodes.forEach((n, i) => { pids[n.name] = n.pid; pids[`upstream${i + 1}`] = upstreams[i]!.pid; });
      // PostgreSQL's processes come and go with the pools' idle connections, so they are read
      // around the whole load run (warm-up included), keeping those alive at both ends.
      if (o.jitWarmupSeconds > 0) {
        o.progress(`${count} node(s): ${o.jitWarmupSeconds * count} s of unmeasured load for the JIT to settle (${o.jitWarmupSeconds} s per node)`);
        await runLoad({ ...load, durationSeconds: o.jitWarmupSeconds * count, warmupSeconds: 1, pids: {} });
      }
      const backends = await cluster.postgresBackends();
      const pgBefore = await cpuOfLiving(backends);
      const startedAt = performance.now();
      const r = await runLoad({ ...load, durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds, pids });
      const elapsed = (performance.now() - startedAt) / 1000;
      const pgAfter = await cpuOfLiving(backends);
      if (r.unexpected > 0 || r.errors > 0) o.problems.push(`${count} node(s): ${r.unexpected} unexpected answers (${JSON.stringify(r.statusCodes)}), ${r.errors} connection errors or timeouts`);
      results.push(r);
      // ms per 1000 answers × answers per second = CPU ms per second, / 1000 = cores.
      const used = Object.fromEntries(Object.entries(r.cpuMsPer1kRequests).map(([k, ms]) => [k, round((ms * r.requestsPerSecond) / 1_000_000, 2)]));
      // The nodes together and the upstreams together, beside each one.
      used["nodes"] = round(cluster.nodes.reduce((s, n) => s + (used[n.name] ?? 0), 0), 2);
      used["upstreams"] = round(cluster.nodes.reduce((s, _n, i) => s + (used[`upstream${i + 1}`] ?? 0), 0), 2);
      used["postgres"] = round([...pgAfter].reduce((s, [pid, after]) => s + after - (pgBefore.get(pid) ?? after), 0) / elapsed, 2);
      cores.push(used);
    } finally {
      await cluster.stop();
    }
  }
  const [one, all] = results as [LoadResult, LoadResult];
  return { nodes: o.nodes, one, all, rpsRatio16: round(all.requestsPerSecond / Math.max(1, one.requestsPerSecond), 3), coresUsed: { one: cores[0]!, all: cores[1]! }, machineCores: availableParallelism() };
}

export function renderNodes(p: NodesPair): string {
  const summary = (c: Record<string, number>): string =>
    ["nodes", "postgres", "haproxy", "upstreams", "client"].map((k) => `${k} ${c[k] ?? 0}`).join(", ");
  const line = (name: string, r: LoadResult, c: Record<string, number>): string =>
    `  ${name.padEnd(9)} ${String(r.requestsPerSecond).padStart(7)} req/s  p50 ${r.latency.p50Ms} ms  p99 ${r.latency.p99Ms} ms  cores: ${summary(c)}; other load ${r.otherLoadCores} (PostgreSQL's share included)`;
  return [
    `nodes (Converse over TLS through HAProxy in TCP mode, 16 connections; ${p.machineCores} cores shared by the nodes, PostgreSQL, HAProxy, the upstreams and the load generator):`,
    line("1 node", p.one, p.coresUsed.one),
    line(`${p.nodes} nodes`, p.all, p.coresUsed.all),
    `  ${p.nodes} nodes ÷ one node: ${p.rpsRatio16}`,
  ].join("\n");
}

/** CPU seconds of each process in `pids` still running. */
async function cpuOfLiving(pids: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const pid of pids) {
    const seconds = await cpuSecondsOf(pid).catch(() => undefined);
    if (seconds !== undefined) found.set(pid, seconds);
  }
  return found;
}
