import type { LoadResult } from "./load.js";
import { round } from "./processes.js";
import type { TtfeResult } from "./ttfe.js";
import type { AuditAppendBenchmark } from "./audit-append.js";
import type { AuditPair } from "./audit-ab.js";
import { renderFeatures } from "./report-features.js";
import type { QuotaCheckFigures } from "./quota-check.js";
import type { Features } from "./report-features.js";

/** The figures of one run, as written to JSON, and the table printed from them. */
export interface Memory {
  readonly idleAfterStartMiB: number;
  /** Highest VmRSS sampled (every 250 ms) while this server was under load. */
  readonly underLoadMiB?: number;
  readonly idleAfterLoadMiB: number;
  readonly peakMiB: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly c16: LoadResult;
  readonly c1: LoadResult;
}

export interface Aim {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string;
  readonly met: boolean;
}

export interface Report {
  readonly meta: Record<string, unknown>;
  readonly scenarios: readonly Scenario[];
  /** The `--diagnose` ladder (empty without it). */
  readonly diagnostics: readonly Scenario[];
  readonly ttfe: Readonly<Record<string, TtfeResult & { description: string }>>;
  readonly memory: Readonly<Record<string, Memory>>;
  readonly accessLog: { readonly lines: number; readonly requestsServed: number };
  readonly ratios: Readonly<Record<string, number>>;
  readonly aims: readonly Aim[];
  /** Authorisation decisions measured in this process (src/policy/bench.ts). */
  readonly policy: { readonly decisionsPerSecond: number; readonly p50us: number; readonly p99us: number };
  /** Durable audit appends on SQLite against raw better-sqlite3 in the same run (bench/audit-append.ts). */
  readonly audit: AuditAppendBenchmark;
  /** Audit on against off, as interleaved pairs of servers up at once (bench/audit-ab.ts). */
  readonly auditPair: AuditPair;
  /** Issues 10, 11, 13: TLS floor, soak, envelope, invocation logging, guardrails (bench/report-features.ts). */
  readonly features: Features;
  /** Issue 13: a service quota's check and settlement per request, in memory and in Redis (bench/quota-check.ts). */
  readonly quotaCheck: QuotaCheckFigures;
}

export const NOTES = [
  "autocannon speaks HTTP/1.1 only, so the plinth load scenarios use its HTTP/1.1 path (ALPN falls back from h2); the ConverseStream TTFE uses HTTP/2 through the official client and a bare node:http2 client.",
  "autocannon always connects with rejectUnauthorized: false (it overrides tlsOptions): the handshake and encryption happen, only the certificate check is skipped. The SDK and HTTP/2 clients verify against plinth's CA.",
  "One SigV4 signature is replayed for the whole run: header signatures are valid for 5 minutes and plinth keeps no nonce.",
  "plinth-audit-off is the same server started with PLINTH_BENCH_AUDIT_OFF=1 (its log must say so, and the others' must not): no audit journal, so answers do not wait for a durable append. At 1 connection every call waits for a commit of its own, so what audit adds there can be no lower than one fsync of this machine's disk (see 'per durable commit' below).",
  "CPU ms per 1k requests comes from /proc/<pid>/stat over the measured run ('client' is the benchmark process running autocannon); it is steadier than req/s on a shared machine. 'other load' is CPU used meanwhile by processes outside the benchmark, in cores.",
];

const toMB = (mib: number): number => round(mib * 1.048576, 1);
const cpuPerRequest = (r: LoadResult, who: string): number => r.cpuMsPer1kRequests[who] ?? NaN;

