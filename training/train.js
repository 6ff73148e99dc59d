// Trains the built-in content classifier from training/data/*.jsonl and writes
// src/guardrails/classifier/weights/content.json. Run through `npm run train:guardrails`
// (which compiles first: the features and the trainer are the runtime's own code in dist/).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { train } from "../dist/src/guardrails/classifier/train.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = join(root, "training", "data");
const rows = readdirSync(dataDir)
  .filter((f) => f.endsWith(".jsonl"))
  .sort()
  .flatMap((f) => readFileSync(join(dataDir, f), "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l)));
const CATEGORIES = ["HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK", "SEXUAL", "VIOLENCE"];
const started = Date.now();
const model = train(rows, CATEGORIES);
const out = join(root, "src", "guardrails", "classifier", "weights", "content.json");
writeFileSync(out, JSON.stringify(model, null, 1) + "\n");
console.log(`trained ${CATEGORIES.length} categories on ${rows.length} rows in ${Date.now() - started} ms -> ${out.slice(root.length + 1)}`);
