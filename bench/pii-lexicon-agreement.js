// Does the NAME lexicon scan agree with compromise's tagger? For every window the PII pre-pass
// would hand compromise, on the presidio set (../shared/data, when present) and on any JSON
// arrays of texts named on the command line, the people decided from the lexicon alone
// (src/guardrails/pii/lexicon-scan.ts) are compared with what the tagger finds reading that
// window alone (people and places, trailing punctuation trimmed). A decided window must match
// exactly; windows left to the tagger are only counted.
//
//   npx tsc -p tsconfig.json && node bench/pii-lexicon-agreement.js [texts.json ...]
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { decidedPeople, windowsOf } from "../dist/src/guardrails/pii/nlp-doc.js";

const nlp = createRequire(import.meta.url)("compromise");
const world = nlp.world();
const skipped = new Set(["contractions", "alias", "machine", "normal", "chunks"]);
const steps = world.hooks.filter((h) => !skipped.has(h));

/** What plinth's parse reads from the tagger for one window, as [start, end) offsets into it. */
function tagged(text) {
  const doc = nlp.tokenize(text);
  doc.compute(steps);
  const json = Object.getPrototypeOf(doc).json;
  const spans = (view) => json.call(view, { offset: true, terms: false }).map((item) => {
    const start = item.offset.start;
    let end = start + item.offset.length;
    while (end > start && /[\s.,;:!?'")\]]/.test(item.text[end - start - 1] ?? "")) end--;
    return [start, end];
  }).filter(([s, e]) => e > s);
  return { people: spans(doc.people()), places: spans(doc.places()) };
}

const sets = [];
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
if (existsSync(PRESIDIO)) sets.push(["presidio synth dev", JSON.parse(readFileSync(PRESIDIO, "utf8")).map((d) => d.full_text)]);
for (const file of process.argv.slice(2)) sets.push([file, JSON.parse(readFileSync(file, "utf8"))]);

let failed = false;
for (const [name, texts] of sets) {
  let windows = 0;
  let decided = 0;
  let differ = 0;
  for (const text of texts) {
    for (const w of windowsOf(text)) {
      windows++;
      const people = decidedPeople(text, w);
      if (people === undefined) continue;
      decided++;
      const piece = text.slice(w.start, w.end);
      const tagger = tagged(piece);
      const mine = people.map((p) => [p.start - w.start, p.end - w.start]);
      if (JSON.stringify(mine) !== JSON.stringify(tagger.people) || tagger.places.length > 0) {
        differ++;
        const show = (l) => l.map(([s, e]) => piece.slice(s, e));
        if (differ <= 20) console.log(`  differs: ${JSON.stringify(piece)} lexicon ${JSON.stringify(show(mine))} tagger ${JSON.stringify({ people: show(tagger.people), places: show(tagger.places) })}`);
      }
    }
  }
  failed ||= differ > 0;
  console.log(`${name}: ${texts.length} texts, ${windows} windows, ${decided} decided from the lexicon (${(100 * decided / Math.max(1, windows)).toFixed(1)}%), ${differ} differ from the tagger`);
}
process.exitCode = failed ? 1 : 0;
