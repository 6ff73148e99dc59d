import { Fault } from "../kernel/index.js";
import type { ContentFilterType, Direction, FilterStrength, GuardrailAction, PiiEntityType, SensitiveAction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import { regexMatches } from "./regex-matches.js";
import { filters, TOPIC_THRESHOLD } from "./strength.js";
import { TextView, viewOf } from "./text-view.js";

/**
 * One text scanned by every policy enabled for a direction: what was found where, and what each
 * finding's configured action is. No decision about the whole evaluation is taken here (that is
 * `assess.ts`); the stream scanner reuses these findings with their positions.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}
export interface WordFinding extends Span {
  readonly kind: "custom" | "managed";
  readonly action: GuardrailAction;
}
export interface PiiFinding extends Span {
  readonly type: PiiEntityType;
  readonly action: SensitiveAction;
}
export interface RegexFinding extends Span {
  readonly index: number;
  readonly action: SensitiveAction;
}
export interface FilterFinding {
  readonly type: ContentFilterType;
  readonly score: number;
  readonly strength: FilterStrength;
  readonly action: GuardrailAction;
}
export interface TopicFinding {
  readonly name: string;
  readonly score: number;
  readonly action: GuardrailAction;
}

export interface TextScan {
  readonly words: readonly WordFinding[];
  readonly pii: readonly PiiFinding[];
  readonly regexes: readonly RegexFinding[];
  readonly filters: readonly FilterFinding[];
  readonly topics: readonly TopicFinding[];
}

/** Which policies the direction evaluates: a policy with no entry enabled for it costs nothing. */
export interface Plan {
  readonly source: Direction;
  readonly words: readonly { readonly entry: number; readonly action: GuardrailAction }[];
  readonly profanity: GuardrailAction | undefined;
  readonly pii: ReadonlyMap<PiiEntityType, SensitiveAction>;
  readonly regexes: readonly { readonly index: number; readonly action: SensitiveAction }[];
  readonly filters: ReadonlyMap<ContentFilterType, { readonly strength: FilterStrength; readonly action: GuardrailAction }>;
  readonly topics: ReadonlyMap<string, GuardrailAction>;
}

interface Directed<A> {
  readonly inputAction: A;
  readonly outputAction: A;
  readonly inputEnabled: boolean;
  readonly outputEnabled: boolean;
}
const on = <A>(entry: Directed<A>, source: Direction): A | undefined =>
  source === "INPUT" ? (entry.inputEnabled ? entry.inputAction : undefined) : entry.outputEnabled ? entry.outputAction : undefined;

/**
 * A compiled guardrail's plan per direction, made on its first evaluation and kept with it: it
 * depends on the configuration alone, which a compiled guardrail never changes.
 */
const plans = new WeakMap<CompiledGuardrail, { INPUT?: Plan; OUTPUT?: Plan }>();

export function planFor(g: CompiledGuardrail, source: Direction): Plan {
  let kept = plans.get(g);
  if (kept === undefined) plans.set(g, (kept = {}));
  return (kept[source] ??= makePlan(g, source));
}

function makePlan(g: CompiledGuardrail, source: Direction): Plan {
  const p = g.policies;
  const words = (p.words ?? []).flatMap((w, entry) => {
    const action = on(w, source);
    return action === undefined ? [] : [{ entry, action }];
  });
  const managed = (p.managedWordLists ?? []).find((l) => l.type === "PROFANITY");
  const pii = new Map<PiiEntityType, SensitiveAction>();
  for (const e of p.piiEntities ?? []) {
    const action = on(e, source);
    if (action !== undefined) pii.set(e.type, action);
  }
  const regexes = (p.regexes ?? []).flatMap((r, index) => {
    const action = on(r, source);
    return action === undefined ? [] : [{ index, action }];
  });
  const filterPlan = new Map<ContentFilterType, { strength: FilterStrength; action: GuardrailAction }>();
  for (const f of p.contentFilters ?? []) {
    const action = on(f, source);
    const strength = source === "INPUT" ? f.inputStrength : f.outputStrength;
    // Prompt attacks are about what the caller sends: Bedrock evaluates them on input only.
    if (action === undefined || strength === "NONE" || (f.type === "PROMPT_ATTACK" && source === "OUTPUT")) continue;
    filterPlan.set(f.type, { strength, action });
  }
  const topics = new Map<string, GuardrailAction>();
  for (const t of p.topics ?? []) {
    const action = on(t, source);
    if (action !== undefined) topics.set(t.name, action);
  }
  return {
    source,
    words,
    profanity: managed === undefined ? undefined : on(managed, source),
    pii,
    regexes,
    filters: filterPlan,
    topics,
  };
}

/** A detector that throws, or an evaluation past its budget, blocks: content never passes unchecked. */
export function unavailable(what: string, cause?: unknown): Fault {
  return new Fault("service-unavailable", `The guardrail could not complete its evaluation (${what}); the content was not passed on.`, {}, cause);
}

export class Deadline {
  readonly #at: number;
  readonly budgetMs: number;
  constructor(budgetMs: number, readonly started = performance.now()) {
    this.budgetMs = budgetMs;
    this.#at = started + budgetMs;
  }
  check(): void {
    if (performance.now() > this.#at) throw unavailable(`exceeded its ${this.budgetMs} ms budget`);
  }
  remaining(): number {
    return Math.max(0, this.#at - performance.now());
  }
  /** Races an asynchronous detector against the budget; its failure is a fail-closed Fault. */
  async bound<T>(what: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`${what} exceeded the ${this.budgetMs} ms budget`)), this.remaining());
    });
    try {
      return await Promise.race([work(), expiry]);
    } catch (error) {
      throw error instanceof Fault && error.kind === "service-unavailable" ? error : unavailable(`${what} failed`, error);
    } finally {
      clearTimeout(timer);
    }
  }
  sync<T>(what: string, work: () => T): T {
    let result: T;
    try {
      result = work();
    } catch (error) {
      throw unavailable(`${what} failed`, error);
    }
    this.check();
    return result;
  }
}

