// A server's V8 CPU profile split by what the load generator was sending at each moment
// (bench/guarded-call-ab.ts --cpu-prof DIR --bursts FILE): self time per function per request of
// each variant, and each variant's excess over `none`, so two kinds of call are compared inside
// one server at interleaved moments rather than across runs at different loads.
//
//   node bench/profile-bursts.js PROFILE.cpuprofile BURSTS.json [--pid PID] [--top N] [--against VARIANT]
import { readFileSync } from "node:fs";

const [file, burstsFile, ...rest] = process.argv.slice(2);
const opt = (name, d) => { const i = rest.indexOf(name); return i < 0 ? d : rest[i + 1]; };
const top = Number(opt("--top", 40));
const against = opt("--against", "none");
const profile = JSON.parse(readFileSync(file, "utf8"));
const pid = Number(opt("--pid", /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file)?.[1] ?? "0"));
const bursts = JSON.parse(readFileSync(burstsFile, "utf8")).filter((b) => pid === 0 || b.pid === pid)
  .map((b) => ({ ...b, start: Number(BigInt(b.startNs) / 1000n), end: Number(BigInt(b.endNs) / 1000n) }));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (f) => `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber}`;
const self = new Map(); // variant -> key -> µs
const incl = new Map();
const requests = new Map();
for (const b of bursts) requests.set(b.variant, (requests.get(b.variant) ?? 0) + b.requests);
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  const node = byId.get(id);
  if (node.callFrame.functionName === "(idle)") return;
  const b = bursts.find((x) => t >= x.start && t < x.end);
  if (!b) return;
  const dt = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
  const s = self.get(b.variant) ?? new Map(); self.set(b.variant, s);
  s.set(key(node.callFrame), (s.get(key(node.callFrame)) ?? 0) + dt);
  const inc = incl.get(b.variant) ?? new Map(); incl.set(b.variant, inc);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur).callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inc.set(k, (inc.get(k) ?? 0) + dt);
  }
});
const per = (m, v, k) => (m.get(v)?.get(k) ?? 0) / (requests.get(v) ?? 1);
for (const v of [...requests.keys()]) {
  const total = [...(self.get(v)?.values() ?? [])].reduce((a, b) => a + b, 0) / requests.get(v);
  console.log(`${v}: ${requests.get(v)} requests, ${total.toFixed(0)} µs of busy samples per request`);
}
for (const v of [...requests.keys()].filter((x) => x !== against)) {
  for (const [label, m] of [["self", self], ["inclusive", incl]]) {
    const keys = new Set([...(m.get(v)?.keys() ?? []), ...(m.get(against)?.keys() ?? [])]);
    const rows = [...keys].map((k) => [k, per(m, v, k) - per(m, against, k)]).sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`\n${v} minus ${against}, ${label}, µs per request:`);
    for (const [k, d] of rows) console.log(`${d.toFixed(1).padStart(9)}  ${k.slice(0, 150)}`);
  }
}
