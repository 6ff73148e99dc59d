import { sensitive } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import type { Direction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation } from "./ports.js";
import { assemble } from "./assess.js";
import { applyMasks, Deadline, maskSpans, planFor, scanText } from "./scan.js";
import type { Plan, TextScan } from "./scan.js";
import { maxMatchLength } from "./regex-bound.js";

export interface StreamRelease {
  /** Text checked (and masked) that may go to the caller now; empty while it is held. */
  readonly text: Sensitive<string>;
  /** A BLOCK fired: release nothing more, answer with the blocked messaging. */
  readonly blocked: boolean;
}

/**
 * Model streams arrive a token (a few characters) at a time. Every evaluation re-reads the
 * overlap it shares with the last one (the `hold` already released behind the cut, for context,
 * and the `hold` held ahead of it, for an entity not yet complete), so evaluating every 64
 * characters read each character ~11 times over (for a hold of 335) and cost ~25 full
 * evaluations per answer. Text is therefore released in steps of at least this many holds: the
 * re-read share is then (2·hold)/(STEP_HOLDS·hold) = 1x of the answer, whatever the hold.
 */
const STEP_HOLDS = 2;
/** The smallest release step, for guardrails whose hold is tiny. */
const MIN_RELEASE = 64;

/**
 * Bedrock's synchronous stream mode for one text block: nothing leaves unchecked. Text is held
 * back until it is at least `hold` characters from the end of what has arrived (the longest
 * entity with its context, word, phrase or custom-regex match a policy can find), and the held
 * tail is scanned again at the next evaluation, so an entity split across chunks is found whole.
 * Each scan also re-reads the last `hold` characters already released (not to release them
 * again, but so a context word before the cut still confirms an entity after it). Releases end
 * on whitespace where possible and never inside a finding. An evaluation runs once `step`
 * characters beyond the hold have arrived (a release boundary), not on every chunk.
 *
 * Content filters and denied topics read meaning, which a window can cut in half. Each release
 * is read by them before it leaves, in a window reaching `hold` characters back over what was
 * released before it (so a phrase up to `hold` long straddling two releases is seen whole), and
 * the whole block is read once more at its end. So text already released has been checked for
 * PII, words and regexes, but a topic or content-filter BLOCK may only come at the block's end,
 * after some of it was released: the rest is then replaced by the blocked messaging. That is
 * Bedrock's own synchronous-mode behaviour (it evaluates chunks as they are buffered and can
 * intervene on a later one). A custom regex whose match length RE2's syntax cannot bound makes
 * the scanner hold the whole block.
 */
export class OutputScanner {
  readonly #g: CompiledGuardrail;
  readonly #plan: Plan;
  /** The plan's span policies (words, PII, regexes): what decides where a release may end. */
  readonly #spans: Plan;
  /** The plan's meaning policies (content filters, topics), or undefined when it has none. */
  readonly #meaning: Plan | undefined;
  /** The characters held back from the end of what has arrived before a release; Infinity holds the whole block. */
  readonly hold: number;
  /** The new characters beyond the hold that make an evaluation worth running (the release boundary). */
  readonly step: number;
  #pending = "";
  /** Everything scanned and released or blocked so far, and its findings, for the assessment. */
  readonly #seen = new Appended();
  #released = "";
  readonly #scans: TextScan[] = [];
  #latencyMs = 0;
  #blocked = false;
  #steps = 0;

