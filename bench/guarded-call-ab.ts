import { Agent, request } from "node:https";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand } from "@aws-sdk/client-bedrock";
import { controlClient } from "./control.js";
import { guardrailRequest, PATTERN_PII_TYPES, PII_TYPES, PROMPT_4K } from "./guardrail-fixture.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { cpuSecondsOf, startUpstreamChild } from "./processes.js";
import { signConverse } from "./sign.js";

/**
 * What a guardrail adds to one Converse call, server CPU first (issue 11), for builds side by
 * side: each `--entry` (a bin script; another build's is a copy of dist/ with its own, see
 * bench/plinth.ts) is started once, the bench guardrails (bench/guardrail-fixture.ts: full, and
 * without NAME/ADDRESS) are created in each, then rounds alternate the servers (order flipped
 * every round) and, within each, the variants none / full / patterns: `--requests` calls one
 * after another on one kept-alive connection, the server's CPU read from /proc around them.
 *
 *   node dist/bench/guarded-call-ab.js --entry dist-before/bin/plinth.js --entry bin/plinth.js --rounds 6 --requests 300
 *
 * `--cpu-prof DIR` profiles every server (written when it stops).
 */
const { values: flags } = parseArgs({
  options: {
    entry: { type: "string", multiple: true, default: ["bin/plinth.js"] },
    rounds: { type: "string", default: "6" },
    requests: { type: "string", default: "300" },
    warmup: { type: "string", default: "100" },
    "cpu-prof": { type: "string" },
    /** Only these variants (a profile of one kind of call): none, full, patterns. */
    only: { type: "string", multiple: true },
    /** With --cpu-prof: where to write each run's variant and monotonic start and end (ns), for bench/profile-bursts.js. */
    bursts: { type: "string" },
  },
});

interface Target { readonly plinth: Plinth; readonly label: string; readonly agent: Agent; readonly guardrails: Record<string, string> }
interface Sample { readonly cpuMsPerRequest: number; readonly latencies: number[]; readonly refused: number }

const ALL = ["none", "full", "patterns"] as const;
/** Each measured run, on the monotonic clock V8's profiles use too. */
const bursts: { pid: number; variant: string; requests: number; startNs: string; endNs: string }[] = [];
const VARIANTS = ALL.filter((v) => flags.only === undefined || flags.only.includes(v));

function body(guardrailId?: string): string {
  return JSON.stringify({
    messages: [{ role: "user", content: [{ text: PROMPT_4K }] }],
    inferenceConfig: { maxTokens: 64 },
    ...(guardrailId !== undefined ? { guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "1" } } : {}),
  });
}

function send(t: Target, signed: { path: string; headers: Record<string, string>; body: string }): Promise<number> {
  const url = new URL(t.plinth.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: signed.path, method: "POST", headers: signed.headers, agent: t.agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(signed.body);
  });
}

async function run(t: Target, variant: typeof ALL[number], count: number): Promise<Sample> {
  const p = t.plinth;
  const signed = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: body(variant === "none" ? undefined : t.guardrails[variant]) });
  const latencies: number[] = [];
  let refused = 0;
  const before = await cpuSecondsOf(p.pid);
  const startNs = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const status = await send(t, signed);
    // A guardrail past its evaluation budget on a loaded machine answers 503: counted, not timed.
    if (status === 503 && variant !== "none") refused++;
    else if (status !== 200) throw new Error(`${t.label} ${variant}: status ${status}`);
    else latencies.push(performance.now() - start);
  }
  bursts.push({ pid: p.pid, variant, requests: count, startNs: String(startNs), endNs: String(process.hrtime.bigint()) });
  const after = await cpuSecondsOf(p.pid);
  return { cpuMsPerRequest: ((after - before) * 1000) / count, latencies, refused };
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const f = (x: number): string => x.toFixed(2);

const upstream = await startUpstreamChild();
const targets: Target[] = [];
try {
  for (const entry of flags.entry) {
    const plinth = await startPlinth({ upstream: upstream.url, logLevel: "info", entry, ...(flags["cpu-prof"] ? { cpuProfDir: flags["cpu-prof"] } : {}) });
    const control = controlClient(plinth);
    const guardrails: Record<string, string> = {};
    for (const [name, types] of [["full", PII_TYPES], ["patterns", PATTERN_PII_TYPES]] as const) {
      const { guardrailId } = await control.send(new CreateGuardrailCommand(guardrailRequest(types, `bench-${name}`)));
      await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrailId! }));
      guardrails[name] = guardrailId!;
    }
    control.destroy();
    const t: Target = { plinth, label: entry, agent: new Agent({ keepAlive: true, maxSockets: 1, ca: plinth.ca }), guardrails };
    targets.push(t);
    for (const v of VARIANTS) await run(t, v, Number(flags.warmup));
  }
  bursts.length = 0; // the warm-up's are not profiled
  const samples = new Map<string, Sample[]>();
  for (let round = 0; round < Number(flags.rounds); round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      for (const v of VARIANTS) {
        const s = await run(t, v, Number(flags.requests));
        const key = `${t.label}\u0000${v}`;
        samples.set(key, [...(samples.get(key) ?? []), s]);
      }
    }
    process.stderr.write(`round ${round + 1} done\n`);
  }
  for (const t of targets) {
    const of = (v: string): Sample[] => samples.get(`${t.label}\u0000${v}`)!;
    if (!VARIANTS.includes("none")) continue;
    const none = of("none");
    process.stdout.write(`${t.label}\n  none: CPU/request median ${f(median(none.map((s) => s.cpuMsPerRequest)))} ms, p50 ${f(median(none.flatMap((s) => s.latencies)))} ms, p99 ${f(quantile(none.flatMap((s) => s.latencies), 0.99))} ms\n`);
    for (const v of VARIANTS.filter((x) => x !== "none")) {
      const guarded = of(v);
      // Added CPU per round (guarded minus the same round's baseline), then the median of rounds.
      const added = guarded.map((s, i) => s.cpuMsPerRequest - none[i]!.cpuMsPerRequest);
      const lat = guarded.flatMap((s) => s.latencies);
      const base = none.flatMap((s) => s.latencies);
      process.stdout.write(`  ${v}: CPU/request median ${f(median(guarded.map((s) => s.cpuMsPerRequest)))} ms; added CPU/request median ${f(median(added))} ms (rounds ${added.map(f).join(" ")}), added p50 ${f(median(lat) - median(base))} ms, added p99 ${f(quantile(lat, 0.99) - quantile(base, 0.99))} ms, refused ${guarded.reduce((n, s) => n + s.refused, 0)}\n`);
    }
  }
  if (flags.bursts) await writeFile(flags.bursts, JSON.stringify(bursts));
} finally {
  for (const t of targets) {
    t.agent.destroy();
    await t.plinth.stop();
  }
  await upstream.stop();
}
