import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { runLoad } from "./load.js";
import { MODEL_ID, startPlinth } from "./plinth.js";
import { startUpstreamChild } from "./processes.js";
import { converseBody, signConverse } from "./sign.js";

/**
 * Bytes the JavaScript heap allocates per answer to a SigV4 Converse (the instant upstream, 16
 * connections), from V8's sampling heap profiler over a fixed number of answers after a warm-up:
 * unlike CPU time it does not move with a shared machine's load, so two builds compare in a few
 * runs (issue 13). The build before a change as for bench/req-cost.ts:
 *
 *   node dist/bench/alloc.js [--before dist-before/plinth-bin.js] [--answers 4000] [--runs 2]
 */
const { values: flags } = parseArgs({
  options: { before: { type: "string" }, answers: { type: "string", default: "4000" }, runs: { type: "string", default: "2" } },
});
interface Frame { selfSize?: number; children?: Frame[] }
const total = (f: Frame): number => (f.selfSize ?? 0) + (f.children ?? []).reduce((s, c) => s + total(c), 0);
const probe = fileURLToPath(new URL("./heap-probe.js", import.meta.url));
const answers = Number(flags.answers);
const dir = await mkdtemp(join(tmpdir(), "plinth-alloc-"));
const upstream = await startUpstreamChild();
try {
  const builds: [string, string | undefined][] = [["after", undefined], ...(flags.before ? [["before", flags.before] as [string, string]] : [])];
  for (let run = 0; run < Number(flags.runs); run++) {
    for (const [name, entry] of run % 2 === 0 ? builds : [...builds].reverse()) {
      const p = await startPlinth({ upstream: upstream.url, logLevel: "info", ...(entry ? { entry } : {}), nodeArgs: ["--import", probe], env: { PLINTH_HEAP_PROBE_DIR: dir } });
      try {
        const s = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
        await runLoad({ url: p.url, tlsCa: p.ca, connections: 16, durationSeconds: 6, warmupSeconds: 1, pids: { plinth: p.pid }, ...s });
        process.kill(p.pid, "SIGUSR2");
        await new Promise((r) => setTimeout(r, 300));
        let ok = 0;
        await new Promise<void>((resolve, reject) => {
          const instance = autocannon({ url: p.url + s.path, method: "POST", headers: s.headers, body: s.body, connections: 16, amount: answers, timeout: 10 }, (error) => (error ? reject(error) : resolve()));
          instance.on("response", (_client: unknown, status: number) => { if (status === 200) ok++; });
        });
        if (ok !== answers) throw new Error(`${name}: ${ok} of ${answers} answers were 200`);
      } finally {
        await p.stop();
      }
      const profile = JSON.parse(await readFile(join(dir, `heap-${p.pid}.json`), "utf8")) as { head: Frame };
      process.stdout.write(`${name}: ${Math.round(total(profile.head) / answers)} bytes allocated per answer (sampled, ${answers} answers)\n`);
    }
  }
} finally {
  await upstream.stop();
  await rm(dir, { recursive: true, force: true });
}