  /**
   * `masking: false` is Bedrock's asynchronous stream mode, which releases text before it is
   * checked and so cannot mask it: ANONYMIZE entries are left out of the scan (and of the
   * assessment, which would otherwise claim a mask that was never applied); BLOCK still cuts.
   * `step` overrides the release boundary (tests; a caller trading CPU for earlier releases).
   */
  constructor(g: CompiledGuardrail, source: Direction = "OUTPUT", options: { readonly masking?: boolean; readonly step?: number } = {}) {
    this.#g = g;
    this.#plan = options.masking === false ? withoutMasks(planFor(g, source)) : planFor(g, source);
    const plan = this.#plan;
    this.#spans = { ...plan, filters: new Map(), topics: new Map() };
    const meaningful = plan.filters.size > 0 || (plan.topics.size > 0 && g.topics !== undefined);
    this.#meaning = meaningful ? { ...plan, words: [], profanity: undefined, pii: new Map(), regexes: [] } : undefined;
    const lengths = [
      plan.pii.size > 0 ? g.pii.maxLength(new Set(plan.pii.keys())) : 0,
      plan.words.length > 0 ? g.words.longest : 0,
      plan.profanity !== undefined && g.profanity !== undefined ? g.profanity.longest : 0,
      ...plan.regexes.map((r) => maxMatchLength(g.regexes[r.index]!.config.pattern)),
    ];
    this.hold = Math.max(0, ...lengths) + 1;
    this.step = Math.max(1, options.step ?? Math.max(MIN_RELEASE, STEP_HOLDS * this.hold));
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  async push(chunk: string): Promise<StreamRelease> {
    if (this.#blocked) return { text: sensitive(""), blocked: true };
    this.#pending += chunk;
    if (this.#pending.length < this.hold + this.step) return { text: sensitive(""), blocked: false };
    return this.#evaluate(false);
  }

  /** The end of the block: the held tail is checked and released (or the rest blocked). */
  async end(): Promise<StreamRelease> {
    if (this.#blocked) return { text: sensitive(""), blocked: true };
    return this.#evaluate(true);
  }

  /** The assessment of everything scanned so far (each finding once), Bedrock's trace for the block. */
  evaluation(): Evaluation {
    return assemble(this.#g, this.#plan, [this.#seen.whole()], [merge(this.#scans)], [this.#released], this.#latencyMs);
  }

  /** Every finding so far, positioned in the block (what `evaluation` reports, with its offsets). */
  findings(): TextScan {
    return merge(this.#scans);
  }

  async #evaluate(final: boolean): Promise<StreamRelease> {
    const pending = this.#pending;
    const behind = Number.isFinite(this.hold) ? this.#seen.last(this.hold) : "";
    const deadline = new Deadline(this.#g.budgetMs);
    const scanned = shift(await scanText(this.#g, this.#spans, behind + pending, deadline), behind.length);
    const release = final ? pending.length : cutPoint(pending, pending.length - this.hold, scanned);
    // A finding past the release point is in held text, read again with what follows before any
    // of it leaves, so it decides nothing yet: a word at the window's end may be the start of a
    // longer one ("abo" of "about" is on the managed list), an entity may go on.
    const spans = final ? scanned : settled(scanned, release);
    const spanBlock = blocks(spans);
    const cut = spanBlock ? pending.length : release;
    // Meaning is read over what leaves now, with `hold` of context before it; on a block, over all
    // that arrived (for the assessment). Nothing leaving, nothing to read yet.
    const meaning = this.#meaning !== undefined && cut > 0 ? await scanText(this.#g, this.#meaning, behind + pending.slice(0, cut), deadline) : undefined;
    // The whole block once more for meaning-level policies, when it was not read in one piece.
    const whole = final && this.#steps > 0 && this.#meaning !== undefined ? await scanText(this.#g, this.#meaning, this.#seen.whole() + pending, deadline) : undefined;
    deadline.check();
    this.#latencyMs += performance.now() - deadline.started;
    if (cut > 0) this.#steps++;
    const scan: TextScan = {
      ...spans,
      filters: [...(meaning?.filters ?? []), ...(whole?.filters ?? [])],
      topics: [...(meaning?.topics ?? []), ...(whole?.topics ?? [])],
    };
    if (spanBlock || blocks(scan)) {
      this.#blocked = true;
      this.#record(scan, pending, pending.length);
      this.#pending = "";
      return { text: sensitive(""), blocked: true };
    }
    const released = applyMasks(pending, maskSpans(this.#g, scan), 0, cut);
    this.#record(scan, pending, cut);
    this.#released += released;
    this.#pending = pending.slice(cut);
    return { text: sensitive(released), blocked: false };
  }

  /** Keeps the findings that start in the released part, shifted to their place in the whole block. */
  #record(scan: TextScan, text: string, cut: number): void {
    const offset = this.#seen.length;
    const keep = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
      xs.filter((x) => x.start < cut).map((x) => ({ ...x, start: x.start + offset, end: x.end + offset }));
    this.#scans.push({ words: keep(scan.words), pii: keep(scan.pii), regexes: keep(scan.regexes), filters: scan.filters, topics: scan.topics });
    this.#seen.add(text.slice(0, cut));
  }
}

/** The plan without its ANONYMIZE entries (sensitive information only; no other policy masks). */
function withoutMasks(plan: Plan): Plan {
  return {
    ...plan,
    pii: new Map([...plan.pii].filter(([, action]) => action !== "ANONYMIZE")),
    regexes: plan.regexes.filter((r) => r.action !== "ANONYMIZE"),
  };
}

/**
 * A scan of (already released text + pending) as a scan of pending alone: findings wholly in the
 * released part were counted when it was released and are dropped; one reaching over the boundary
 * (which the hold should prevent) keeps its pending part, so that part is still masked or blocks.
 */
function shift(scan: TextScan, by: number): TextScan {
  if (by === 0) return scan;
  const move = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
    xs.filter((x) => x.end > by).map((x) => ({ ...x, start: Math.max(0, x.start - by), end: x.end - by }));
  return { words: move(scan.words), pii: move(scan.pii), regexes: move(scan.regexes), filters: scan.filters, topics: scan.topics };
}

/** The span findings that start before `cut` (none straddles it: cutPoint moved it before them). */
function settled(scan: TextScan, cut: number): TextScan {
  const before = <T extends { start: number }>(xs: readonly T[]): T[] => xs.filter((x) => x.start < cut);
  return { ...scan, words: before(scan.words), pii: before(scan.pii), regexes: before(scan.regexes) };
}

function blocks(scan: TextScan): boolean {
  return [...scan.words, ...scan.pii, ...scan.regexes, ...scan.filters, ...scan.topics].some((f) => f.action === "BLOCK");
}

/** Moves a release boundary back to whitespace, then before any finding it would cut. */
function cutPoint(text: string, limit: number, scan: TextScan): number {
  let cut = Math.max(0, limit);
  for (let i = cut - 1; i > 0; i--) {
    if (/\s/u.test(text[i]!)) {
      cut = i + 1;
      break;
    }
  }
  const spans = [...scan.words, ...scan.pii, ...scan.regexes];
  for (let moved = true; moved; ) {
    moved = false;
    for (const s of spans) {
      if (s.start < cut && s.end > cut) {
        cut = s.start;
        moved = true;
      }
    }
  }
  // Never split a surrogate pair between two releases.
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}

function merge(scans: readonly TextScan[]): TextScan {
  return {
    words: scans.flatMap((s) => s.words),
    pii: scans.flatMap((s) => s.pii),
    regexes: scans.flatMap((s) => s.regexes),
    filters: scans.flatMap((s) => s.filters),
    topics: scans.flatMap((s) => s.topics),
  };
}

/**
 * Text that only grows, kept as its pieces. Slicing a string built by `+=` makes V8 flatten the
 * whole of it, so reading the last `hold` characters of everything seen at each release
 * boundary copied the block again each time: a 1,000,000-character answer took ~9 s to stream
 * instead of ~1.3. The tail is read from the last pieces; the whole is joined only when asked.
 */
class Appended {
  #parts: string[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  add(piece: string): void {
    if (piece === "") return;
    this.#parts.push(piece);
    this.#length += piece.length;
  }

  /** The last `n` characters (all of it when shorter). */
  last(n: number): string {
    let out = "";
    for (let i = this.#parts.length - 1; i >= 0 && out.length < n; i--) out = this.#parts[i]! + out;
    return out.length <= n ? out : out.slice(out.length - n);
  }

  whole(): string {
    if (this.#parts.length > 1) this.#parts = [this.#parts.join("")];
    return this.#parts[0] ?? "";
  }
}
