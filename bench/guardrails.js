// Guardrail evaluation cost: `npx tsc -p tsconfig.json && node bench/guardrails.js`.
// A full evaluation (PII, custom regex, words, managed profanity, topics, all six content
// filters) of a 4 KB prompt, p50/p99, against the honest floor: one pass of a trivial regex
// over the same text. The guardrail, the prompt and the measurements are the ones `npm run
// bench` reports (bench/guardrail-fixture.ts), so the two never describe different guardrails.
// The evaluation budget is raised so a slow run is measured rather than refused.
import { evaluate, OutputScanner } from "../dist/src/guardrails/index.js";
import { compiledBenchGuardrail, evaluatePrompt, measure, PATTERN_PII_TYPES, PII_TYPES, piiScanThroughput, PROMPT_4K } from "../dist/bench/guardrail-fixture.js";

const g = compiledBenchGuardrail(PII_TYPES, 60_000);
const compiledPatterns = compiledBenchGuardrail(PATTERN_PII_TYPES, 60_000);
const text = PROMPT_4K;
const runs = Number(process.env.RUNS ?? 300);
const full = await measure(() => evaluatePrompt(g), runs);
const patterns = await measure(() => evaluatePrompt(compiledPatterns), runs);
const floor = await measure(() => { let n = 0; for (const _ of text.matchAll(/\d+/g)) n++; return n; }, runs);
const pii = await piiScanThroughput(runs);
const piiPatterns = await piiScanThroughput(runs, PATTERN_PII_TYPES);
// The streamed answer's own yardstick: the same 4 KB evaluated once, in full, as an answer (OUTPUT).
const wholeAnswer = await measure(() => evaluate(g, "OUTPUT", [text]), runs);
const streamed = await measure(async () => {
  const s = new OutputScanner(g, "OUTPUT");
  for (let i = 0; i < text.length; i += 64) await s.push(text.slice(i, i + 64));
  await s.end();
}, Math.min(runs, 30));

const fmt = (ms) => `${ms.toFixed(3)} ms`;
console.log(`guardrail bench: ${text.length}-char prompt, PII finder: plinth's (dist/src/guardrails/pii), ${runs} runs`);
console.log(`full evaluation      p50 ${fmt(full.p50)}  p99 ${fmt(full.p99)}  CPU ${fmt(full.cpuMs)} per call`);
console.log(`  without NAME/ADDRESS p50 ${fmt(patterns.p50)}  p99 ${fmt(patterns.p99)}  CPU ${fmt(patterns.cpuMs)} per call`);
console.log(`floor (one regex)    p50 ${fmt(floor.p50)}  p99 ${fmt(floor.p99)}`);
console.log(`ratio to floor       p50 ${(full.p50 / floor.p50).toFixed(1)}x  p99 ${(full.p99 / floor.p99).toFixed(1)}x`);
console.log(`PII scan alone       p50 ${fmt(pii.p50Ms)}  p99 ${fmt(pii.p99Ms)}  → ${pii.mbPerSecondPerCore.toFixed(2)} MB/s per core (CPU time)`);
console.log(`  pattern types only p50 ${fmt(piiPatterns.p50Ms)}  p99 ${fmt(piiPatterns.p99Ms)}  → ${piiPatterns.mbPerSecondPerCore.toFixed(2)} MB/s per core`);
console.log(`answer, evaluated whole p50 ${fmt(wholeAnswer.p50)}  p99 ${fmt(wholeAnswer.p99)}  CPU ${fmt(wholeAnswer.cpuMs)} per answer`);
console.log(`stream, 64-char chunks (whole answer)  p50 ${fmt(streamed.p50)}  p99 ${fmt(streamed.p99)}  CPU ${fmt(streamed.cpuMs)} per answer (${(streamed.cpuMs / wholeAnswer.cpuMs).toFixed(1)}x whole)`);