export function aimsOf(byName: (name: string) => Scenario, memory: Memory, policy: Report["policy"], audit: AuditAppendBenchmark, pair: AuditPair): { ratios: Record<string, number>; aims: Aim[] } {
  const plinth = byName("plinth");
  const fetchProxy = byName("bare-proxy-fetch");
  const httpProxy = byName("bare-proxy-http");
  const direct = byName("upstream-direct");
  const auditOff = byName("plinth-audit-off");
  const openAi = byName("plinth-openai-chat");
  const ratios = {
    // The OpenAI chat surface against Converse on the same server: translation must not be the bottleneck.
    openAiChatOverConverseRps16: round(openAi.c16.requestsPerSecond / plinth.c16.requestsPerSecond, 3),
    plinthOverFetchProxyRps16: round(plinth.c16.requestsPerSecond / fetchProxy.c16.requestsPerSecond, 3),
    plinthOverHttpProxyRps16: round(plinth.c16.requestsPerSecond / httpProxy.c16.requestsPerSecond, 3),
    plinthAddedP50Ms1: round(plinth.c1.latency.p50Ms - direct.c1.latency.p50Ms, 3),
    fetchProxyAddedP50Ms1: round(fetchProxy.c1.latency.p50Ms - direct.c1.latency.p50Ms, 3),
    httpProxyAddedP50Ms1: round(httpProxy.c1.latency.p50Ms - direct.c1.latency.p50Ms, 3),
    plinthCpuOverFetchProxyCpu16: round(cpuPerRequest(plinth.c16, "plinth") / cpuPerRequest(fetchProxy.c16, "proxy"), 2),
    plinthCpuOverHttpProxyCpu16: round(cpuPerRequest(plinth.c16, "plinth") / cpuPerRequest(httpProxy.c16, "proxy"), 2),
    auditAppendOverRawSqlite: audit.ratioToFloor,
    // What the audit journal adds to a Converse call: the same server with and without it, taken
    // from the interleaved pairs (medians of within-round differences), not the sequential rows.
    auditAddedP50Ms1: pair.addedP50Ms1,
    auditAddedP99Ms1: pair.addedP99Ms1,
    auditAddedP50Ms16: pair.addedP50Ms16,
    auditOnOverOffRps16: pair.rpsRatio16,
    auditOnOverOffCpu16: pair.cpuRatio16,
    auditAddedCpuMsPerRequest16: pair.addedCpuMsPerRequest16,
    // The same from the sequential rows above (plinth, then plinth-audit-off minutes later).
    auditSequentialAddedP50Ms1: round(plinth.c1.latency.p50Ms - auditOff.c1.latency.p50Ms, 3),
    auditSequentialOnOverOffRps16: round(plinth.c16.requestsPerSecond / auditOff.c16.requestsPerSecond, 3),
  };
  const aims: Aim[] = [
    { name: "OpenAI chat req/s ÷ Converse req/s on the same plinth, 16 connections", value: ratios.openAiChatOverConverseRps16, unit: "", target: "≥ 0.9", met: ratios.openAiChatOverConverseRps16 >= 0.9 },
    { name: "plinth req/s ÷ bare proxy (fetch) req/s, 16 connections", value: ratios.plinthOverFetchProxyRps16, unit: "", target: "≥ 0.6", met: ratios.plinthOverFetchProxyRps16 >= 0.6 },
    { name: "plinth p50 − upstream-direct p50, 1 connection", value: ratios.plinthAddedP50Ms1, unit: "ms", target: "≤ 0.3", met: ratios.plinthAddedP50Ms1 <= 0.3 },
    // Issue 13 says 120 MB per worker (the full run starts one worker), not MiB.
    { name: "plinth idle RSS after start-up, one worker", value: toMB(memory.idleAfterStartMiB), unit: "MB", target: "≤ 120", met: toMB(memory.idleAfterStartMiB) <= 120 },
    { name: "plinth idle RSS after the load, one worker", value: toMB(memory.idleAfterLoadMiB), unit: "MB", target: "≤ 120", met: toMB(memory.idleAfterLoadMiB) <= 120 },
    { name: "policy decision p99 (10-statement identity policy with conditions, 2 SCP levels, a boundary)", value: policy.p99us, unit: "µs", target: "< 10", met: policy.p99us < 10 },
    ...auditAims(audit, pair),
  ];
  return { ratios, aims };
}

