// CPU time of the NAME cue detectors alone (findNameCues and firmLists) in two builds, loaded in
// one process and alternated (which goes first alternating too): the bench prompt, the same in
// lower case (where the lower-case rules read every word) and, when present, the presidio set.
//
//   node bench/name-cues-ab.js OLD_DIST NEW_DIST [ROUNDS]
//
// Each tree must be a whole `dist` (dist/src and dist/bench). For the scan as a whole see
// bench/pii-scan-ab.js.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const [oldDist, newDist, roundsArg = "12"] = process.argv.slice(2);
if (!oldDist || !newDist) {
  process.stderr.write("usage: node bench/name-cues-ab.js OLD_DIST NEW_DIST [ROUNDS]\n");
  process.exit(2);
}
const rounds = Number(roundsArg);
const load = async (dist) => {
  const root = resolve(dist);
  const cues = await import(`${root}/src/guardrails/pii/name-cues.js`);
  const nlp = await import(`${root}/src/guardrails/pii/nlp-doc.js`);
  nlp.prepareNlp();
  const lx = { lexicon: nlp.nameLexicon(), commonOpeners: nlp.COMMON_OPENERS };
  // A build whose words are split once per text keeps them until findPii forgets the text:
  // forgotten after each call here, so each call pays for its split as findPii's first reader does.
  return (text) => { cues.findNameCues(text, lx); cues.firmLists(text, lx); nlp.forgetParse(); };
};
const { PROMPT_4K } = await import(`${resolve(newDist)}/bench/guardrail-fixture.js`);
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
const sets = [["bench prompt (4 KB)", [PROMPT_4K], 500], ["bench prompt, lower case", [PROMPT_4K.toLowerCase()], 300]];
if (existsSync(PRESIDIO)) sets.push(["presidio set (1,000 texts)", JSON.parse(readFileSync(PRESIDIO, "utf8")).map((d) => d.full_text), 5]);
const builds = [await load(oldDist), await load(newDist)];
const pass = (run, texts, repeat) => {
  const cpu = process.cpuUsage();
  for (let r = 0; r < repeat; r++) for (const t of texts) run(t);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / repeat; // µs per pass over the texts
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, texts, repeat] of sets) {
  for (let w = 0; w < 3; w++) for (const b of builds) pass(b, texts, repeat);
  const us = [[], []];
  for (let r = 0; r < rounds; r++) for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) us[i].push(pass(builds[i], texts, repeat));
  const ratios = us[0].map((u, i) => u / us[1][i]);
  console.log(`${name}: old ${median(us[0]).toFixed(1)} µs, new ${median(us[1]).toFixed(1)} µs CPU (median pass); new/old speed, paired median ${median(ratios).toFixed(3)}`);
}
