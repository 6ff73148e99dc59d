import { sensitive } from "../kernel/index.js";
import type { ContentFilterType, Direction, PiiEntityType } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation, GroundingInput, GuardrailUsage, PolicyKind } from "./ports.js";
import type { Pseudonyms } from "./pseudonyms.js";
import { applyMasks, Deadline, maskSpans, planFor, scanText, unavailable } from "./scan.js";
import type { Plan, TextScan } from "./scan.js";
import { confidenceOf } from "./strength.js";

const SCANS_AT_ONCE = 8;

/** What one evaluation may be given besides the texts. */
export interface EvaluateOptions {
  /**
   * The contextual-grounding check's reference and question (the request's texts qualified
   * `grounding_source` and `query`); checked on OUTPUT only, as in Bedrock.
   */
  readonly grounding?: {
    readonly sources: readonly string[];
    readonly queries: readonly string[];
    /** The answer to score, when it is not simply the texts (an answer's tool-call arguments are evaluated but are not what it says). */
    readonly answer?: string;
  };
  /** Redact-and-restore: on INPUT, ANONYMIZE writes these pseudonyms instead of `{TYPE}`. */
  readonly pseudonyms?: Pseudonyms;
  /**
   * Only the contextual-grounding check: a streamed answer's other policies were applied as it
   * streamed, and reading the whole answer again would report (and charge) them twice.
   */
  readonly groundingOnly?: boolean;
  /**
   * The characters of text in the whole request when the texts are only part of it (guardContent
   * or guard-content tags narrowed what is read): the trace's `guardrailCoverage.textCharacters.total`.
   */
  readonly totalCharacters?: number;
}

/** One contextual-grounding filter's verdict: Bedrock's `GuardrailContextualGroundingFilter`. */
export interface GroundingFinding {
  readonly type: "GROUNDING" | "RELEVANCE";
  readonly threshold: number;
  readonly score: number;
  readonly action: "BLOCKED" | "NONE";
  readonly detected: boolean;
}

/**
 * Evaluates texts (the guarded content of one request or answer) against a compiled guardrail in
 * one direction, with Bedrock's semantics: per-entry enabled flags and actions, BLOCK winning over
 * ANONYMIZE, NONE detecting without acting. A detector failure or an overrun budget throws a
 * "service-unavailable" Fault, so the caller cannot pass the content on unchecked.
 */
export async function evaluate(g: CompiledGuardrail, source: Direction, texts: readonly string[], options: EvaluateOptions = {}): Promise<Evaluation> {
  const deadline = new Deadline(g.budgetMs);
  const plan = options.groundingOnly ? nothingPlanned(source) : planFor(g, source);
  // Texts are scanned a few at a time: the in-process detectors run one after another anyway, but
  // a classifier model answers over the network, and a conversation of many blocks read one by
  // one would spend its budget waiting (and fail closed) where a few calls at once fit.
  const scans: TextScan[] = [];
  for (let i = 0; i < texts.length; i += SCANS_AT_ONCE) {
    scans.push(...await Promise.all(texts.slice(i, i + SCANS_AT_ONCE).map((text) => scanText(g, plan, text, deadline))));
  }
  const grounding = await groundingCheck(g, source, texts, options.grounding, deadline);
  deadline.check();
  const pseudonyms = source === "INPUT" ? options.pseudonyms : undefined;
  const outputs = texts.map((text, i) =>
    applyMasks(text, maskSpans(g, scans[i]!, pseudonyms && ((label, span) => pseudonyms.token(label, text.slice(span.start, span.end))))));
  return assemble(g, plan, texts, scans, outputs, performance.now() - deadline.started, { grounding, totalCharacters: options.totalCharacters });
}

/**
 * The enabled grounding filters whose input the request gave (GROUNDING needs a source, RELEVANCE
 * a query), scored over the answer as one text. A filter with nothing to check against is not
 * evaluated (and not charged); a score below its threshold is detected, and blocks when its action is BLOCK.
 */
export async function groundingCheck(
  g: CompiledGuardrail,
  source: Direction,
  texts: readonly string[],
  context: EvaluateOptions["grounding"],
  deadline: Deadline,
): Promise<{ findings: readonly GroundingFinding[]; units: number } | undefined> {
  if (source !== "OUTPUT" || context === undefined) return undefined;
  const filters = (g.policies.grounding ?? []).filter((f) =>
    f.enabled && (f.type === "GROUNDING" ? context.sources.length > 0 : context.queries.length > 0));
  if (filters.length === 0) return undefined;
  const input: GroundingInput = { sources: context.sources, queries: context.queries, answer: context.answer ?? texts.join("\n") };
  const scores = await deadline.bound("contextual grounding detector", () => g.grounding.score(input, new Set(filters.map((f) => f.type))));
  const findings = filters.map((f) => {
    const score = scores.get(f.type);
    if (score === undefined || !Number.isFinite(score) || score < 0 || score > 1) throw unavailable("contextual grounding detector returned no usable score");
    const detected = score < f.threshold;
    return { type: f.type, threshold: f.threshold, score, action: detected && f.action === "BLOCK" ? "BLOCKED" as const : "NONE" as const, detected };
  });
  return { findings, units: textUnits([...context.sources, ...context.queries, input.answer]) };
}

