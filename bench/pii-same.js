// Whether two builds find the same PII, span for span: findPii (and nlp-doc's windows and parse)
// of each text in both, compared exactly. For a change meant to leave detection as it was.
//
//   node bench/pii-same.js OLD_DIST NEW_DIST
//
// Texts: the bench prompt; the presidio-research set (../shared/data, not committed) as written,
// in lower case and in upper case; and generated long runs with no space (tab-separated words),
// whose chunks nlp-doc cuts hard, inside a word, at every offset around a name or a number.
// Each tree must be a whole `dist`; give OLD_DIST a node_modules/compromise copy of its own (see
// bench/pii-scan-ab.js). Exits 1 on any difference, printing the first few.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const [oldDist, newDist] = process.argv.slice(2);
if (!oldDist || !newDist) {
  process.stderr.write("usage: node bench/pii-same.js OLD_DIST NEW_DIST\n");
  process.exit(2);
}
const load = async (dist) => {
  const root = resolve(dist);
  return {
    fixture: await import(`${root}/bench/guardrail-fixture.js`),
    pii: await import(`${root}/src/guardrails/pii/index.js`),
    doc: await import(`${root}/src/guardrails/pii/nlp-doc.js`),
  };
};
const [a, b] = [await load(oldDist), await load(newDist)];
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
const presidio = existsSync(PRESIDIO) ? JSON.parse(readFileSync(PRESIDIO, "utf8")).map((d) => d.full_text) : [];
const texts = [b.fixture.PROMPT_4K, ...presidio, ...presidio.map((t) => t.toLowerCase()), ...presidio.map((t) => t.toUpperCase())];
// Hard cuts: 600 characters with no space, so the first chunk ends at 600 inside whatever word
// is there; the cut word moved across every offset.
const tails = ["12ab\tcd\tstation\troad\tnow", "Ada\tLovelaceSmith\twrote\tto\tGrace\tHopper.", "abcdeJones\tsaid\thi\tto\tMr\tBrown", "1234\tstation\troad\tLeeds", "met\tAnna\tKowalska\tin\tKrakow,\tPoland", "x@Name\t#Tag\tO'Neill-Smith\tÉlodie\tDupont"];
for (const tail of tails) {
  for (let pad = 560; pad <= 620; pad++) texts.push("w\t".repeat(pad >> 1).slice(0, pad) + tail + "\tand\tthen\tsome\tmore\twords".repeat(30));
}
const types = new Set(["NAME", "ADDRESS", "CREDIT_DEBIT_CARD_NUMBER", "PHONE", "EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "US_SOCIAL_SECURITY_NUMBER", "IP_ADDRESS", "AGE", "URL"]);
let differ = 0;
const same = (what, text, x, y) => {
  const sx = JSON.stringify(x);
  const sy = JSON.stringify(y);
  if (sx === sy) return;
  if (++differ <= 5) process.stdout.write(`differs (${what}) on ${JSON.stringify(text.slice(0, 80))}…\n  old ${sx.slice(0, 300)}\n  new ${sy.slice(0, 300)}\n`);
};
for (const text of texts) {
  const w = [a, b].map((m) => m.doc.windowsOf(text));
  const p = [a, b].map((m) => { const r = m.doc.parse(text); m.doc.forgetParse(); return r; });
  same("windowsOf", text, w[0], w[1]);
  same("parse", text, p[0], p[1]);
  same("findPii", text, a.pii.findPii(text, types), b.pii.findPii(text, types));
}
process.stdout.write(`${texts.length} texts (${presidio.length} presidio, as written, lower and upper case; ${tails.length * 61} hard cuts): ${differ === 0 ? "identical" : `${differ} differ`}\n`);
process.exit(differ === 0 ? 0 : 1);
