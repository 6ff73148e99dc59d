import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runLoad } from "./load.js";
import type { LoadResult } from "./load.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { round, startTlsFloorChild, startUpstreamChild } from "./processes.js";
import type { Child } from "./processes.js";
import { converseBody, signConverse } from "./sign.js";
import { CHAT_PATH, chatBody } from "./upstream.js";

/**
 * CPU per request of one SigV4 Converse over TLS (audit on, access log at info, one worker, the
 * instant upstream), from /proc for the server process (all its threads), for profiling and
 * before/after pairs (issue 13). The build before a change: `cp -r dist dist-before` and a
 * dist-before/plinth-bin.js that runs `main` from its ./src/cli/main.js as bin/plinth.js does.
 *
 *   node dist/bench/req-cost.js [--before dist-before/plinth-bin.js] [--floor] [--durable-floor] [--together]
 *     [--rounds 6] [--seconds 3] [--warmup 6] [--connections 16] [--cpu-prof DIR]
 *
 * Every server is warmed for --warmup seconds at the measured connection count before the first
 * round (plinth's JIT takes seconds to settle; the floor's small program settles at once), then
 * the rounds load each server in turn, the order reversed on alternate rounds, so a neighbour's
 * load on this shared machine moves both sides of a pair. The figure is the median of the
 * per-round ratios. With --cpu-prof each plinth (and each floor) writes a V8 profile to DIR when it
 * stops. --durable-floor adds the TLS floor that answers only once a record of the call is
 * fdatasync'd (bench/tls-floor.ts), its journal in a temporary directory.
 */
const { values: flags } = parseArgs({
  options: {
    before: { type: "string" },
    floor: { type: "boolean", default: false },
    "durable-floor": { type: "boolean", default: false },
    /**
     * Load every side at once, each by its own connections: on a machine shared with other jobs,
     * whatever they take is taken from every side in the same seconds (the sides also compete
     * with each other, the same way for each), so per-request CPU ratios are steadier.
     */
    together: { type: "boolean", default: false },
    rounds: { type: "string", default: "6" },
    seconds: { type: "string", default: "3" },
    warmup: { type: "string", default: "6" },
    connections: { type: "string", default: "16" },
    "cpu-prof": { type: "string" },
  },
});
const connections = Number(flags.connections);
const seconds = Number(flags.seconds);
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const say = (text: string): void => { process.stderr.write(`${text}\n`); };

/**
 * CPU seconds (user + system) of a process's main thread (its event loop) alone: steadier than
 * the whole process on a busy machine, where the audit writer's fsync and the GC helpers vary.
 */
async function mainThreadSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Side { readonly name: string; readonly pid: number; target(): Promise<Parameters<typeof runLoad>[0]> }

const children: Child[] = [];
const journalDir = flags["durable-floor"] ? await mkdtemp(join(tmpdir(), "req-cost-floor-")) : undefined;
try {
  const upstream = await startUpstreamChild();
  children.push(upstream);
  const plinthSide = async (name: string, entry?: string): Promise<Side> => {
    const p: Plinth = await startPlinth({
      upstream: upstream.url, logLevel: "info", ...(entry ? { entry } : {}),
      ...(flags["cpu-prof"] ? { cpuProfDir: flags["cpu-prof"] } : {}),
    });
    children.push(p);
    return {
      name, pid: p.pid,
      // Signed afresh for each run: a signature is good for five minutes.
      target: async () => ({
        url: p.url, tlsCa: p.ca, connections, durationSeconds: seconds, warmupSeconds: 1, pids: { [name]: p.pid },
        ...await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() }),
      }),
    };
  };
  const sides: Side[] = [await plinthSide("after")];
  if (flags.before) sides.push(await plinthSide("before", flags.before));
  const floorArgs = flags["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", flags["cpu-prof"]] : [];
  const floors = [
    ...(flags.floor ? [{ name: "floor", journal: undefined }] : []),
    ...(journalDir === undefined ? [] : [{ name: "durable-floor", journal: join(journalDir, "journal") }]),
  ];
  for (const { name, journal } of floors) {
    const floor = await startTlsFloorChild(upstream.url, journal, floorArgs);
    children.push(floor);
    sides.push({
      name, pid: floor.pid,
      target: async () => ({
        url: floor.url, path: CHAT_PATH, headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body: chatBody(false),
        connections, durationSeconds: seconds, warmupSeconds: 1, pids: { [name]: floor.pid },
      }),
    });
  }
  for (const s of sides) {
    say(`warming ${s.name} for ${flags.warmup} s`);
    await runLoad({ ...await s.target(), durationSeconds: Number(flags.warmup), warmupSeconds: 1 });
  }
  const cpuPerRequest = (s: Side, r: LoadResult): number => (r.cpuMsPer1kRequests[s.name] ?? NaN) / 1000;
  const rounds: Record<string, LoadResult>[] = [];
  const mainMs: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
  for (let i = 0; i < Number(flags.rounds); i++) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    const results: Record<string, LoadResult> = {};
    const one = async (s: Side): Promise<void> => {
      const target = await s.target();
      const mainBefore = await mainThreadSeconds(s.pid);
      const r = await runLoad(target);
      // Over the run's own warm-up and measured parts, so per answer of either.
      mainMs[s.name]!.push(((await mainThreadSeconds(s.pid)) - mainBefore) * 1000 / Math.max(1, r.requests + r.warmupAnswers));
      if (r.unexpected + r.errors > 0 || r.requests === 0) throw new Error(`${s.name}: ${r.requests} answers, ${r.unexpected} others ${JSON.stringify(r.statusCodes)}, ${r.errors} errors`);
      results[s.name] = r;
    };
    if (flags.together) await Promise.all(order.map(one));
    else for (const s of order) await one(s);
    rounds.push(results);
    say(`round ${i + 1}: ${sides.map((s) => `${s.name} ${cpuPerRequest(s, results[s.name]!).toFixed(3)} ms/req (main thread ${mainMs[s.name]!.at(-1)!.toFixed(3)}) ${results[s.name]!.requestsPerSecond} req/s p50 ${results[s.name]!.latency.p50Ms} ms (others ${results[s.name]!.otherLoadCores} cores)`).join(" | ")}`);
  }
  const summary: Record<string, unknown> = { connections, rounds: rounds.length, seconds, loadAverage: loadavg().map((x) => round(x, 2)) };
  for (const s of sides) {
    summary[s.name] = {
      cpuMsPerRequest: round(median(rounds.map((r) => cpuPerRequest(s, r[s.name]!))), 3),
      mainThreadMsPerRequest: round(median(mainMs[s.name]!), 3),
      requestsPerSecond: median(rounds.map((r) => r[s.name]!.requestsPerSecond)),
      p50Ms: round(median(rounds.map((r) => r[s.name]!.latency.p50Ms)), 3),
    };
  }
  const base = sides[0]!;
  for (const s of sides.slice(1)) {
    summary[`${base.name}÷${s.name} cpu`] = round(median(rounds.map((r) => cpuPerRequest(base, r[base.name]!) / cpuPerRequest(s, r[s.name]!))), 3);
    summary[`${base.name}÷${s.name} main-thread cpu`] = round(median(mainMs[base.name]!.map((m, i) => m / mainMs[s.name]![i]!)), 3);
    summary[`${base.name}÷${s.name} req/s`] = round(median(rounds.map((r) => r[base.name]!.requestsPerSecond / r[s.name]!.requestsPerSecond)), 3);
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} finally {
  for (const c of children.reverse()) await c.stop().catch(() => undefined);
  if (journalDir !== undefined) await rm(journalDir, { recursive: true, force: true });
}
