// CPU time of findPii in two builds, in one process, alternated rounds (the machine is shared:
// a single wall-clock run says little). "before" is another build's dist/ directory.
//
//   npx tsc -p tsconfig.json && node bench/pii-ab.js /path/to/before/dist [--rounds 16]
//
// Build a "before": `git archive <commit> src tsconfig.json package.json | tar -x -C DIR`, link
// node_modules into DIR and run `npx tsc -p tsconfig.json` there (test-only type errors are fine).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const args = process.argv.slice(2);
const beforeDir = args.find((a) => !a.startsWith("--"));
if (beforeDir === undefined) throw new Error("usage: node bench/pii-ab.js /path/to/before/dist [--rounds N]");
const rounds = Number(args[args.indexOf("--rounds") + 1] ?? 16) || 16;
const A = await import(resolve(beforeDir, "src/guardrails/pii/index.js"));
const B = await import(new URL("../dist/src/guardrails/pii/index.js", import.meta.url).href);

// bench/guardrails.js's prompt and its guardrail's PII types; flattened (no rope string).
const paragraph = "Please review the attached report from Ada Lovelace (ada.lovelace@example.org, NI AB 12 34 56 C, ticket TCK-123456) about the quarterly figures for the north-west region, and summarise the main risks in plain language for the board. ";
const prompt = Buffer.from(paragraph.repeat(20).slice(0, 4096)).toString();
const six = new Set(["EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "CREDIT_DEBIT_CARD_NUMBER", "NAME", "ADDRESS"]);
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
const presidio = existsSync(PRESIDIO) ? JSON.parse(readFileSync(PRESIDIO, "utf8")).map((d) => d.full_text) : [];
const mapped = new Set(["NAME", "ADDRESS", "CREDIT_DEBIT_CARD_NUMBER", "PHONE", "EMAIL", "US_SOCIAL_SECURITY_NUMBER", "IP_ADDRESS", "AGE", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "URL", "DRIVER_ID"]);

const cpu = (f) => { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); return (u.user + u.system) / 1000; };
for (const M of [A, B]) { for (let i = 0; i < 300; i++) M.findPii(prompt, six); for (const t of presidio) M.findPii(t, mapped); }
const res = { before: { p: [], s: [] }, after: { p: [], s: [] } };
for (let round = 0; round < rounds; round++) {
  for (const [k, M] of round % 2 ? [["after", B], ["before", A]] : [["before", A], ["after", B]]) {
    res[k].p.push(cpu(() => { for (let i = 0; i < 300; i++) M.findPii(prompt, six); }) / 300);
    if (round % 4 === 0 && presidio.length > 0) res[k].s.push(cpu(() => { for (const t of presidio) M.findPii(t, mapped); }));
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const pb = presidio.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;
for (const k of ["before", "after"]) {
  const p = res[k].p;
  const line = [`${k.padEnd(6)} bench prompt (4 KB), six types: median ${med(p).toFixed(3)} / min ${Math.min(...p).toFixed(3)} ms CPU per scan (${(4.096e-3 / med(p) * 1000).toFixed(1)} MB/s per core)`];
  if (res[k].s.length > 0) line.push(`presidio 1,000 texts, mapped types: median ${med(res[k].s).toFixed(0)} ms (${(pb / med(res[k].s) * 1000).toFixed(3)} MB/s per core)`);
  console.log(line.join(" | "));
}
