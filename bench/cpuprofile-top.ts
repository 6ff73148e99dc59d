import { readFile } from "node:fs/promises";
import { basename } from "node:path";

/**
 * Top self-time entries of a V8 CPU profile (`node --cpu-prof`), as shares of the busy samples
 * (idle excluded), optionally skipping the first seconds (start-up and JIT warm-up):
 *
 *   node dist/bench/cpuprofile-top.js FILE.cpuprofile [--skip SECONDS] [--top N]
 */
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const args = process.argv.slice(2);
const file = args[0];
if (!file) {
  process.stderr.write("usage: cpuprofile-top.js FILE.cpuprofile [--skip SECONDS] [--top N]\n");
  process.exit(2);
}
const opt = (name: string, d: number): number => { const i = args.indexOf(name); return i < 0 ? d : Number(args[i + 1]); };
const skipUs = opt("--skip", 0) * 1e6;
const top = opt("--top", 40);
const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let t = 0;
let busy = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  if (t < skipUs) return;
  const f = byId.get(id)!.callFrame;
  if (f.functionName === "(idle)") return;
  const key = `${f.functionName || "(anonymous)"} ${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ""}`;
  self.set(key, (self.get(key) ?? 0) + 1);
  busy++;
});
process.stdout.write(`${busy} busy samples\n`);
for (const [k, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${((100 * n) / busy).toFixed(2).padStart(6)} %  ${k}\n`);
