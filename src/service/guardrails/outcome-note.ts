import { extended } from "../../kernel/index.js";
import type { NotedGuardrailEvaluation, RequestContext } from "../../kernel/index.js";
import type { Evaluation, GuardrailFacts } from "../../guardrails/ports.js";
import type { ResolvedGuardrail } from "./directory.js";

type Origin = NotedGuardrailEvaluation["origin"];

/**
 * The request's content-free guardrail note, for the audit record and the metrics: the guardrail
 * that intervened, if any did (the first one), else the last that ran, with every policy that
 * fired across them; and one entry per guardrail and direction, summing that guardrail's
 * evaluations of it (a streamed answer is evaluated block by block, and its tool calls apart).
 * Built from the evaluation's facts alone, whose type holds no text (guardrails/ports.ts).
 */
export function noteOutcome(ctx: RequestContext, guardrail: ResolvedGuardrail, evaluation: Evaluation, origin: Origin): void {
  const before = ctx.notes.guardrail;
  const facts = evaluation.facts;
  const policies = new Set([...(before?.policies ?? []), ...facts.policies]);
  const keep = before?.action === "INTERVENED";
  const from = keep ? { identifier: before.identifier, version: before.version, origin: before.origin ?? "REQUEST" } : { identifier: guardrail.guardrailId, version: guardrail.version, origin };
  const evaluations = [...(before?.evaluations ?? [])];
  const at = evaluations.findIndex((e) => e.identifier === guardrail.guardrailId && e.version === guardrail.version && e.origin === origin && e.source === facts.source);
  if (at < 0) evaluations.push(noted(guardrail, origin, facts));
  else evaluations[at] = summed(evaluations[at]!, facts);
  // Members first, then the optional ones: a literal that opens with a spread gets a hidden class of its own per call (kernel/extended.ts).
  ctx.notes.guardrail = {
    identifier: from.identifier, version: from.version, origin: from.origin,
    action: keep || evaluation.action !== "NONE" ? "INTERVENED" : "NONE",
    evaluations,
    ...(policies.size === 0 ? {} : { policies: [...policies] }),
    ...(before?.pseudonymised === undefined ? {} : { pseudonymised: before.pseudonymised }),
  };
}

/** The count of identifiers redact-and-restore kept from the provider (a count; the request's one mapping stays in memory). */
export function notePseudonymised(ctx: RequestContext, count: number): void {
  const before = ctx.notes.guardrail;
  if (before !== undefined) ctx.notes.guardrail = extended(before, { pseudonymised: count });
}

function noted(guardrail: ResolvedGuardrail, origin: Origin, f: GuardrailFacts): NotedGuardrailEvaluation {
  return {
    identifier: guardrail.guardrailId, version: guardrail.version, origin, source: f.source, action: f.action, outcome: f.outcome,
    evaluations: 1, policies: [...f.policies], piiEntities: counts(f.piiEntities), regexes: f.regexes.map((r) => ({ index: r.index, count: r.count })),
    topics: [...f.topics], contentFilters: { ...f.contentFilters }, customWords: f.customWords, managedWords: f.managedWords,
    contextualGrounding: [...f.contextualGrounding],
  };
}

const OUTCOMES: readonly NotedGuardrailEvaluation["outcome"][] = ["NONE", "ANONYMIZED", "BLOCKED"];
const CONFIDENCES: readonly string[] = ["NONE", "LOW", "MEDIUM", "HIGH"];

/** One more evaluation of the same guardrail and direction: the stronger action, every finding, the counts added. */
function summed(e: NotedGuardrailEvaluation, f: GuardrailFacts): NotedGuardrailEvaluation {
  const piiEntities = { ...e.piiEntities };
  for (const [type, n] of Object.entries(counts(f.piiEntities))) piiEntities[type] = (piiEntities[type] ?? 0) + n;
  const regexes = new Map(e.regexes.map((r) => [r.index, r.count]));
  for (const r of f.regexes) regexes.set(r.index, (regexes.get(r.index) ?? 0) + r.count);
  const contentFilters = { ...e.contentFilters };
  for (const [type, confidence] of Object.entries(f.contentFilters)) {
    const prior = contentFilters[type];
    if (prior === undefined || CONFIDENCES.indexOf(prior) < CONFIDENCES.indexOf(confidence)) contentFilters[type] = confidence;
  }
  return {
    ...e,
    action: e.action === "NONE" ? f.action : e.action,
    outcome: OUTCOMES[Math.max(OUTCOMES.indexOf(e.outcome), OUTCOMES.indexOf(f.outcome))]!,
    evaluations: e.evaluations + 1,
    policies: union(e.policies, f.policies),
    piiEntities,
    regexes: [...regexes].sort(([a], [b]) => a - b).map(([index, count]) => ({ index, count })),
    topics: union(e.topics, f.topics).sort((a, b) => a - b),
    contentFilters,
    customWords: e.customWords + f.customWords,
    managedWords: e.managedWords + f.managedWords,
    contextualGrounding: union(e.contextualGrounding, f.contextualGrounding),
  };
}

function counts(found: GuardrailFacts["piiEntities"]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, n] of Object.entries(found)) if (n !== undefined && n > 0) out[type] = n;
  return out;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}
