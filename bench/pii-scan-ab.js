// PII scan speed of two builds, paired: both dist trees loaded in one process, their passes
// alternated (which goes first alternating too), CPU time of this process per pass. The paired
// ratio is what to read on a shared machine: a neighbour's load moves both passes of a round.
//
//   node bench/pii-scan-ab.js OLD_DIST NEW_DIST [bench|presidio] [ROUNDS]
//
// bench: the 4 KB bench prompt with its six types (bench/guardrail-fixture.ts), 200 scans a pass.
// presidio: the presidio-research set's texts (../shared/data, not committed) with the same types.
// Each tree must be a whole `dist` (dist/src and dist/bench). Both resolve compromise from their
// own path: give OLD_DIST a node_modules/compromise copy of its own, or a change to compromise's
// shared world (nlp-doc.ts patches its parseMatch) reaches the old build too.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const [oldDist, newDist, mode = "bench", roundsArg = "20"] = process.argv.slice(2);
if (!oldDist || !newDist) {
  process.stderr.write("usage: node bench/pii-scan-ab.js OLD_DIST NEW_DIST [bench|presidio] [ROUNDS]\n");
  process.exit(2);
}
const rounds = Number(roundsArg);
const load = async (dist) => {
  const root = resolve(dist);
  const fixture = await import(`${root}/bench/guardrail-fixture.js`);
  const { piiFinder } = await import(`${root}/src/guardrails/pii/index.js`);
  const types = new Set(fixture.PII_TYPES);
  piiFinder.prepare(types);
  return { fixture, piiFinder, types };
};
const builds = [await load(oldDist), await load(newDist)];
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
let texts;
if (mode === "bench") texts = [builds[1].fixture.PROMPT_4K];
else if (existsSync(PRESIDIO)) texts = JSON.parse(readFileSync(PRESIDIO, "utf8")).map((d) => d.full_text);
else {
  process.stderr.write(`no ${PRESIDIO.pathname}: the presidio set is not committed\n`);
  process.exit(2);
}
const repeat = mode === "bench" ? 200 : 1;
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) * repeat;
const pass = (b) => {
  const cpu = process.cpuUsage();
  for (let r = 0; r < repeat; r++) for (const t of texts) b.piiFinder.find(t, b.types);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
};
for (let w = 0; w < 3; w++) for (const b of builds) pass(b);
const seconds = [[], []];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) seconds[i].push(pass(builds[i]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbs = (s) => (bytes / 1e6 / median(s)).toFixed(2);
const ratios = seconds[0].map((s, i) => s / seconds[1][i]).sort((a, b) => a - b);
console.log(`${mode}, ${rounds} rounds: old ${mbs(seconds[0])} MB/s per core, new ${mbs(seconds[1])} MB/s per core (median pass); ` +
  `new/old speed, paired: median ${median(ratios).toFixed(3)}, quartiles ${ratios[Math.floor(rounds / 4)].toFixed(3)}–${ratios[Math.floor((3 * rounds) / 4)].toFixed(3)}`);
