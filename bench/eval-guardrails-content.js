// Accuracy and speed of the content filters: the cue lexicon, the trained n-gram model and their
// combination (max), per category and per filter strength.
//
//   npx tsc -p tsconfig.json && node bench/eval-guardrails-content.js
//
// 1. The held-out test split of training/data/*.jsonl (rows the model never saw, chosen by a hash
//    of the text). This set is synthetic and from the same templates as the training rows, so
//    it flatters the model: read it as a regression check, not as real-world accuracy.
// 2. Where ../shared/data/ exists (development sets that must not be committed), public labelled
//    sets: PIGuard's validation and NotInject sets, Giskard's prompt injections, and Davidson
//    et al.'s hate/offensive tweets. These are the honest figures.
//    The committed weights learnt from one half of Davidson's tweets (training/public-data.js
//    splits them by a hash of the text), so only the other half is scored here; the attack sets
//    are never trained on.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { lexicalClassifier } from "../dist/src/guardrails/lexical.js";
import { trainedClassifier } from "../dist/src/guardrails/classifier/trained.js";
import { combinedClassifier } from "../dist/src/guardrails/classifier/combined.js";
import { splitOf } from "../dist/src/guardrails/classifier/train.js";
import weightsFile from "../src/guardrails/classifier/weights/content.json" with { type: "json" };
import { parseCsv, readDavidson } from "../training/public-data.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CATEGORIES = ["PROMPT_ATTACK", "HATE", "INSULTS", "VIOLENCE", "SEXUAL", "MISCONDUCT"];
const STRENGTHS = [["LOW", 0.8], ["MEDIUM", 0.5], ["HIGH", 0.2]];
const CLASSIFIERS = [["lexical", lexicalClassifier], ["trained", trainedClassifier], ["combined", combinedClassifier]];
const ALL = new Set(CATEGORIES);
const pct = (x) => (Number.isFinite(x) ? (100 * x).toFixed(1).padStart(5) : "   - ");

async function scoreAll(classifier, texts, categories = ALL) {
  const out = [];
  for (const text of texts) out.push(await classifier.classify(text, categories));
  return out;
}

function prf(scores, labels, category, threshold) {
  let tp = 0, fp = 0, fn = 0;
  scores.forEach((s, i) => {
    const hit = (s.get(category) ?? 0) >= threshold;
    const pos = labels[i].includes(category);
    if (hit && pos) tp += 1;
    else if (hit) fp += 1;
    else if (pos) fn += 1;
  });
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  return { p, r, f1: (2 * p * r) / (p + r) };
}

