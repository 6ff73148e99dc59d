import { setImmediate as turn } from "node:timers/promises";
import { sensitive } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import type { Direction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation } from "./ports.js";
import { assemble, nothingPlanned } from "./assess.js";
import { applyMasks, Deadline, maskSpans, planFor, scanText, unavailable } from "./scan.js";
import type { Plan, TextScan } from "./scan.js";
import { mergeScans, SpanReaders } from "./span-readers.js";


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
 * The smallest release step when a meaning policy's detector calls a model (`costly` on its
 * port): each release is one call, so a 100,000-character answer makes ~50 of them, not ~1,600.
 * In sync mode the text waits that much longer before it leaves (~500 tokens).
 */
const COSTLY_RELEASE = 2_048;
/**
 * The most of a block its end reads again for the meaning policies: the whole block when it is
 * shorter (a topic only the whole shows), its end otherwise, so a long answer is never read in
 * one synchronous call (the built-in classifier takes ~0.5 s per million characters; a model
 * could not read it at all). Each release was read on its way out.
 */
const WHOLE_MEANING = 32_768;

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
 * is read by them before it leaves, in a window reaching back over what was released before it
 * (the span policies' reach, a custom regex's aside: a phrase that long straddling two releases
 * is seen whole), and the block is read once more at its end. So text already released has been checked for
 * PII, words and regexes, but a topic or content-filter BLOCK may only come at the block's end,
 * after some of it was released: the rest is then replaced by the blocked messaging. That is
 * Bedrock's own synchronous-mode behaviour (it evaluates chunks as they are buffered and can
 * intervene on a later one). The end reads at most the last WHOLE_MEANING characters again.
 *
 * What the scanner holds and reads per evaluation is bounded whatever the text (SpanReaders): a
 * custom regex RE2's syntax cannot bound is held for as MAX_STREAMED_MATCH, and the slower
 * policies read only their own reach around the release point; words and the managed list read a
 * condensed tail of the released text, so a phrase split by a run of a million spaces is found
 * whole without the run being held (its first words may leave before the block, its whole never
 * does); a chunk larger than the window is read in window-sized pieces with the event loop
 * turning between them.
 */