/**
 * Every policy the plan enables over one text. The detectors read its view (text-view.ts), so a
 * zero-width space, full-width digits or a Cyrillic "а" do not hide an identifier or a word, and
 * each finding is put back on the original text: what is masked, blocked and reported in the
 * trace is the original's span. The word policies read the unaccented view. Custom regexes are
 * the owner's: they read the original text, as Bedrock's do, and the view as well when it differs
 * (a match there that no match in the original overlaps is added), so folding never loses a
 * match the owner wrote for.
 */
export async function scanText(g: CompiledGuardrail, plan: Plan, text: string, deadline: Deadline): Promise<TextScan> {
  const view = deadline.sync("text view", () => viewOf(text));
  const spans = scanSpans(g, plan, text, deadline, view);
  // Meaning is read once, in the joined view: a prompt attack split by zero-width spaces reads whole.
  const [filterFindings, topicFindings] = await Promise.all([classify(g, plan, view.text, deadline), detectTopics(g, plan, view.text, deadline)]);
  return { ...spans, filters: filterFindings, topics: topicFindings };
}

/** The span policies alone (words, the managed list, PII, regexes): synchronous, as their detectors are. */
export function scanSpans(g: CompiledGuardrail, plan: Plan, text: string, deadline: Deadline, view: TextView = deadline.sync("text view", () => viewOf(text))): TextScan {
  const readings = readingsOf(view);
  const wordView = plan.words.length === 0 && plan.profanity === undefined ? undefined : deadline.sync("text view", () => view.unaccented());
  const wordReadings = wordView === undefined ? [] : readingsOf(wordView);

  let words: WordFinding[] = [];
  if (plan.words.length > 0) {
    const actionOf = new Map(plan.words.map((w) => [w.entry, w.action]));
    words = inEvery(wordReadings, (t) => deadline.sync("word filter", () => g.words.find(t)).flatMap((hit) => {
      const action = actionOf.get(hit.entry);
      return action === undefined ? [] : [{ kind: "custom" as const, start: hit.start, end: hit.end, action }];
    }));
  }
  const profanityAction = plan.profanity;
  if (profanityAction !== undefined && g.profanity !== undefined) {
    const profanity = g.profanity;
    words.push(...inEvery(wordReadings, (t) => deadline.sync("managed word list", () => profanity.find(t)).map((hit) => ({ kind: "managed" as const, ...hit, action: profanityAction }))));
  }

  let pii: PiiFinding[] = [];
  if (plan.pii.size > 0) {
    const types = new Set(plan.pii.keys());
    pii = inEvery(readings, (t) => deadline.sync("PII detector", () => g.pii.find(t, types)).flatMap((m) => {
      const action = plan.pii.get(m.type);
      return action === undefined ? [] : [{ type: m.type, start: m.start, end: m.end, action }];
    }));
  }

  const regexes: RegexFinding[] = [];
  const regexReadings = view.identity ? readings : [new TextView(text), ...readings.filter((r) => !r.identity)];
  for (const { index, action } of plan.regexes) {
    const re = g.regexes[index]!.re;
    regexes.push(...inEvery(regexReadings, (t) => deadline.sync("regex filter", () => regexMatches(re, t)).map(([start, end]) => ({ index, start, end, action }))));
  }

  return { words, pii, regexes, filters: [], topics: [] };
}

