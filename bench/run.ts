import { cpus, loadavg, tmpdir } from "node:os";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { h2Sequential } from "./h2.js";
import { ladderRungs } from "./ladder.js";
import { runLoad } from "./load.js";
import type { LoadOptions, LoadResult } from "./load.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { memoryOf, startProxyChild, startTlsFloorChild, startUpstreamChild } from "./processes.js";
import type { Child } from "./processes.js";
import { runPolicyBenchmark } from "../src/policy/index.js";
import { runAuditAppendBenchmark } from "./audit-append.js";
import { runAuditPair } from "./audit-ab.js";
import { runQuotaCheckBenchmark } from "./quota-check.js";
import type { AuditPair } from "./audit-ab.js";
import { aimsOf, auditAims, NOTES, render, renderAudit } from "./report.js";
import type { Memory, Report, Scenario } from "./report.js";
import { converseBody, openAiChatBody, signConverse, signPost } from "./sign.js";
import { ttfeBedrock, ttfeSse } from "./ttfe.js";
import { renderWorkers, runWorkersPair } from "./workers.js";
import { renderNodes, runNodesPair } from "./nodes.js";
import type { TtfeResult } from "./ttfe.js";
import { CHAT_PATH, chatBody } from "./upstream.js";
import { runEnvelopeBenchmark } from "./envelope.js";
import { compiledBenchGuardrail, evaluatePrompt, measure, PATTERN_PII_TYPES, PII_TYPES, piiScanThroughput, PROMPT_4K } from "./guardrail-fixture.js";
import { runGuardrailPair } from "./guardrail-ab.js";
import { runInvocationLoggingPair } from "./invocation-logging-ab.js";
import { featureAims, featureRatios } from "./report-features.js";
import type { Features, GuardrailInProcess, Soak } from "./report-features.js";
import { runSoak, sampleRss } from "./soak.js";

/**
 * `npm run bench`: plinth's overhead as ratios against baselines measured in the same run, on
 * loopback. Every server runs in its own process: the instant upstream, a bare proxy hop (with
 * fetch and with node:http), plinth over TLS with SigV4 (access log at info and audit on, as
 * users run it; then without its audit journal, to show what auditing adds; then at warn). A
 * scenario answered with anything but its expected status fails the run.
 * Then what the audit trail adds, as interleaved on/off pairs (bench/audit-ab.ts).
 * Flags: --out FILE, --duration S, --warmup S, --jit-warmup S (unmeasured load of each plinth first, default 5), --ttfe N, --skip-warn, --diagnose, --cpu-prof DIR,
 * --audit-rounds N (pairs, default 3), --only-audit (the audit figures alone: appends and pairs),
 * --only-workers (req/s with every worker ÷ with one, bench/workers.ts; the full run measures one process),
 * --soak S (plinth loaded at 16 connections for S seconds after its scenarios, RSS growth; off unless given),
 * --ab-rounds N (interleaved rounds of the invocation-logging and guardrail pairs, default 3),
 * --envelope-runs N (seal/open calls per figure, default 1000), --guardrail-runs N (in-process PII scans, default 500: as many unmeasured first, then the median of five blocks: a scan takes ~0.2 ms, and fewer runs measure the JIT warming up).
 * Issues 10, 11 and 13 add: the TLS floor (bench/tls-floor.ts), RSS under load and after a soak,
 * envelope seal/open (bench/envelope.ts), invocation logging on ÷ off (bench/invocation-logging-ab.ts)
 * and a guardrail's cost (bench/guardrail-ab.ts, bench/guardrail-fixture.ts).
 * --only-nodes (req/s through HAProxy with --nodes N plinth nodes, default 3, ÷ with one, each in a
 * network namespace of its own, bench/nodes.ts: needs root, iproute2, haproxy and PostgreSQL).
 */
