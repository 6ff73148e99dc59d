import { decodePolicies } from "../src/http/bedrock/guardrail-policy-codec.js";
import { compileGuardrail, evaluate } from "../src/guardrails/index.js";
import type { CompiledGuardrail } from "../src/guardrails/index.js";
import type { GuardrailPolicies, PiiEntityType } from "../src/guardrails/config.js";
import { piiFinder } from "../src/guardrails/pii/index.js";

/**
 * The guardrail both guardrail benchmarks measure, defined once: bench/guardrails.js (`npm run
 * eval:guardrails`, in process) and the Converse with/without pair of `npm run bench`
 * (bench/guardrail-ab.ts, created through CreateGuardrail). PII, a custom regex, words, the
 * managed profanity list, a denied topic and all six content filters (prompt attack included).
 * It is written as the CreateGuardrail request and read through plinth's own codec, so the
 * in-process figures and the server's are of the same guardrail.
 */
export const PII_TYPES: readonly PiiEntityType[] = ["EMAIL", "UK_NATIONAL_INSURANCE_NUMBER", "PHONE", "CREDIT_DEBIT_CARD_NUMBER", "NAME", "ADDRESS"];

/**
 * The PII types found by patterns alone: NAME and ADDRESS run compromise's tagger over the whole
 * text, which costs tens of ms per 4 KB; measured apart so the report says where the time goes.
 */
export const PATTERN_PII_TYPES: readonly PiiEntityType[] = PII_TYPES.filter((t) => t !== "NAME" && t !== "ADDRESS");

/** The CreateGuardrail request (every PII type unless told otherwise). */
export const guardrailRequest = (piiTypes: readonly PiiEntityType[] = PII_TYPES, name = "bench-guardrail") => ({
  name,
  blockedInputMessaging: "no",
  blockedOutputsMessaging: "no",
  sensitiveInformationPolicyConfig: {
    piiEntitiesConfig: piiTypes.map((type) => ({ type, action: "ANONYMIZE" as const })),
    regexesConfig: [{ name: "ticket", pattern: "TCK-\\d{6}", action: "ANONYMIZE" as const }],
  },
  wordPolicyConfig: {
    wordsConfig: ["project nightingale", "codename", "merger", "layoffs", "acquisition target"].map((text) => ({ text })),
    managedWordListsConfig: [{ type: "PROFANITY" as const }],
  },
  topicPolicyConfig: {
    topicsConfig: [{
      name: "Investment advice", type: "DENY" as const,
      definition: "Recommendations on where to invest money, which stocks or funds to buy, or how to grow savings.",
      examples: ["Which stocks should I buy?", "Should my pension go into bonds?"],
    }],
  },
  contentPolicyConfig: {
    filtersConfig: (["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK"] as const).map((type) => ({
      type, inputStrength: "HIGH" as const, outputStrength: type === "PROMPT_ATTACK" ? "NONE" as const : "HIGH" as const,
    })),
  },
});

/** The same guardrail's policies, as the server stores them once CreateGuardrail has decoded the request. */
export function benchPolicies(piiTypes: readonly PiiEntityType[] = PII_TYPES): GuardrailPolicies {
  return decodePolicies(JSON.parse(JSON.stringify(guardrailRequest(piiTypes))) as Parameters<typeof decodePolicies>[0]);
}

/**
 * Compiled with plinth's PII finder and its default content and topic detectors, as a guardrail
 * version is. `budgetMs`: in-process measurements pass a large one, so a slow run on a loaded
 * machine is measured rather than refused (the server keeps its default).
 */
export function compiledBenchGuardrail(piiTypes: readonly PiiEntityType[] = PII_TYPES, budgetMs?: number): CompiledGuardrail {
  return compileGuardrail(benchPolicies(piiTypes), { pii: piiFinder, ...(budgetMs !== undefined ? { budgetMs } : {}) });
}

/**
 * A 4 KB prompt with PII in every paragraph (a name, an e-mail address, an NI number, a ticket
 * number for the regex) and nothing the words, topic or filters block: every detector runs over
 * the whole text and the call still reaches the model.
 */
export const PROMPT_4K = ((): string => {
  const paragraph = "Please review the attached report from Ada Lovelace (ada.lovelace@example.org, NI AB 12 34 56 C, ticket TCK-123456) about the quarterly figures for the north-west region, and summarise the main risks in plain language for the board. ";
  let text = "";
  while (text.length < 4096) text += paragraph;
  return text.slice(0, 4096);
})();

/** One full input evaluation of the prompt (what Converse runs before the model). */
export function evaluatePrompt(g: CompiledGuardrail, text = PROMPT_4K): Promise<unknown> {
  return Promise.resolve(evaluate(g, "INPUT", [text]));
}

/**
 * p50/p99 of `fn` in ms (wall), and the mean CPU ms per call of this process over the measured
 * calls, after a tenth as many unmeasured ones (at most 200).
 */
export async function measure(fn: () => unknown, runs: number): Promise<{ p50: number; p99: number; cpuMs: number }> {
  for (let i = 0; i < Math.min(200, Math.max(3, Math.floor(runs / 10))); i++) await fn();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), cpuMs: (used.user + used.system) / 1000 / runs };
}

/**
 * The PII scan alone over the prompt: MB/s per core from the CPU time this process spent (one
 * thread, so one core), which a neighbour's load on a shared machine moves less than wall time.
 *
 * Steady state, the same in every caller: `runs` unmeasured scans of this text and these types
 * first (bench/guardrails.js ran ~1,000 evaluations before its scan and `npm run bench` ~550, so
 * the two printed different figures for one build: a scan's code was still being compiled, on
 * V8's background threads whose CPU this process's time includes), then `runs` measured scans in
 * BLOCKS blocks, and the median block's CPU per scan (a block that took a major GC or a late
 * compilation is not the steady state; every block has its share of minor GCs).
 */
const BLOCKS = 5;

export async function piiScanThroughput(runs: number, piiTypes: readonly PiiEntityType[] = PII_TYPES, text = PROMPT_4K): Promise<{ p50Ms: number; p99Ms: number; cpuMsPerScan: number; mbPerSecondPerCore: number; bytes: number }> {
  const types = new Set(piiTypes);
  const bytes = Buffer.byteLength(text);
  for (let i = 0; i < runs; i++) piiFinder.find(text, types);
  const perBlock = Math.max(1, Math.floor(runs / BLOCKS));
  const times: number[] = [];
  const blockCpuMs: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < perBlock; i++) {
      const t = process.hrtime.bigint();
      piiFinder.find(text, types);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const used = process.cpuUsage(cpu);
    blockCpuMs.push((used.user + used.system) / 1000 / perBlock);
    // Between blocks, as the awaited calls of `measure` do: timers and I/O callbacks run here, not inside a block.
    await new Promise<void>((r) => setImmediate(r));
  }
  times.sort((a, b) => a - b);
  blockCpuMs.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const cpuMs = blockCpuMs[Math.floor(BLOCKS / 2)]!;
  return { p50Ms: at(0.5), p99Ms: at(0.99), cpuMsPerScan: cpuMs, mbPerSecondPerCore: bytes / 1e6 / (cpuMs / 1000), bytes };
}