const readingsOf = (view: TextView): TextView[] => (view.separated === undefined ? [view] : [view, view.separated]);

/**
 * The findings of each reading of a text, put back on the original. A later reading's finding that
 * overlaps an earlier reading's is the same one read twice, and is left out.
 */
function inEvery<F extends Span>(readings: readonly TextView[], find: (text: string) => F[]): F[] {
  const first = readings[0]!;
  const found = first.aligned ? find(first.text) : find(first.text).map((f) => ({ ...f, ...first.span(f.start, f.end) }));
  if (readings.length === 1) return found;
  for (const reading of readings.slice(1)) {
    const earlier = found.length;
    for (const f of find(reading.text)) {
      const at = reading.span(f.start, f.end);
      let seen = false;
      for (let k = 0; k < earlier && !seen; k++) seen = found[k]!.start < at.end && at.start < found[k]!.end;
      if (!seen) found.push({ ...f, ...at });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

async function classify(g: CompiledGuardrail, plan: Plan, text: string, deadline: Deadline): Promise<FilterFinding[]> {
  if (plan.filters.size === 0) return [];
  const scores = await deadline.bound("content filter", () => g.content.classify(text, new Set(plan.filters.keys())));
  const found: FilterFinding[] = [];
  for (const [type, { strength, action }] of plan.filters) {
    const score = scores.get(type) ?? 0;
    if (!Number.isFinite(score)) throw unavailable("content filter returned no usable confidence");
    if (filters(strength, score)) found.push({ type, score, strength, action });
  }
  return found;
}

async function detectTopics(g: CompiledGuardrail, plan: Plan, text: string, deadline: Deadline): Promise<TopicFinding[]> {
  const detector = g.topics;
  if (plan.topics.size === 0 || detector === undefined) return [];
  const scores = await deadline.bound("topic detector", () => detector.detect(text));
  const found: TopicFinding[] = [];
  for (const [name, action] of plan.topics) {
    const score = scores.get(name) ?? 0;
    if (score >= TOPIC_THRESHOLD) found.push({ name, score, action });
  }
  return found;
}

/**
 * The spans ANONYMIZE replaces, overlaps resolved (earliest first, then longest), each with its
 * Bedrock placeholder: `{TYPE}` for a PII entity, `{name}` for a custom regex — or, when `named`
 * is given (redact-and-restore), what it names the span (its label and the span itself).
 */
export function maskSpans(
  g: CompiledGuardrail,
  scan: TextScan,
  named?: (label: string, span: Span) => string,
): { start: number; end: number; placeholder: string }[] {
  const candidates = [
    ...scan.pii.filter((f) => f.action === "ANONYMIZE").map((f) => ({ start: f.start, end: f.end, label: f.type as string })),
    ...scan.regexes.filter((f) => f.action === "ANONYMIZE").map((f) => ({ start: f.start, end: f.end, label: g.regexes[f.index]!.config.name })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: typeof candidates = [];
  for (const c of candidates) {
    const last = kept[kept.length - 1];
    if (last !== undefined && c.start < last.end) continue;
    kept.push(c);
  }
  return kept.map((c) => ({ start: c.start, end: c.end, placeholder: named ? named(c.label, c) : `{${c.label}}` }));
}

export function applyMasks(text: string, masks: readonly { start: number; end: number; placeholder: string }[], from = 0, to = text.length): string {
  let out = "";
  let at = from;
  for (const m of masks) {
    if (m.start < from || m.start >= to) continue;
    out += text.slice(at, m.start) + m.placeholder;
    at = m.end;
  }
  return out + text.slice(at, to);
}
