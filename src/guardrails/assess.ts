import { sensitive } from "../kernel/index.js";
import type { ContentFilterType, Direction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation, GuardrailUsage, PolicyKind } from "./ports.js";
import { applyMasks, Deadline, maskSpans, planFor, scanText } from "./scan.js";
import type { Plan, TextScan } from "./scan.js";
import { confidenceOf } from "./strength.js";

/**
 * Evaluates texts (the guarded content of one request or answer) against a compiled guardrail in
 * one direction, with Bedrock's semantics: per-entry enabled flags and actions, BLOCK winning over
 * ANONYMIZE, NONE detecting without acting. A detector failure or an overrun budget throws a
 * "service-unavailable" Fault, so the caller cannot pass the content on unchecked.
 */
export async function evaluate(g: CompiledGuardrail, source: Direction, texts: readonly string[]): Promise<Evaluation> {
  const deadline = new Deadline(g.budgetMs);
  const plan = planFor(g, source);
  const scans: TextScan[] = [];
  for (const text of texts) scans.push(await scanText(g, plan, text, deadline));
  deadline.check();
  const outputs = texts.map((text, i) => applyMasks(text, maskSpans(g, scans[i]!)));
  return assemble(g, plan, texts, scans, outputs, performance.now() - deadline.started);
}

/** Bedrock's text unit: up to 1,000 characters of one text. */
export function textUnits(texts: readonly string[]): number {
  return texts.reduce((sum, t) => sum + Math.ceil(t.length / 1000), 0);
}

export function usageFor(plan: Plan, texts: readonly string[]): GuardrailUsage {
  const units = textUnits(texts);
  const when = (evaluated: boolean): number => (evaluated ? units : 0);
  const pii = plan.pii.size > 0;
  return {
    topicPolicyUnits: when(plan.topics.size > 0),
    contentPolicyUnits: when(plan.filters.size > 0),
    wordPolicyUnits: when(plan.words.length > 0 || plan.profanity !== undefined),
    sensitiveInformationPolicyUnits: when(pii),
    // Bedrock does not charge for a sensitive-information policy of custom regexes only.
    sensitiveInformationPolicyFreeUnits: when(!pii && plan.regexes.length > 0),
    contextualGroundingPolicyUnits: 0,
  };
}

const blocked = (action: string): "BLOCKED" | "NONE" => (action === "BLOCK" ? "BLOCKED" : "NONE");
const sensitiveAction = (action: string): "BLOCKED" | "ANONYMIZED" | "NONE" =>
  action === "BLOCK" ? "BLOCKED" : action === "ANONYMIZE" ? "ANONYMIZED" : "NONE";

/**
 * Builds the Evaluation from per-text scans. `texts` are what the spans index into; `outputs`
 * the texts as they may go on. Findings with action NONE are reported (detected: true) but do
 * not make the guardrail intervene.
 */
export function assemble(
  g: CompiledGuardrail,
  plan: Plan,
  texts: readonly string[],
  scans: readonly TextScan[],
  outputs: readonly string[],
  latencyMs: number,
): Evaluation {
  const topics = new Map<string, { name: string; type: "DENY"; action: "BLOCKED" | "NONE"; detected: true }>();
  const filterEntries = new Map<ContentFilterType, { type: ContentFilterType; confidence: string; filterStrength: string; action: "BLOCKED" | "NONE"; detected: true; score: number }>();
  const customWords: { match: string; action: "BLOCKED" | "NONE"; detected: true }[] = [];
  const managedWordLists: { match: string; type: "PROFANITY"; action: "BLOCKED" | "NONE"; detected: true }[] = [];
  const piiEntities: { match: string; type: string; action: "BLOCKED" | "ANONYMIZED" | "NONE"; detected: true }[] = [];
  const regexes: { name: string; match: string; regex: string; action: "BLOCKED" | "ANONYMIZED" | "NONE"; detected: true }[] = [];
  const entities: Record<string, number> = {};
  const count = (key: string): void => {
    entities[key] = (entities[key] ?? 0) + 1;
  };

  scans.forEach((scan, i) => {
    const text = texts[i]!;
    for (const t of scan.topics) if (!topics.has(t.name)) topics.set(t.name, { name: t.name, type: "DENY", action: blocked(t.action), detected: true });
    for (const f of scan.filters) {
      const prior = filterEntries.get(f.type);
      if (prior === undefined || prior.score < f.score) {
        filterEntries.set(f.type, { type: f.type, confidence: confidenceOf(f.score), filterStrength: f.strength, action: blocked(f.action), detected: true, score: f.score });
      }
    }
    for (const w of scan.words) {
      const entry = { match: text.slice(w.start, w.end), action: blocked(w.action), detected: true as const };
      if (w.kind === "custom") customWords.push(entry);
      else managedWordLists.push({ ...entry, type: "PROFANITY" });
    }
    for (const p of scan.pii) {
      piiEntities.push({ match: text.slice(p.start, p.end), type: p.type, action: sensitiveAction(p.action), detected: true });
      count(p.type);
    }
    for (const r of scan.regexes) {
      const config = g.regexes[r.index]!.config;
      regexes.push({ name: config.name, match: text.slice(r.start, r.end), regex: config.pattern, action: sensitiveAction(r.action), detected: true });
      count(config.name);
    }
  });

  const actions = [
    ...[...topics.values()].map((t) => t.action),
    ...[...filterEntries.values()].map((f) => f.action),
    ...customWords.map((w) => w.action),
    ...managedWordLists.map((w) => w.action),
    ...piiEntities.map((p) => p.action),
    ...regexes.map((r) => r.action),
  ];
  const isBlocked = actions.includes("BLOCKED");
  const action = isBlocked || actions.includes("ANONYMIZED") ? "GUARDRAIL_INTERVENED" : "NONE";

  const fired: PolicyKind[] = [];
  if (topics.size > 0) fired.push("topic");
  if (filterEntries.size > 0) fired.push("content");
  if (customWords.length + managedWordLists.length > 0) fired.push("word");
  if (piiEntities.length + regexes.length > 0) fired.push("sensitiveInformation");

  const usage = usageFor(plan, texts);
  const characters = texts.reduce((sum, t) => sum + t.length, 0);
  const assessment: Record<string, unknown> = {};
  if (topics.size > 0) assessment["topicPolicy"] = { topics: [...topics.values()] };
  if (filterEntries.size > 0) assessment["contentPolicy"] = { filters: [...filterEntries.values()].map(({ score: _score, ...wire }) => wire) };
  if (customWords.length + managedWordLists.length > 0) assessment["wordPolicy"] = { customWords, managedWordLists };
  if (piiEntities.length + regexes.length > 0) assessment["sensitiveInformationPolicy"] = { piiEntities, regexes };
  assessment["invocationMetrics"] = {
    guardrailProcessingLatency: Math.round(latencyMs),
    usage,
    guardrailCoverage: { textCharacters: { guarded: characters, total: characters } },
  };

  return {
    action,
    blocked: isBlocked,
    usage,
    facts: {
      action,
      source: plan.source,
      policies: fired,
      entities,
      contentFilters: [...filterEntries.keys()],
      topics: topics.size,
      words: customWords.length + managedWordLists.length,
      latencyMs,
    },
    outputs: sensitive(outputs),
    assessment: sensitive(assessment),
  };
}