// --- 1. held-out synthetic split
const dataDir = join(root, "training", "data");
const rows = readdirSync(dataDir).filter((f) => f.endsWith(".jsonl")).sort()
  .flatMap((f) => readFileSync(join(dataDir, f), "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)));
const test = rows.filter((r) => splitOf(r.text) === "test");
console.log(`weights trained on: ${weightsFile.trainedOn ?? "training/data/*.jsonl"}`);
console.log(`held-out synthetic split: ${test.length} of ${rows.length} rows (P / R / F1 %)`);
const header = `${"category".padEnd(14)}${"strength".padEnd(9)}` + CLASSIFIERS.map(([n]) => n.padEnd(21)).join("");
console.log(header);
const heldScores = new Map();
for (const [name, c] of CLASSIFIERS) heldScores.set(name, await scoreAll(c, test.map((r) => r.text)));
const f1Sum = new Map(CLASSIFIERS.map(([n]) => [n, 0]));
for (const category of CATEGORIES) {
  for (const [strength, threshold] of STRENGTHS) {
    let line = `${category.padEnd(14)}${strength.padEnd(9)}`;
    for (const [name] of CLASSIFIERS) {
      const { p, r, f1 } = prf(heldScores.get(name), test.map((t) => t.labels), category, threshold);
      f1Sum.set(name, f1Sum.get(name) + (Number.isFinite(f1) ? f1 : 0));
      line += `${pct(p)} ${pct(r)} ${pct(f1)}`.padEnd(21);
    }
    console.log(line);
  }
}
console.log(`macro F1 over categories × strengths: ${CLASSIFIERS.map(([n]) => `${n} ${pct(f1Sum.get(n) / (CATEGORIES.length * STRENGTHS.length))}`).join(", ")}`);

// --- 2. public development sets, where present
const shared = join(root, "..", "shared", "data");
if (!existsSync(shared)) {
  console.log(`\n${shared} is absent: skipping the public development sets`);
} else {
  const attack = [];
  const piguard = join(shared, "injection", "piguard_valid_nopint.json");
  if (existsSync(piguard)) for (const r of JSON.parse(readFileSync(piguard, "utf8"))) attack.push({ text: r.prompt, pos: r.label === 1, set: "PIGuard valid" });
  const notInject = join(shared, "injection", "piguard_NotInject_one.json");
  if (existsSync(notInject)) for (const r of JSON.parse(readFileSync(notInject, "utf8"))) attack.push({ text: r.prompt, pos: false, set: "NotInject" });
  const giskard = join(shared, "injection", "giskard_prompt_injections.csv");
  if (existsSync(giskard)) {
    const [head, ...body] = parseCsv(readFileSync(giskard, "utf8"));
    const col = head.indexOf("prompt");
    for (const r of body) if (r[col]) attack.push({ text: r[col], pos: true, set: "Giskard" });
  }
  const one = new Set(["PROMPT_ATTACK"]);
  console.log(`\nPROMPT_ATTACK on public sets (${attack.length} texts): TPR = attacks caught, FPR = benign flagged, at MEDIUM / HIGH`);
  for (const [name, c] of CLASSIFIERS) {
    const scores = await scoreAll(c, attack.map((a) => a.text), one);
    const parts = [];
    for (const set of [...new Set(attack.map((a) => a.set))]) {
      for (const [strength, threshold] of STRENGTHS.slice(1)) {
        const idx = attack.map((a, i) => [a, i]).filter(([a]) => a.set === set);
        const pos = idx.filter(([a]) => a.pos), neg = idx.filter(([a]) => !a.pos);
        const hit = ([, i]) => scores[i].get("PROMPT_ATTACK") >= threshold;
        parts.push(`${set} ${strength}: ${pos.length ? `TPR ${pct(pos.filter(hit).length / pos.length)}` : ""}${neg.length ? ` FPR ${pct(neg.filter(hit).length / neg.length)}` : ""}`);
      }
    }
    // Balanced accuracy over all attack sets together, the shape of PINT's score.
    for (const [strength, threshold] of STRENGTHS.slice(1)) {
      const pos = attack.map((a, i) => [a, i]).filter(([a]) => a.pos), neg = attack.map((a, i) => [a, i]).filter(([a]) => !a.pos);
      const tpr = pos.filter(([, i]) => scores[i].get("PROMPT_ATTACK") >= threshold).length / pos.length;
      const tnr = neg.filter(([, i]) => scores[i].get("PROMPT_ATTACK") < threshold).length / neg.length;
      parts.push(`all ${strength}: balanced accuracy ${pct((tpr + tnr) / 2)}`);
    }
    console.log(`  ${name.padEnd(9)} ${parts.join(" | ")}`);
  }
  {
    // Real-text toxicity models must not fire on ordinary requests: HATE or INSULTS on the benign
    // prompts of the attack sets (PIGuard valid label 0 and NotInject, many not in English).
    const benign = attack.filter((a) => !a.pos).map((a) => a.text);
    const two = new Set(["HATE", "INSULTS"]);
    const parts = [];
    for (const [name, c] of CLASSIFIERS) {
      const scores = await scoreAll(c, benign, two);
      parts.push(`${name} ` + STRENGTHS.slice(1).map(([strength, threshold]) => `${strength} ${pct(scores.filter((s) => Math.max(s.get("HATE"), s.get("INSULTS")) >= threshold).length / benign.length)}`).join(" "));
    }
    console.log(`\nbenign prompts (${benign.length}) flagged HATE or INSULTS, %: ${parts.join(" | ")}`);
  }
  const all = readDavidson();
  if (all !== undefined) {
    // Training may learn from the "train" half (training/public-data.js): only the other half is scored.
    const tweets = all.filter((t) => t.half === "held");
    const two = new Set(["HATE", "INSULTS"]);
    console.log(`\nDavidson tweets, held-out half (${tweets.length} of ${all.length}; training may read only the other half): hate (class 0) via HATE, hate-or-offensive (0/1) via max(HATE, INSULTS); P / R at MEDIUM and HIGH`);
    for (const [name, c] of CLASSIFIERS) {
      const scores = await scoreAll(c, tweets.map((t) => t.text), two);
      const parts = [];
      for (const [strength, threshold] of STRENGTHS.slice(1)) {
        const rate = (isPos, flag) => {
          let tp = 0, fp = 0, fn = 0;
          tweets.forEach((t, i) => { const h = flag(scores[i]) >= threshold; const p = isPos(t); if (h && p) tp += 1; else if (h) fp += 1; else if (p) fn += 1; });
          return `P ${pct(tp / (tp + fp))} R ${pct(tp / (tp + fn))}`;
        };
        // Precision hides how often a clean tweet is flagged (they are 17% of the set): say it.
        const clean = tweets.map((t, i) => [t, i]).filter(([t]) => t.cls === 2);
        const cleanFlagged = clean.filter(([, i]) => Math.max(scores[i].get("HATE"), scores[i].get("INSULTS")) >= threshold).length / clean.length;
        parts.push(`${strength} hate ${rate((t) => t.cls === 0, (s) => s.get("HATE"))}, hate/offensive ${rate((t) => t.cls !== 2, (s) => Math.max(s.get("HATE"), s.get("INSULTS")))}, "neither" flagged ${pct(cleanFlagged)}`);
      }
      console.log(`  ${name.padEnd(9)} ${parts.join(" | ")}`);
    }
  }
}

// --- 3. throughput: all six categories over a ~1 KB mixed text
const kb = (rows.slice(0, 40).map((r) => r.text).join(" ")).slice(0, 1024);
for (const [name, c] of CLASSIFIERS) {
  for (let i = 0; i < 200; i += 1) await c.classify(kb, ALL);
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1) await c.classify(kb, ALL);
  const ms = (performance.now() - t0) / n;
  console.log(`throughput ${name.padEnd(9)} ${ms.toFixed(3)} ms per KB, six categories (${(1000 / ms).toFixed(0)} KB/s on one core)`);
}
