import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { openSync, closeSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CHILD_SCRIPT, startUpstreamChild } from "./processes.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import { converseBody, signConverse } from "./sign.js";

/**
 * What the young generation's collector does per request, plinth against the TLS floor, at one
 * connection (issue 13, docs/PERFORMANCE.md "Promoted requests"). Each server runs with V8's
 * `--trace-gc-nvp`; after a warm-up, `--requests` sequential calls are sent and the scavenges of
 * the server's main isolate in that window are read back: how often, how long, how much of the
 * young generation survived and was promoted. A request's objects should die young: what a
 * scavenge promotes is copied twice and fills the old generation, whose collections then pause
 * the server for tens of milliseconds. The floor shows what node itself keeps.
 *
 *   node dist/bench/scavenge.js [--requests 4000] [--warmup 1500] [--before dist-before/bin/plinth.js]
 */
const { values: flags } = parseArgs({
  options: {
    requests: { type: "string", default: "4000" },
    warmup: { type: "string", default: "1500" },
    before: { type: "string" },
  },
});
const REQUESTS = Number(flags.requests);
const WARMUP = Number(flags.warmup);

interface Gc { readonly isolate: string; readonly kind: string; readonly pause: number; readonly survived: number; readonly promoted: number; readonly allocated: number }

/** The `--trace-gc-nvp` lines of a server's stdout, with the isolate that wrote each. */
function gcLines(text: string): Gc[] {
  const out: Gc[] = [];
  for (const line of text.split("\n")) {
    const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
    const kind = / gc=(\w+)/.exec(line)?.[1];
    if (isolate === undefined || kind === undefined) continue;
    const field = (name: string): number => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
    out.push({ isolate, kind, pause: field("pause"), survived: field("new_space_survived"), promoted: field("promoted"), allocated: field("allocated") });
  }
  return out;
}

interface Window { readonly latencies: number[]; readonly gcs: Gc[] }

/** Sequential calls on one kept-alive connection; the GC lines written while they ran. */
async function drive(url: string, ca: string | undefined, signed: { path: string; headers: Record<string, string>; body: string }, log: () => Promise<string>): Promise<Window> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ...(ca ? { ca } : { rejectUnauthorized: false }) });
  const send = (): Promise<number> => new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: signed.path, method: "POST", headers: signed.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(signed.body);
  });
  try {
    for (let i = 0; i < WARMUP; i++) await send();
    const before = gcLines(await log()).length;
    const latencies: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = process.hrtime.bigint();
      const status = await send();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (status !== 200) throw new Error(`${url}: answered ${status}`);
    }
    // The trace is written as each collection ends; a moment for the last lines to reach the file.
    await new Promise((r) => setTimeout(r, 200));
    return { latencies, gcs: gcLines(await log()).slice(before) };
  } finally {
    agent.destroy();
  }
}

function summary(name: string, w: Window): Record<string, number | string> {
  // The server's main isolate is the one that collected most (worker threads have their own).
  const counts = new Map<string, number>();
  for (const g of w.gcs) counts.set(g.isolate, (counts.get(g.isolate) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mine = w.gcs.filter((g) => g.isolate === main);
  const scavenges = mine.filter((g) => g.kind === "s");
  const major = mine.filter((g) => g.kind !== "s");
  const sum = (gs: Gc[], f: (g: Gc) => number): number => gs.reduce((s, g) => s + f(g), 0);
  const sorted = [...w.latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    server: name,
    "p50 ms": at(0.5).toFixed(3), "p99 ms": at(0.99).toFixed(3), "p99.9 ms": at(0.999).toFixed(3),
    scavenges: scavenges.length,
    "scavenge pause ms": (sum(scavenges, (g) => g.pause) / Math.max(1, scavenges.length)).toFixed(2),
    "promoted KB/scavenge": (sum(scavenges, (g) => g.promoted) / Math.max(1, scavenges.length) / 1000).toFixed(0),
    "survived KB/scavenge": (sum(scavenges, (g) => g.survived) / Math.max(1, scavenges.length) / 1000).toFixed(0),
    "promoted B/request": (sum(scavenges, (g) => g.promoted) / REQUESTS).toFixed(0),
    "major GCs": major.length,
    "GC pause ms/request": (sum(mine, (g) => g.pause) / REQUESTS).toFixed(3),
  };
}

const work = await mkdtemp(join(tmpdir(), "plinth-scavenge-"));
const upstream = await startUpstreamChild();
const rows: Record<string, number | string>[] = [];
try {
  // The floor, its stdout (where V8 writes the trace, and where it says it listens) to a file.
  const floorLog = join(work, "floor.log");
  const fd = openSync(floorLog, "w");
  const floor = spawn(process.execPath, ["--trace-gc-nvp", CHILD_SCRIPT, "tls-floor", upstream.url], { stdio: ["ignore", fd, "inherit"] });
  closeSync(fd);
  try {
    let floorUrl: string | undefined;
    for (let i = 0; i < 300 && floorUrl === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      floorUrl = /listening (\S+)/.exec(await readFile(floorLog, "utf8"))?.[1];
    }
    if (floorUrl === undefined) throw new Error("the TLS floor did not start");
    const body = converseBody();
    rows.push(summary("TLS floor", await drive(floorUrl, undefined, { path: "/v1/chat/completions", headers: { "content-type": "application/json" }, body }, () => readFile(floorLog, "utf8"))));
  } finally {
    floor.kill("SIGTERM");
  }
  const builds: [string, string | undefined][] = [["plinth", undefined], ...(flags.before ? [["plinth (before)", flags.before] as [string, string]] : [])];
  for (const [name, entry] of builds) {
    const p = await startPlinth({ upstream: upstream.url, logLevel: "info", nodeArgs: ["--trace-gc-nvp"], ...(entry ? { entry } : {}) });
    try {
      const signed = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
      rows.push(summary(name, await drive(p.url, p.ca, signed, () => readFile(p.logFile, "utf8"))));
    } finally {
      await p.stop();
    }
  }
} finally {
  await upstream.stop();
  await rm(work, { recursive: true, force: true });
}
console.log(`${REQUESTS} sequential SigV4 Converse calls (the floor: the same body, unsigned) after ${WARMUP} unmeasured, one connection`);
console.table(rows);
