// Trains the built-in content classifier and writes src/guardrails/classifier/weights/content.json.
// Run through `npm run train:guardrails` (which compiles first: the features and the trainer are
// the runtime's own code in dist/).
//
// Two paths, both deterministic (training/README.md):
// - synthetic + Davidson: every category's model from training/data/*.jsonl, plus a second HATE
//   and INSULTS model that also learns from the "train" half of Davidson et al.'s tweets
//   from ../shared/data/ (never committed), for HATE and INSULTS only. Used when that file exists;
//   this path produced the committed weights.
// - synthetic only: training/data/*.jsonl. Used when ../shared/data/ is absent or
//   PLINTH_TRAIN_SYNTHETIC_ONLY=1.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { calibrationRate, shiftPrior, splitOf, train } from "../dist/src/guardrails/classifier/train.js";
import { readDavidson } from "./public-data.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = join(root, "training", "data");
const rows = readdirSync(dataDir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort()
  .flatMap((f) => readFileSync(join(dataDir, f), "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)));
const CATEGORIES = ["HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK", "SEXUAL", "VIOLENCE"];
const REAL_TEXT_CATEGORIES = ["HATE", "INSULTS"];
const started = Date.now();
// Every category's first model learns from the synthetic rows alone, whichever path runs.
const model = train(rows, CATEGORIES);
let trainedOn = `training/data/*.jsonl (${rows.length} synthetic rows)`;
let realText;
const davidson = process.env.PLINTH_TRAIN_SYNTHETIC_ONLY === "1" ? undefined : readDavidson();
if (davidson === undefined) {
  console.log("training on the synthetic rows only (../shared/data/toxicity/davidson_labeled_data.csv absent or PLINTH_TRAIN_SYNTHETIC_ONLY=1)");
} else {
  // A second HATE and INSULTS model learns from the synthetic rows plus the "train" half of the
  // tweets. Hate speech is abuse too, so class 0 trains INSULTS as well as HATE; "neither" is a
  // negative for both. The tweets say nothing about the other four categories.
  const half = davidson.filter((t) => t.half === "train");
  const tweets = half.map((t) => ({
    text: t.text,
    labels: t.cls === 0 ? ["HATE", "INSULTS"] : t.cls === 1 ? ["INSULTS"] : [],
    // The eval keeps the other half out, so no tweet need be set aside as "test" here.
    split: splitOf(t.text) === "calibrate" ? "calibrate" : "train",
  }));
  const mixed = [...rows, ...tweets];
  const fitted = train(mixed, REAL_TEXT_CATEGORIES).categories;
  // Most tweets are offensive, so the calibrated probabilities carry that base rate; move them
  // back to the synthetic rows' rate, else text the model knows nothing about (Chinese, say)
  // scores near the tweets' rate and a HIGH filter blocks it.
  realText = Object.fromEntries(REAL_TEXT_CATEGORIES.map((c) => [c, shiftPrior(fitted[c], calibrationRate(mixed, c), calibrationRate(rows, c))]));
  trainedOn += ` + real-text HATE and INSULTS models on those and the "train" half of Davidson et al.'s tweets (${half.length} rows; training/public-data.js)`;
  console.log(`real-text models: ${rows.length} synthetic rows and ${half.length} Davidson tweets (the "train" half; the "held" half is never read here)`);
}
const out = join(root, "src", "guardrails", "classifier", "weights", "content.json");
const file = { format: model.format, bucketBits: model.bucketBits, trainedOn, categories: model.categories, ...(realText === undefined ? {} : { realText }) };
writeFileSync(out, JSON.stringify(file, null, 1) + "\n");
console.log(`trained in ${Date.now() - started} ms -> ${out.slice(root.length + 1)}`);