export class OutputScanner {
  readonly #g: CompiledGuardrail;
  readonly #plan: Plan;
  /** The span policies (words, PII, regexes), each read by its own reach: what decides where a release may end. */
  readonly #spans: SpanReaders;
  /** The plan's meaning policies (content filters, topics), or undefined when it has none. */
  readonly #meaning: Plan | undefined;
  /** The characters held back from the end of what has arrived before a release. */
  readonly hold: number;
  /** The new characters beyond the hold that make an evaluation worth running (the release boundary). */
  readonly step: number;
  /** What the meaning policies read of the released text before what leaves: the span policies' reach but a regex's. */
  readonly #context: number;
  /** Releases end at a sentence or paragraph where one is near: what a model-backed classifier reads whole. */
  readonly #sentences: boolean;
  #pending = "";
  /** The held length that makes the next evaluation run. */
  #due: number;
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
    this.#spans = new SpanReaders(g, plan);
    const filtered = plan.filters.size > 0;
    const topical = plan.topics.size > 0 && g.topics !== undefined;
    this.#meaning = filtered || topical ? { ...withoutSpans(plan), filters: plan.filters, topics: plan.topics } : undefined;
    this.hold = this.#spans.hold;
    this.#context = this.#spans.reach;
    const costly = (filtered && g.content.costly === true) || (topical && g.topics?.costly === true);
    // A custom regex's long hold is re-read by RE2 alone, which is cheap: the step follows the
    // other policies' reach (names and addresses read ~a step each time), and an eighth of the
    // hold at least, so RE2 does not re-read that hold a hundred times over.
    const least = costly ? COSTLY_RELEASE : MIN_RELEASE;
    this.step = Math.max(1, options.step ?? Math.max(least, STEP_HOLDS * this.#spans.reach, Math.ceil(this.hold / 8)));
    this.#sentences = costly;
    this.#due = this.hold + this.step;
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  push(chunk: string): Promise<StreamRelease> {
    if (this.#blocked) return Promise.resolve({ text: sensitive(""), blocked: true });
    if (chunk.length > 2 * (this.hold + this.step)) return this.#pushLong(chunk);
    this.#pending += chunk;
    if (this.#pending.length < this.#due) return Promise.resolve({ text: sensitive(""), blocked: false });
    return this.#evaluate(false);
  }

  /**
   * A chunk far larger than the window (a provider sending its answer in one delta) is read in
   * pieces, so no evaluation reads more than about two windows, with other requests between.
   * (Apart from push: a loop that awaits made every push ~2 µs dearer, a tenth of a stream's cost.)
   */
  async #pushLong(chunk: string): Promise<StreamRelease> {
    const piece = 2 * (this.hold + this.step);
    let released = "";
    for (let at = 0; at < chunk.length; at += piece) {
      if (at > 0) await turn();
      this.#pending += chunk.slice(at, at + piece);
      if (this.#pending.length < this.#due) continue;
      const step = await this.#evaluate(false);
      if (step.blocked) return step;
      released += step.text.reveal();
    }
    return { text: sensitive(released), blocked: false };
  }

  /** The end of the block: the held tail is checked and released (or the rest blocked). */
  async end(): Promise<StreamRelease> {
    if (this.#blocked) return { text: sensitive(""), blocked: true };
    return this.#evaluate(true);
  }

  /** The assessment of everything scanned so far (each finding once), Bedrock's trace for the block. */
  evaluation(): Evaluation {
    return assemble(this.#g, this.#plan, [this.#seen.whole()], [mergeScans(this.#scans)], [this.#released], this.#latencyMs);
  }

  /** Every finding so far, positioned in the block (what `evaluation` reports, with its offsets). */
  findings(): TextScan {
    return mergeScans(this.#scans);
  }

  async #evaluate(final: boolean): Promise<StreamRelease> {
    const pending = this.#pending;
    const behind = this.#seen.last(this.hold);
    const deadline = new Deadline(this.#g.budgetMs);
    const scanned = this.#spans.scan(pending, behind, final, deadline);
    const release = final ? pending.length : cutPoint(pending, pending.length - this.hold, scanned, this.hold, this.hold + this.step, this.#sentences ? this.step / 2 : 0);
    // A finding past the release point is in held text, read again with what follows before any
    // of it leaves, so it decides nothing yet: a word at the window's end may be the start of a
    // longer one ("abo" of "about" is on the managed list), an entity may go on.
    const spans = final ? scanned : settled(scanned, release);
    const spanBlock = blocks(spans);
    const cut = spanBlock ? pending.length : release;
    // A match to mask that the cut still splits is longer than the window (only a custom regex's
    // can be): its part past the cut would leave unmasked, so nothing does.
    if (!spanBlock && [...spans.pii, ...spans.regexes].some((s) => s.action === "ANONYMIZE" && s.start < cut && s.end > cut)) {
      throw unavailable(`a match to mask is longer than the ${this.hold - 1} characters a stream holds back`);
    }
    // Meaning is read over what leaves now, with context before it; on a block, over all that
    // arrived (for the assessment). Nothing leaving, nothing to read yet.
    const context = behind.length > this.#context ? behind.slice(behind.length - this.#context) : behind;
    const meaning = this.#meaning !== undefined && cut > 0 ? await scanText(this.#g, this.#meaning, context + pending.slice(0, cut), deadline) : undefined;
    // The block once more for meaning-level policies, when it was not read in one piece.
    const recent = (): string => (pending.length >= WHOLE_MEANING ? pending.slice(-WHOLE_MEANING) : this.#seen.last(WHOLE_MEANING - pending.length) + pending);
    const whole = final && this.#steps > 0 && this.#meaning !== undefined ? await scanText(this.#g, this.#meaning, recent(), deadline) : undefined;
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
    this.#spans.released(pending, cut);
    // Much held back (a match, a long token): read again once half a step more has come, not at
    // every chunk, so each evaluation pays for new text.
    this.#due = Math.max(this.hold + this.step, this.#pending.length + Math.ceil(this.step / 2));
    return { text: sensitive(released), blocked: false };
  }

  /** Keeps the findings that start in the released part, shifted to their place in the whole block. */
  #record(scan: TextScan, text: string, cut: number): void {
    const offset = this.#seen.length;
    // A match reaching back into the released text is placed from the held text on.
    const keep = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
      xs.filter((x) => x.start < cut).map((x) => ({ ...x, start: Math.max(0, x.start) + offset, end: x.end + offset }));
    this.#scans.push({ words: keep(scan.words), pii: keep(scan.pii), regexes: keep(scan.regexes), filters: scan.filters, topics: scan.topics });
    this.#seen.add(text.slice(0, cut));
  }
}

/** The plan without its span policies (for the meaning policies' reads). */
function withoutSpans(plan: Plan): Plan {
  return { ...nothingPlanned(plan.source), filters: plan.filters, topics: plan.topics };
}

/** The plan without its ANONYMIZE entries (sensitive information only; no other policy masks). */
function withoutMasks(plan: Plan): Plan {
  return {
    ...plan,
    pii: new Map([...plan.pii].filter(([, action]) => action !== "ANONYMIZE")),
    regexes: plan.regexes.filter((r) => r.action !== "ANONYMIZE"),
  };
}

/** The span findings that start before `cut` (none straddles it: cutPoint moved it before them). */
function settled(scan: TextScan, cut: number): TextScan {
  const before = <T extends { start: number }>(xs: readonly T[]): T[] => xs.filter((x) => x.start < cut);
  return { ...scan, words: before(scan.words), pii: before(scan.pii), regexes: before(scan.regexes) };
}

function blocks(scan: TextScan): boolean {
  return [...scan.words, ...scan.pii, ...scan.regexes, ...scan.filters, ...scan.topics].some((f) => f.action === "BLOCK");
}

/**
 * Moves a release boundary back to a sentence end (within `sentences` characters, when asked),
 * else to whitespace (within `within`: a token longer than that, say a base64 image, is cut
 * inside rather than held whole), then before any finding it would cut that the hold is for: one
 * shorter than `hold`, starting in the held text. One reaching back into released text, or
 * longer, holds nothing back (the caller blocks, or fails closed on one to mask).
 */
function cutPoint(text: string, limit: number, scan: TextScan, hold: number, within: number, sentences: number): number {
  let cut = Math.max(0, limit);
  const end = sentences > 0 ? sentenceEnd(text, cut, sentences) : -1;
  if (end > 0) cut = end;
  else {
    for (let i = cut - 1; i > Math.max(0, cut - within); i--) {
      if (/\s/u.test(text[i]!)) {
        cut = i + 1;
        break;
      }
    }
  }
  const spans = [...scan.words, ...scan.pii, ...scan.regexes].filter((s) => s.start >= 0 && s.end - s.start < hold);
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

/** Just past the last line break, or sentence end and its space, in the `within` characters before `limit`; -1 when none. */
function sentenceEnd(text: string, limit: number, within: number): number {
  for (let i = limit - 1; i > Math.max(0, limit - within); i--) {
    const c = text[i]!;
    if (c === "\n" || (/\s/u.test(c) && /[.!?]/.test(text[i - 1]!))) return i + 1;
  }
  return -1;
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
