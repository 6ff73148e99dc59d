import { setImmediate as turn } from "node:timers/promises";
import type { Direction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation } from "./ports.js";
import { assemble, evaluate, groundingCheck } from "./assess.js";
import type { EvaluateOptions } from "./assess.js";
import { Deadline, planFor } from "./scan.js";
import type { TextScan } from "./scan.js";
import { OutputScanner } from "./stream.js";

/**
 * Texts longer than this together are read in slices. The detectors are synchronous and run on
 * the event loop: read whole, a long model answer (names and places read at well under 1 MB/s
 * per core) would hold every other request on the worker for seconds before the budget could
 * refuse it. 32,768 characters is ~20–200 ms of reading whole.
 */
export const SLICED_FROM = 32_768;
/** What one slice reads before the evaluation yields to the event loop. */
export const SLICE_CHARACTERS = 8_192;

/**
 * `evaluate`, with long texts read in slices through the stream scanner (the same findings, as
 * its boundary tests show: it holds back what an entity, word or regex can span and reads the
 * released text again for context) and a turn of the event loop between slices, so other
 * requests go on while a long answer is read. Each slice has the guardrail's budget; the caller
 * bounds the total. Redact-and-restore's pseudonyms and a grounding-only check read whole.
 */
export async function evaluateSliced(g: CompiledGuardrail, source: Direction, texts: readonly string[], options: EvaluateOptions = {}): Promise<Evaluation> {
  const total = texts.reduce((n, t) => n + t.length, 0);
  if (total <= SLICED_FROM || options.pseudonyms !== undefined || options.groundingOnly) return evaluate(g, source, texts, options);
  const started = performance.now();
  const scans: TextScan[] = [];
  const outputs: string[] = [];
  for (const text of texts) {
    // A release at each slice: the meaning policies (content filters, topics) read once per slice,
    // not every few hundred characters as for a stream (a classifier model is one call per read).
    const scanner = new OutputScanner(g, source, { step: SLICE_CHARACTERS / 2 });
    let output = "";
    for (let at = 0; at < text.length && !scanner.blocked; at += SLICE_CHARACTERS) {
      output += (await scanner.push(text.slice(at, at + SLICE_CHARACTERS))).text.reveal();
      await turn(); // timers, I/O and other requests run before the next slice
    }
    output += (await scanner.end()).text.reveal();
    scans.push(scanner.findings());
    outputs.push(output);
    await turn();
  }
  const grounding = await groundingCheck(g, source, texts, options.grounding, new Deadline(g.budgetMs));
  return assemble(g, planFor(g, source), texts, scans, outputs, performance.now() - started, { grounding, totalCharacters: options.totalCharacters });
}