const { values: flags } = parseArgs({
  options: {
    out: { type: "string" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    "jit-warmup": { type: "string", default: "5" },
    ttfe: { type: "string", default: "200" },
    "skip-warn": { type: "boolean", default: false },
    diagnose: { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    "audit-rounds": { type: "string", default: "3" },
    "only-audit": { type: "boolean", default: false },
    "only-workers": { type: "boolean", default: false },
    soak: { type: "string", default: "0" },
    "ab-rounds": { type: "string", default: "3" },
    "envelope-runs": { type: "string", default: "1000" },
    "guardrail-runs": { type: "string", default: "500" },
    "only-nodes": { type: "boolean", default: false },
    nodes: { type: "string", default: "3" },
  },
});
const durationSeconds = Number(flags.duration);
const warmupSeconds = Number(flags.warmup);
const jitWarmupSeconds = Number(flags["jit-warmup"]);
const ttfeCount = Number(flags.ttfe);
const out = resolve(flags.out ?? fileURLToPath(new URL("../../bench/results/latest.json", import.meta.url)));
const cpuProfDir = flags["cpu-prof"] ? resolve(flags["cpu-prof"]) : undefined;
const soakSeconds = Number(flags.soak);
const abRounds = Number(flags["ab-rounds"]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const problems: string[] = [];
const progress = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

type Target = Omit<LoadOptions, "connections" | "durationSeconds" | "warmupSeconds" | "pids">;

/** A scenario at 16 connections, then at 1; anything but the expected answers is a problem. */
async function pair(name: string, description: string, target: Target, pids: Record<string, number>): Promise<Scenario> {
  const run = async (connections: number): Promise<LoadResult> => {
    progress(`${name}, ${connections} connection${connections === 1 ? "" : "s"}`);
    const r = await runLoad({ ...target, connections, durationSeconds, warmupSeconds, pids: { ...pids, client: process.pid } });
    if (r.unexpected + r.errors > 0 || r.requests === 0) {
      problems.push(`${name} at ${connections} connections: ${r.requests} expected answers, ${r.unexpected} others (measured run: ${JSON.stringify(r.statusCodes)}), ${r.errors} connection errors or timeouts`);
    }
    return r;
  };
  const c16 = await run(16);
  const c1 = await run(1);
  return { name, description, c16, c1 };
}

const servedBy = (s: Scenario): number => s.c16.requests + s.c16.warmupAnswers + s.c1.requests + s.c1.warmupAnswers;

async function main(): Promise<number> {
  const children: Child[] = [];
  const stop = async (c: Child): Promise<void> => { children.splice(children.indexOf(c), 1); await c.stop(); };
  const loadBefore = loadavg();
  // Authorisation runs on every request: decisions/s and p99 in this process, before any load starts.
  progress("policy decisions (identity policy of 10 statements with conditions, 2 SCP levels, a boundary)");
  const policy = await runPolicyBenchmark();
  progress("durable audit appends on SQLite (group commit) against raw better-sqlite3");
  const audit = await runAuditAppendBenchmark();
  try {
    // Issue 13: what a service quota's check and settlement add per request, in memory and in Redis.
    const quotaCheck = flags["only-audit"] ? undefined : (progress("service quota check and settlement per request (memory; Redis when one answers)"), await runQuotaCheckBenchmark(50_000, 5));
    // Issue 10 and 11 figures measured in this process, before any load: no server is running.
    const envelope = flags["only-audit"] ? undefined : (progress("envelope seal/open of a 2 KB record (root key; account KMS key with and without the material cache)"), await runEnvelopeBenchmark(Number(flags["envelope-runs"])));
    const guardrailInProcess = flags["only-audit"] ? undefined : (progress("guardrail in process: PII scan and full evaluation of a 4 KB prompt"), await guardrailInProcessFigures(Number(flags["guardrail-runs"])));
    const upstream = await startUpstreamChild();
    children.push(upstream);
    const auditPair = (): Promise<AuditPair> => runAuditPair({
      upstream: upstream.url, upstreamPid: upstream.pid, durationSeconds, warmupSeconds, rounds: Number(flags["audit-rounds"]), progress, problems,
    });
    if (flags["only-audit"]) {
      const paired = await auditPair();
      await stop(upstream);
      if (problems.length > 0) {
        process.stderr.write(`\nbench: FAILED:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
        return 1;
      }
      const meta = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "?", loadAverageBefore: loadBefore, loadAverageAfter: loadavg() };
      process.stdout.write(`${renderAudit(audit, paired)}\n\naims:\n${auditAims(audit, paired).map((a) => `  ${a.met ? "MET   " : "MISSED"} ${a.name}: ${a.value}${a.unit ? ` ${a.unit}` : ""} (aim ${a.target}${a.unit ? ` ${a.unit}` : ""})`).join("\n")}\n`);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, JSON.stringify({ meta, audit, auditPair: paired }, null, 2) + "\n");
      process.stdout.write(`\nfigures written to ${out}\n`);
      return 0;
    }
    const direct: Target = { url: upstream.url, path: CHAT_PATH, headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body: chatBody(false) };
    const scenarios: Scenario[] = [];
    const diagnostics: Scenario[] = [];
    const ttfe: Record<string, TtfeResult & { description: string }> = {};
    scenarios.push(await pair("upstream-direct", "client → instant upstream (POST /v1/chat/completions, plain HTTP)", direct, { upstream: upstream.pid }));
    progress("time to first event, upstream SSE direct");
    ttfe["upstream-sse-direct"] = { ...(await ttfeSse({ url: upstream.url, count: ttfeCount })), description: "fetch → upstream SSE, to the first data: line" };

    for (const client of ["fetch", "http"] as const) {
      const proxy = await startProxyChild(upstream.url, client);
      children.push(proxy);
      const how = client === "fetch" ? "fetch (undici's WHATWG layer; plinth calls undici's request() below it)" : "http.request + keep-alive agent";
      scenarios.push(await pair(`bare-proxy-${client}`, `client → node:http proxy forwarding with ${how} → upstream (plain HTTP)`, { ...direct, url: proxy.url }, { proxy: proxy.pid, upstream: upstream.pid }));
      if (client === "fetch") {
        progress("time to first event, upstream SSE through the bare proxy (fetch)");
        ttfe["sse-via-bare-proxy-fetch"] = { ...(await ttfeSse({ url: proxy.url, count: ttfeCount })), description: "fetch → bare proxy (fetch) → upstream SSE, to the first data: line" };
      }
      await stop(proxy);
    }
    // Issue 13's floor: an https hop that parses and re-encodes the JSON both ways.
    const floor = await startTlsFloorChild(upstream.url);
    children.push(floor);
    scenarios.push(await pair("tls-floor", "client → node https server parsing and re-encoding the JSON, forwarding with a keep-alive node:http agent → upstream (TLS, no auth)", { ...direct, url: floor.url }, { floor: floor.pid, upstream: upstream.pid }));
    await stop(floor);
    // The same floor keeping a durable record of each call before it answers, as plinth's audit
    // trail does: at one connection, what one fdatasync'd append costs on this disk.
    const journalDir = await mkdtemp(join(tmpdir(), "plinth-bench-floor-"));
    const durableFloor = await startTlsFloorChild(upstream.url, join(journalDir, "journal"));
    children.push(durableFloor);
    scenarios.push(await pair("tls-floor-durable", "the TLS floor, each answer waiting for its hash-chained record's fdatasync'd append (group commit) in a file on plinth's disk", { ...direct, url: durableFloor.url }, { floor: durableFloor.pid, upstream: upstream.pid }));
    await stop(durableFloor);
    await rm(journalDir, { recursive: true, force: true });

    const memory: Record<string, Memory> = {};
    let accessLog = { lines: 0, requestsServed: 0 };
    let soak: Soak | undefined;
    // "plinth" is the server as users run it (audit on, info log); "plinth-audit-off" is the same
    // server without its audit journal, started right after it so both see the same machine.
    const variants = [
      { name: "plinth", level: "info", auditOff: false },
      { name: "plinth-audit-off", level: "info", auditOff: true },
      ...(flags["skip-warn"] ? [] : [{ name: "plinth-log-warn", level: "warn", auditOff: false }]),
    ];
    for (const { name, level, auditOff } of variants) {
      progress(`starting plinth (PLINTH_LOG_LEVEL=${level}${auditOff ? ", PLINTH_BENCH_AUDIT_OFF=1" : ""})`);
      const p: Plinth = await startPlinth({ upstream: upstream.url, logLevel: level, auditOff, ...(name === "plinth" && cpuProfDir ? { cpuProfDir } : {}) });
      children.push(p);
      // The comparison is worthless unless exactly the audit-off server left the journal out.
      if ((await p.auditDisabled()) !== auditOff) problems.push(`${name}: the server's log ${auditOff ? "does not say" : "says"} the audit trail was disabled`);
      await sleep(1000); // let start-up work (first database writes, timers) settle
      const idleAfterStartMiB = (await memoryOf(p.pid)).rssMiB;
      const signed = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
      const pids = { plinth: p.pid, upstream: upstream.pid };
      // plinth's JIT takes seconds to settle (its first loaded seconds cost up to twice the steady
      // state's CPU per request), the floor's small program settles at once: unless it is loaded
      // first, unmeasured, the ratio to the floor measures a cold server (docs/PERFORMANCE.md).
      let served = 0;
      if (jitWarmupSeconds > 0) {
        progress(`${name}: ${jitWarmupSeconds} s of unmeasured load for the JIT to settle`);
        const w = await runLoad({ url: p.url, ...signed, tlsCa: p.ca, connections: 16, durationSeconds: jitWarmupSeconds, warmupSeconds: 1, pids });
        served += w.requests + w.warmupAnswers;
      }
      const sampler = sampleRss(p.pid);
      const s = await pair(name, `plinth over TLS (HTTP/1.1), SigV4-signed Converse → openai provider → upstream; PLINTH_LOG_LEVEL=${level}${auditOff ? "; audit journal OFF (PLINTH_BENCH_AUDIT_OFF=1, baseline only)" : "; audit on (durable append before the answer ends)"}`, { url: p.url, ...signed, tlsCa: p.ca }, pids);
      scenarios.push(s);
      served += servedBy(s);
      if (name === "plinth") {
        // The OpenAI-compatible surface beside Converse, on the same server: what translation costs.
        const chat = await signPost({ url: p.url, region: p.region, credentials: p.credentials, path: "/openai/v1/chat/completions", body: openAiChatBody(MODEL_ID) });
        const o = await pair("plinth-openai-chat", "plinth over TLS (HTTP/1.1), SigV4-signed POST /openai/v1/chat/completions → openai provider → upstream; audit on", { url: p.url, ...chat, tlsCa: p.ca }, pids);
        scenarios.push(o);
        served += servedBy(o);
        progress("time to first event, plinth ConverseStream with @aws-sdk/client-bedrock-runtime (HTTP/2)");
        const t = await ttfeBedrock({ url: p.url, region: p.region, ca: p.ca, credentials: p.credentials, modelId: MODEL_ID, count: ttfeCount });
        ttfe["plinth-converse-stream-sdk"] = { ...t, description: "BedrockRuntimeClient (HTTP/2, TLS, SigV4) → plinth → upstream SSE, send() to the first stream event" };
        served += t.requests + t.warmupRequests;
        progress("plinth over a bare HTTP/2 client (no SDK), ConverseStream and Converse");
        for (const operation of ["converse-stream", "converse"] as const) {
          const again = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation, body: converseBody() });
          const raw = await h2Sequential({ url: p.url, ca: p.ca, signed: again, count: ttfeCount });
          ttfe[`plinth-${operation}-raw-h2`] = { ...raw, description: `node:http2 client replaying one pre-signed ${operation === "converse" ? "Converse" : "ConverseStream"} request → plinth → upstream, to the first body bytes` };
          served += raw.requests + raw.warmupRequests;
        }
        if (flags.diagnose) {
          for (const rung of await ladderRungs(p, signed)) {
            const d = await pair(rung.name, rung.description, { url: p.url, method: rung.method, path: rung.path, headers: rung.headers, ...(rung.body !== undefined ? { body: rung.body } : {}), expectStatus: rung.expectStatus, tlsCa: p.ca }, pids);
            diagnostics.push(d);
            served += servedBy(d);
          }
        }
      }
      const loaded = sampler.stop();
      await sleep(2000);
      const after = await memoryOf(p.pid);
      if (name === "plinth" && soakSeconds > 0) {
        progress(`soak: plinth at 16 connections for ${soakSeconds} s`);
        soak = await runSoak({ pid: p.pid, seconds: soakSeconds, connections: 16, target: async () => ({ url: p.url, ...await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() }), tlsCa: p.ca, pids }), idleBeforeMiB: after.rssMiB, problems });
        served += soak.requests;
      }
      memory[name] = { idleAfterStartMiB, underLoadMiB: loaded.reduce((m, x) => Math.max(m, x.mib), 0), idleAfterLoadMiB: after.rssMiB, peakMiB: (await memoryOf(p.pid)).peakRssMiB };
      if (name === "plinth") accessLog = { lines: await p.logLines(), requestsServed: served };
      await stop(p);
    }
    // One more server, as users run it, for the switched comparisons of issues 10 and 11.
    progress("starting plinth for the invocation-logging and guardrail pairs");
    const featured = await startPlinth({ upstream: upstream.url, logLevel: "info" });
    children.push(featured);
    await sleep(1000);
    const shared = { plinth: featured, upstreamPid: upstream.pid, rounds: abRounds, durationSeconds, warmupSeconds, progress, problems };
    const invocationLogging = await runInvocationLoggingPair(shared);
    const guardrailPair = await runGuardrailPair(shared);
    await stop(featured);
    const paired = await auditPair();
    await stop(upstream);

    if (problems.length > 0) {
      process.stderr.write(`\nbench: FAILED — a benchmark of error answers is worthless:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
      return 1;
    }
    const byName = (n: string): Scenario => scenarios.find((s) => s.name === n)!;
    const base = aimsOf(byName, memory["plinth"]!, policy, audit, paired);
    const features: Features = { envelope: envelope!, invocationLogging, guardrails: { inProcess: guardrailInProcess!, pair: guardrailPair }, ...(soak ? { soak } : {}) };
    const floors = { plain: byName("tls-floor"), durable: byName("tls-floor-durable") };
    const ratios = { ...base.ratios, ...featureRatios(byName("plinth"), floors, features) };
    const aims = [...base.aims, ...featureAims(byName("plinth"), floors, memory["plinth"]!, features)];
    const report: Report = {
      meta: {
        date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "?",
        loadAverageBefore: loadBefore.map((x) => Math.round(x * 100) / 100), loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100),
        durationSeconds, warmupSeconds, ttfeRequests: ttfeCount, notes: NOTES, soakSeconds, abRounds,
        ...(cpuProfDir ? { cpuProfDir } : {}),
      },
      scenarios, diagnostics, ttfe, memory, accessLog, ratios, aims, policy, audit, auditPair: paired, features, quotaCheck: quotaCheck!,
    };
    process.stdout.write(render(report) + "\n");
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(report, null, 2) + "\n");
    process.stdout.write(`\nfigures written to ${out}\n`);
    return 0;
  } finally {
    for (const c of children.splice(0).reverse()) await c.stop().catch(() => undefined);
  }
}

/**
 * Issue 11 in process: the PII scan alone over the 4 KB prompt (the fixture's six types, and the
 * pattern types alone), and one full evaluation, with the budget raised so a slow run on a
 * loaded machine is measured rather than refused.
 */
async function guardrailInProcessFigures(runs: number): Promise<GuardrailInProcess> {
  const g = compiledBenchGuardrail(PII_TYPES, 60_000);
  const evaluation = await measure(() => evaluatePrompt(g), runs);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const scan = async (types: typeof PII_TYPES, n: number) => {
    const t = await piiScanThroughput(n, types);
    return { p50Ms: r3(t.p50Ms), p99Ms: r3(t.p99Ms), cpuMsPerScan: r3(t.cpuMsPerScan), mbPerSecondPerCore: Math.round(t.mbPerSecondPerCore * 100) / 100 };
  };
  return {
    promptChars: PROMPT_4K.length, runs,
    piiScan: await scan(PII_TYPES, runs),
    piiScanPatterns: await scan(PATTERN_PII_TYPES, runs * 20),
    evaluation: { p50Ms: r3(evaluation.p50), p99Ms: r3(evaluation.p99), cpuMs: r3(evaluation.cpuMs) },
  };
}

/** `--only-workers`: the upstream, then plinth with one worker and with every core's. */
async function workersOnly(): Promise<number> {
  const loadBefore = loadavg();
  const upstream = await startUpstreamChild();
  try {
    const workers = await runWorkersPair({ upstream: upstream.url, upstreamPid: upstream.pid, durationSeconds, warmupSeconds, jitWarmupSeconds: Math.max(jitWarmupSeconds, 10), progress, problems });
    if (problems.length > 0) {
      process.stderr.write(`\nbench: FAILED:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
      return 1;
    }
    const meta = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "?", loadAverageBefore: loadBefore, loadAverageAfter: loadavg() };
    process.stdout.write(`${renderWorkers(workers)}\n`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify({ meta, workers }, null, 2) + "\n");
    process.stdout.write(`\nfigures written to ${out}\n`);
    return 0;
  } finally {
    await upstream.stop().catch(() => undefined);
  }
}

/** `--only-nodes`: one node behind HAProxy, then --nodes of them. */
async function nodesOnly(): Promise<number> {
  const loadBefore = loadavg();
  const nodes = await runNodesPair({ nodes: Number(flags.nodes), durationSeconds, warmupSeconds, jitWarmupSeconds: Math.max(jitWarmupSeconds, 10), progress, problems });
  if (problems.length > 0) {
    process.stderr.write(`\nbench: FAILED:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    return 1;
  }
  const meta = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? "?", loadAverageBefore: loadBefore, loadAverageAfter: loadavg() };
  process.stdout.write(`${renderNodes(nodes)}\n`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify({ meta, nodes }, null, 2) + "\n");
  process.stdout.write(`\nfigures written to ${out}\n`);
  return 0;
}

process.exitCode = flags["only-nodes"] ? await nodesOnly() : flags["only-workers"] ? await workersOnly() : await main();
