import { parseArgs } from "node:util";
import { memoryOf, startUpstreamChild } from "./processes.js";
import { startPlinth } from "./plinth.js";

/**
 * Idle RSS of one plinth (`--workers 1`, embedded defaults, a first start) 1 s after it listens,
 * as `npm run bench` reads it (issue 13), for before/after pairs: each build started in turn,
 * the order reversed on alternate rounds, so the machine's other load moves both sides.
 *
 *   node dist/bench/idle-rss.js [--before COPY/bin/plinth.js] [--rounds 5] [--workers N]
 *
 * With --workers N (> 1) the figure is the primary's, and the workers' are listed beside it.
 * The build before a change: a copy of bin/ and dist/ (and a node_modules link) elsewhere.
 */
const { values: flags } = parseArgs({ options: { before: { type: "string" }, rounds: { type: "string", default: "5" }, workers: { type: "string", default: "1" } } });
const sides = [{ name: "after", entry: "bin/plinth.js" }, ...(flags.before ? [{ name: "before", entry: flags.before }] : [])];
const upstream = await startUpstreamChild();
const rss: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
const workerRss: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
for (let round = 0; round < Number(flags.rounds); round++) {
  for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
    const p = await startPlinth({ upstream: upstream.url, logLevel: "info", entry: side.entry, workers: Number(flags.workers) });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // as bench/run.ts: start-up work settles
    rss[side.name]!.push((await memoryOf(p.pid)).rssMiB);
    for (const pid of p.workerPids) workerRss[side.name]!.push((await memoryOf(pid)).rssMiB);
    await p.stop();
  }
}
await upstream.stop();
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const [name, xs] of Object.entries(rss)) {
  const mib = median(xs);
  const workers = workerRss[name]!.length > 0 ? `; workers: median ${median(workerRss[name]!).toFixed(1)} MiB` : "";
  console.log(`${name}: idle RSS median ${mib.toFixed(1)} MiB (${(mib * 1.048576).toFixed(1)} MB), runs ${xs.join(", ")} MiB${workers}`);
}