/** The aims of issue 9 for the audit trail. */
export function auditAims(audit: AuditAppendBenchmark, pair: AuditPair): Aim[] {
  return [
    { name: `durable audit events/s (SQLite, synchronous=FULL, group commit, ${audit.inFlight} in flight)`, value: audit.eventsPerSecond, unit: "/s", target: "≥ 20000", met: audit.eventsPerSecond >= 20_000 },
    { name: "audit appender ÷ raw better-sqlite3 inserts of the same batches", value: audit.ratioToFloor, unit: "", target: "≥ 0.7", met: audit.ratioToFloor >= 0.7 },
    { name: "Converse p99 with audit − without (interleaved pairs), 1 connection", value: pair.addedP99Ms1, unit: "ms", target: "< 0.2", met: pair.addedP99Ms1 < 0.2 },
  ];
}

/** The audit figures: appends against raw SQLite, and a Converse call with the journal on against off. */
export function renderAudit(audit: AuditAppendBenchmark, pair: AuditPair): string {
  const b = pair.serverBatches;
  return [
    `audit appends (SQLite, durable, writer thread): ${audit.eventsPerSecond} /s at ${audit.inFlight} in flight, in batches of ${audit.meanBatch} (${audit.meanBatchMs} ms each); ` +
      `at 16 in flight ${audit.at16.eventsPerSecond} /s in batches of ${audit.at16.meanBatch}`,
    `  floor, raw better-sqlite3 on the main thread, same batches: ${audit.floorEventsPerSecond} /s (appender × ${audit.ratioToFloor}); one transaction per event: ${audit.unbatchedEventsPerSecond} /s ` +
      `(${ms(1000 / audit.unbatchedEventsPerSecond)} ms per durable commit: the least audit can add to a lone call)`,
    `  one append at a time through the appender: p50 ${ms(audit.alone.p50Ms)} ms, p99 ${ms(audit.alone.p99Ms)} ms`,
    `audit on vs off (Converse, two servers, ${pair.rounds} interleaved rounds, medians of within-round differences): ` +
      `1 connection p50 ${signed(pair.addedP50Ms1)} ms, p99 ${signed(pair.addedP99Ms1)} ms; 16 connections p50 ${signed(pair.addedP50Ms16)} ms, req/s × ${pair.rpsRatio16}, ` +
      `server CPU per request × ${pair.cpuRatio16} (${signed(pair.addedCpuMsPerRequest16)} ms)`,
    `  the audited server committed ${b === undefined ? "? (its closing log line was not found)" : `${b.events} events in ${b.batches} batches (mean ${b.meanBatch}, 16- and 1-connection runs together)`}`,
  ].join("\n");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const ms = (x: number): string => x.toFixed(3);
const signed = (x: number | undefined): string => (x === undefined ? "?" : `${x >= 0 ? "+" : ""}${x.toFixed(3)}`);

function loadTable(scenarios: readonly Scenario[]): string {
  const rows = scenarios.flatMap((s) => [s.c16, s.c1].map((r) => [
    s.name, String(r.connections), String(r.requestsPerSecond), ms(r.latency.p50Ms), ms(r.latency.p99Ms),
    String(r.unexpected), String(r.errors), r.otherLoadCores.toFixed(2),
    Object.entries(r.cpuMsPer1kRequests).map(([k, v]) => `${k} ${v}`).join(", "),
  ]));
  return table(["scenario", "conns", "req/s", "p50 ms", "p99 ms", "bad", "errors", "other load", "CPU ms per 1k requests"], rows);
}

export function render(report: Report): string {
  const ttfeRows = Object.entries(report.ttfe).map(([name, t]) => [
    name, String(t.requests), ms(t.firstEvent.p50Ms), ms(t.firstEvent.p99Ms), ms(t.complete.p50Ms), ms(t.complete.p99Ms),
  ]);
  const mb = (mib: number): string => `${mib} (${round(mib * 1.048576, 1)} MB)`;
  const memRows = Object.entries(report.memory).map(([name, m]) => [name, mb(m.idleAfterStartMiB), m.underLoadMiB === undefined ? "?" : mb(m.underLoadMiB), mb(m.idleAfterLoadMiB), mb(m.peakMiB)]);
  const m = report.meta;
  const load = (k: string): string => (m[k] as number[]).join(" ");
  return [
    `plinth benchmark — ${String(m["date"])}, node ${String(m["node"])}, ${String(m["cpus"])} × ${String(m["cpuModel"])}, load average ${load("loadAverageBefore")} → ${load("loadAverageAfter")}`,
    `${String(m["durationSeconds"])} s per scenario after ${String(m["warmupSeconds"])} s warm-up; autocannon (HTTP/1.1, pipelining 1) on 127.0.0.1; latency from per-response hrtime; "bad" = answers with another status`,
    "",
    ...report.scenarios.map((s) => `  ${s.name}: ${s.description}`),
    "",
    loadTable(report.scenarios),
    ...(report.diagnostics.length === 0 ? [] : [
      "", "diagnostic ladder (same plinth process; each rung stops one step further into the pipeline):",
      ...report.diagnostics.map((s) => `  ${s.name}: ${s.description}`),
      loadTable(report.diagnostics),
    ]),
    "",
    "time to first event / sequential latency:",
    ...Object.entries(report.ttfe).map(([name, t]) => `  ${name}: ${t.description}`),
    table(["stream", "n", "first p50 ms", "first p99 ms", "whole p50 ms", "whole p99 ms"], ttfeRows),
    "",
    table(["memory (VmRSS), MiB (MB)", "idle after start", "under load (max sampled)", "idle after load", "peak (VmHWM)"], memRows),
    "",
    `access log: ${report.accessLog.lines} lines for ${report.accessLog.requestsServed} requests answered by the plinth (info) server`,
    "",
    `policy decisions: ${report.policy.decisionsPerSecond} /s, p50 ${report.policy.p50us} µs, p99 ${report.policy.p99us} µs`,
    renderQuotaCheck(report.quotaCheck),
    "",
    renderAudit(report.audit, report.auditPair),
    "",
    renderFeatures(report.scenarios.find((s) => s.name === "plinth")!, { plain: report.scenarios.find((s) => s.name === "tls-floor")!, durable: report.scenarios.find((s) => s.name === "tls-floor-durable") }, report.memory["plinth"]!, report.features),
    "",
    "ratios:",
    ...Object.entries(report.ratios).map(([k, v]) => `  ${k}: ${v}`),
    "",
    "aims:",
    ...report.aims.map((a) => `  ${a.met ? "MET   " : "MISSED"} ${a.name}: ${a.value}${a.unit ? ` ${a.unit}` : ""} (aim ${a.target}${a.unit ? ` ${a.unit}` : ""})`),
  ].join("\n");
}

function renderQuotaCheck(q: QuotaCheckFigures): string {
  const redis = q.redisCheckNs === undefined ? `; Redis ${q.redis ?? "not measured"}`
    : `; counted in Redis (one script per admission and per settlement, loopback, one request at a time) ${(q.redisCheckNs / 1000).toFixed(1)} µs, × ${q.redisOverMemory} the in-memory check${q.redisFellBackToLocal ? ` (fell back to local ${q.redisFellBackToLocal} times)` : ""}`;
  return `service quota check + settlement per request: ${(q.quotaAdmitAndSettleNs / 1000).toFixed(2)} µs in memory (+${(q.addedNsPerRequest / 1000).toFixed(2)} µs over an admission that does nothing)${redis}`;
}