/** A plan that reads nothing: a grounding-only check, and the base of a stream reader's one-policy plans. */
export function nothingPlanned(source: Direction): Plan {
  return { source, words: [], profanity: undefined, pii: new Map(), regexes: [], filters: new Map(), topics: new Map() };
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
 * not make the guardrail intervene. `totalCharacters` is the whole request's text when `texts`
 * are only the part a guardrail reads (never less than what it read).
 */
export function assemble(
  g: CompiledGuardrail,
  plan: Plan,
  texts: readonly string[],
  scans: readonly TextScan[],
  outputs: readonly string[],
  latencyMs: number,
  { grounding, totalCharacters }: {
    readonly grounding?: { readonly findings: readonly GroundingFinding[]; readonly units: number } | undefined;
    readonly totalCharacters?: number | undefined;
  } = {},
): Evaluation {
  const topics = new Map<string, { name: string; type: "DENY"; action: "BLOCKED" | "NONE"; detected: true }>();
  const filterEntries = new Map<ContentFilterType, { type: ContentFilterType; confidence: ReturnType<typeof confidenceOf>; filterStrength: string; action: "BLOCKED" | "NONE"; detected: true; score: number }>();
  const customWords: { match: string; action: "BLOCKED" | "NONE"; detected: true }[] = [];
  const managedWordLists: { match: string; type: "PROFANITY"; action: "BLOCKED" | "NONE"; detected: true }[] = [];
  const piiEntities: { match: string; type: string; action: "BLOCKED" | "ANONYMIZED" | "NONE"; detected: true }[] = [];
  const regexes: { name: string; match: string; regex: string; action: "BLOCKED" | "ANONYMIZED" | "NONE"; detected: true }[] = [];
  const piiCounts: Partial<Record<PiiEntityType, number>> = {};
  const regexCounts = new Map<number, number>();

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
      piiCounts[p.type] = (piiCounts[p.type] ?? 0) + 1;
    }
    for (const r of scan.regexes) {
      const config = g.regexes[r.index]!.config;
      regexes.push({ name: config.name, match: text.slice(r.start, r.end), regex: config.pattern, action: sensitiveAction(r.action), detected: true });
      regexCounts.set(r.index, (regexCounts.get(r.index) ?? 0) + 1);
    }
  });

  const actions = [
    ...[...topics.values()].map((t) => t.action),
    ...[...filterEntries.values()].map((f) => f.action),
    ...customWords.map((w) => w.action),
    ...managedWordLists.map((w) => w.action),
    ...piiEntities.map((p) => p.action),
    ...regexes.map((r) => r.action),
    ...(grounding?.findings ?? []).map((f) => f.action),
  ];
  const isBlocked = actions.includes("BLOCKED");
  const action = isBlocked || actions.includes("ANONYMIZED") ? "GUARDRAIL_INTERVENED" : "NONE";

  const fired: PolicyKind[] = [];
  if (topics.size > 0) fired.push("topic");
  if (filterEntries.size > 0) fired.push("content");
  if (customWords.length + managedWordLists.length > 0) fired.push("word");
  if (piiEntities.length + regexes.length > 0) fired.push("sensitiveInformation");
  if (grounding?.findings.some((f) => f.detected)) fired.push("contextualGrounding");

  const usage = grounding === undefined ? usageFor(plan, texts) : { ...usageFor(plan, texts), contextualGroundingPolicyUnits: grounding.units };
  const characters = texts.reduce((sum, t) => sum + t.length, 0);
  const total = Math.max(characters, totalCharacters ?? 0);
  const assessment: Record<string, unknown> = {};
  if (topics.size > 0) assessment["topicPolicy"] = { topics: [...topics.values()] };
  if (filterEntries.size > 0) assessment["contentPolicy"] = { filters: [...filterEntries.values()].map(({ score: _score, ...wire }) => wire) };
  if (customWords.length + managedWordLists.length > 0) assessment["wordPolicy"] = { customWords, managedWordLists };
  if (piiEntities.length + regexes.length > 0) assessment["sensitiveInformationPolicy"] = { piiEntities, regexes };
  // Bedrock reports every grounding filter it evaluated, passing or not, with its score.
  if (grounding !== undefined) assessment["contextualGroundingPolicy"] = { filters: grounding.findings.map((f) => ({ ...f })) };
  assessment["invocationMetrics"] = {
    guardrailProcessingLatency: Math.round(latencyMs),
    usage,
    guardrailCoverage: { textCharacters: { guarded: characters, total } },
  };

  return {
    action,
    blocked: isBlocked,
    usage,
    facts: {
      action,
      outcome: isBlocked ? "BLOCKED" : action === "NONE" ? "NONE" : "ANONYMIZED",
      source: plan.source,
      policies: fired,
      piiEntities: piiCounts,
      regexes: [...regexCounts].sort(([a], [b]) => a - b).map(([index, count]) => ({ index, count })),
      topics: topics.size === 0 ? [] : topicPositions(g, topics.keys()),
      contentFilters: Object.fromEntries([...filterEntries.values()].map((f) => [f.type, f.confidence])),
      customWords: customWords.length,
      managedWords: managedWordLists.length,
      contextualGrounding: (grounding?.findings ?? []).filter((f) => f.detected).map((f) => f.type),
      latencyMs,
    },
    outputs: sensitive(outputs),
    assessment: sensitive(assessment),
  };
}

/** The positions in `topicsConfig` of the topics detected (the facts name a topic by position, never by its configured name). */
function topicPositions(g: CompiledGuardrail, names: Iterable<string>): number[] {
  const configured = g.policies.topics ?? [];
  const found = new Set(names);
  return configured.flatMap((t, i) => (found.has(t.name) ? [i] : []));
}
