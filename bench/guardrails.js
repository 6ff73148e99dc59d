// Guardrail evaluation cost: `npx tsc -p tsconfig.json && node bench/guardrails.js`.
// A full evaluation (PII, custom regex, words, managed profanity, topics, all six content
// filters) of a 4 KB prompt, p50/p99, against the honest floor: one pass of a trivial regex
// over the same text. Uses the real PII finder when dist/src/guardrails/pii/index.js exists.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, resolve } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { compileGuardrail, evaluate, OutputScanner } = await import(pathToFileURL(resolve(root, "dist/src/guardrails/index.js")).href);

const simplePii = {
  find(text, types) {
    const out = [];
    if (types.has("EMAIL")) for (const m of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) out.push({ type: "EMAIL", start: m.index, end: m.index + m[0].length, score: 0.9 });
    if (types.has("UK_NATIONAL_INSURANCE_NUMBER")) for (const m of text.matchAll(/\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g)) out.push({ type: "UK_NATIONAL_INSURANCE_NUMBER", start: m.index, end: m.index + m[0].length, score: 0.9 });
    return out;
  },
  maxLength: () => 64,
};

async function realPii() {
  const path = resolve(root, "dist/src/guardrails/pii/index.js");
  if (!existsSync(path)) return undefined;
  const mod = await import(pathToFileURL(path).href);
  const isFinder = (v) => v && typeof v.find === "function" && typeof v.maxLength === "function";
  for (const value of Object.values(mod)) {
    if (isFinder(value)) return value;
    if (typeof value === "function" && value.length === 0) {
      try {
        const made = value();
        if (isFinder(made)) return made;
      } catch { /* not a factory */ }
    }
  }
  return undefined;
}

const real = await realPii();
const pii = real ?? simplePii;
const on = { inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true };
const anon = { ...on, inputAction: "ANONYMIZE", outputAction: "ANONYMIZE" };
const policies = {
  blockedInputMessaging: "no", blockedOutputsMessaging: "no",
  piiEntities: ["EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "CREDIT_DEBIT_CARD_NUMBER", "NAME", "ADDRESS"].map((type) => ({ type, ...anon })),
  regexes: [{ name: "ticket", pattern: "TCK-\\d{6}", ...anon }],
  words: ["project nightingale", "codename", "merger", "layoffs", "acquisition target"].map((text) => ({ text, ...on })),
  managedWordLists: [{ type: "PROFANITY", ...on }],
  topics: [{ name: "Investment advice", definition: "Recommendations on where to invest money, which stocks or funds to buy, or how to grow savings.", examples: ["Which stocks should I buy?", "Should my pension go into bonds?"], type: "DENY", ...on }],
  contentFilters: ["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK"].map((type) => ({ type, inputStrength: "HIGH", outputStrength: type === "PROMPT_ATTACK" ? "NONE" : "HIGH", ...on })),
};
const g = compileGuardrail(policies, { pii });

const paragraph = "Please review the attached report from Ada Lovelace (ada.lovelace@example.org, NI AB 12 34 56 C, ticket TCK-123456) about the quarterly figures for the north-west region, and summarise the main risks in plain language for the board. ";
let text = "";
while (text.length < 4096) text += paragraph;
text = text.slice(0, 4096);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
async function measure(fn, runs) {
  for (let i = 0; i < 200; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

const runs = Number(process.env.RUNS ?? 2000);
const full = await measure(() => evaluate(g, "INPUT", [text]), runs);
const floor = await measure(async () => { let n = 0; for (const _ of text.matchAll(/\d+/g)) n++; return n; }, runs);
const piiOnly = await measure(async () => pii.find(text, new Set(policies.piiEntities.map((p) => p.type))), runs);
const streamed = await measure(async () => {
  const s = new OutputScanner(g, "OUTPUT");
  for (let i = 0; i < text.length; i += 64) await s.push(text.slice(i, i + 64));
  await s.end();
}, Math.min(runs, 300));

const fmt = (ms) => `${ms.toFixed(3)} ms`;
console.log(`guardrail bench: 4096-char prompt, PII finder: ${real ? "real (dist/src/guardrails/pii)" : "simple regex stand-in"}, ${runs} runs`);
console.log(`full evaluation      p50 ${fmt(full.p50)}  p99 ${fmt(full.p99)}`);
console.log(`floor (one regex)    p50 ${fmt(floor.p50)}  p99 ${fmt(floor.p99)}`);
console.log(`ratio to floor       p50 ${(full.p50 / floor.p50).toFixed(1)}x  p99 ${(full.p99 / floor.p99).toFixed(1)}x`);
console.log(`PII scan alone       p50 ${fmt(piiOnly.p50)}  → ${(4096 / 1e6 / (piiOnly.p50 / 1000)).toFixed(1)} MB/s per core`);
console.log(`stream, 64-char chunks (whole answer)  p50 ${fmt(streamed.p50)}  p99 ${fmt(streamed.p99)}`);
