import { evaluateSliced, OutputScanner } from "../src/guardrails/index.js";
import { compiledBenchGuardrail, PROMPT_4K } from "./guardrail-fixture.js";

/**
 * `node dist/bench/guardrail-long.js`: what a guardrail costs on long answers, as CPU per
 * character at 100,000 and at 1,000,000 characters, streamed (50-character deltas through the
 * stream scanner) and whole (evaluateSliced). The honest floor for a long answer is the short
 * one's cost per character: the ratio says whether reading grows linearly (≈ 1) or worse. Also
 * the longest single step (one push, or one slice between turns of the event loop), which is
 * what another request on the same worker waits behind.
 */
const g = compiledBenchGuardrail(undefined, 600_000);
const text = (n: number): string => PROMPT_4K.repeat(Math.ceil(n / PROMPT_4K.length)).slice(0, n);

async function streamed(n: number): Promise<{ cpuUsPerKChar: number; longestStepMs: number }> {
  const body = text(n);
  const scanner = new OutputScanner(g);
  let longest = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < n && !scanner.blocked; i += 50) {
    const t = performance.now();
    await scanner.push(body.slice(i, i + 50));
    longest = Math.max(longest, performance.now() - t);
  }
  await scanner.end();
  const used = process.cpuUsage(cpu);
  // A block would end the read early and flatter the figure: the bench text blocks nothing.
  if (scanner.blocked) throw new Error("the bench answer was blocked: the figure would not cover the whole text");
  return { cpuUsPerKChar: ((used.user + used.system) / n) * 1000, longestStepMs: longest };
}

async function whole(n: number): Promise<{ cpuUsPerKChar: number; longestStepMs: number }> {
  const body = text(n);
  let longest = 0;
  let last = performance.now();
  let on = true;
  const tick = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  const cpu = process.cpuUsage();
  const evaluation = await evaluateSliced(g, "OUTPUT", [body]);
  const used = process.cpuUsage(cpu);
  if (evaluation.blocked) throw new Error("the bench answer was blocked: the figure would not cover the whole text");
  on = false;
  return { cpuUsPerKChar: ((used.user + used.system) / n) * 1000, longestStepMs: longest };
}

for (const [name, run] of [["streamed", streamed], ["whole (sliced)", whole]] as const) {
  await run(20_000); // warm the JIT
  const short = await run(100_000);
  const long = await run(1_000_000);
  console.log(`${name}: 100,000 chars ${short.cpuUsPerKChar.toFixed(0)} µs CPU per 1,000 (longest step ${short.longestStepMs.toFixed(1)} ms); `
    + `1,000,000 chars ${long.cpuUsPerKChar.toFixed(0)} µs per 1,000 (longest step ${long.longestStepMs.toFixed(1)} ms); per-character ratio long ÷ short × ${(long.cpuUsPerKChar / short.cpuUsPerKChar).toFixed(2)}`);
}
