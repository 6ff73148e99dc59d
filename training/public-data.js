// The public development sets that training may learn from, read from ../shared/data/ where it
// exists (never committed: see that directory's README). Shared by training/train.js and
// bench/eval-guardrails-content.js so both agree, row by row, on which half training saw.
//
// Davidson et al.'s tweets are split in two by a salted FNV-1a hash of the tweet's text: the
// "train" half may be learnt from, the "held" half is only ever evaluated on. Splitting by text
// (not by row number) keeps duplicate tweets on one side, so nothing trained on is scored.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SHARED = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared", "data");
export const DAVIDSON = join(SHARED, "toxicity", "davidson_labeled_data.csv");

/** RFC 4180-ish: quoted fields may hold commas, doubled quotes and new lines. */
export function parseCsv(text) {
  const out = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); out.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); out.push(row); }
  return out;
}

/** "train" or "held", fixed per text: 50/50 by a hash salted so it is unrelated to splitOf's. */
export function davidsonHalf(text) {
  let h = 0x811c9dc5;
  const salted = `davidson-half-2026:${text}`;
  for (let i = 0; i < salted.length; i += 1) h = Math.imul(h ^ salted.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  h ^= h >>> 15;
  return (h & 1) === 0 ? "train" : "held";
}

/** Davidson's tweets as {text, cls, half}: class 0 hate speech, 1 offensive, 2 neither; undefined where absent. */
export function readDavidson() {
  if (!existsSync(DAVIDSON)) return undefined;
  const [head, ...body] = parseCsv(readFileSync(DAVIDSON, "utf8"));
  const cls = head.indexOf("class"), tweet = head.indexOf("tweet");
  return body.filter((r) => r[tweet] !== undefined).map((r) => ({ text: r[tweet], cls: Number(r[cls]), half: davidsonHalf(r[tweet]) }));
}
