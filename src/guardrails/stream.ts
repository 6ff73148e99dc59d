import { sensitive } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import type { Direction } from "./config.js";
import type { CompiledGuardrail } from "./compile.js";
import type { Evaluation } from "./ports.js";
import { assemble } from "./assess.js";
import { applyMasks, Deadline, maskSpans, planFor, scanText } from "./scan.js";
import type { Plan, TextScan } from "./scan.js";

export interface StreamRelease {
  /** Text checked (and masked) that may go to the caller now; empty while it is held. */
  readonly text: Sensitive<string>;
  /** A BLOCK fired: release nothing more, answer with the blocked messaging. */
  readonly blocked: boolean;
}

/**
 * A custom regex has no bounded length; a stream holds back at least this much so a regex match
 * split across two chunks is still seen whole in the common case (identifiers, codes).
 */
const REGEX_ALLOWANCE = 128;

/**
 * Model streams arrive a token (a few characters) at a time; rescanning the held window on each
 * would cost a window scan per token. Text is released in steps of at least this many characters
 * beyond the hold, which bounds the rescanned share of the answer.
 */
const MIN_RELEASE = 64;

/**
 * Bedrock's synchronous stream mode for an answer: nothing leaves unchecked. Text is held back
 * until it is at least `hold` characters from the end of what has arrived (the longest entity,
 * word or phrase a policy can match), and the held tail is scanned again with the next chunk, so
 * an entity split across chunks is found whole. Releases end on whitespace where possible and
 * never inside a finding, so a word or entity is never cut by a release either.
 */
export class OutputScanner {
  readonly #g: CompiledGuardrail;
  readonly #plan: Plan;
  /** The characters held back from the end of what has arrived before a release. */
  readonly hold: number;
  #pending = "";
  /** Everything scanned and released or blocked so far, and its findings, for the assessment. */
  #seen = "";
  #released = "";
  readonly #scans: TextScan[] = [];
  #latencyMs = 0;
  #blocked = false;

  constructor(g: CompiledGuardrail, source: Direction = "OUTPUT") {
    this.#g = g;
    this.#plan = planFor(g, source);
    const plan = this.#plan;
    const lengths = [
      plan.pii.size > 0 ? g.pii.maxLength(new Set(plan.pii.keys())) : 0,
      plan.words.length > 0 ? g.words.longest : 0,
      plan.profanity !== undefined && g.profanity !== undefined ? g.profanity.longest : 0,
      plan.regexes.length > 0 ? REGEX_ALLOWANCE : 0,
    ];
    this.hold = Math.max(0, ...lengths) + 1;
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  async push(chunk: string): Promise<StreamRelease> {
    if (this.#blocked) return { text: sensitive(""), blocked: true };
    this.#pending += chunk;
    if (this.#pending.length < this.hold + MIN_RELEASE) return { text: sensitive(""), blocked: false };
    return this.#step(false);
  }

  /** The end of the answer: the held tail is checked and released (or the answer blocked). */
  async end(): Promise<StreamRelease> {
    if (this.#blocked) return { text: sensitive(""), blocked: true };
    return this.#step(true);
  }

  /** The assessment of everything scanned so far (each finding once), Bedrock's trace for the answer. */
  evaluation(): Evaluation {
    return assemble(this.#g, this.#plan, [this.#seen], [merge(this.#scans)], [this.#released], this.#latencyMs);
  }

  async #step(final: boolean): Promise<StreamRelease> {
    const text = this.#pending;
    const deadline = new Deadline(this.#g.budgetMs);
    const scan = await scanText(this.#g, this.#plan, text, deadline);
    deadline.check();
    this.#latencyMs += performance.now() - deadline.started;
    if (blocks(scan)) {
      this.#blocked = true;
      this.#record(scan, text, text.length);
      this.#pending = "";
      return { text: sensitive(""), blocked: true };
    }
    const cut = final ? text.length : cutPoint(text, text.length - this.hold, scan);
    const masks = maskSpans(this.#g, scan);
    const release = applyMasks(text, masks, 0, cut);
    this.#record(scan, text, cut);
    this.#released += release;
    this.#pending = text.slice(cut);
    return { text: sensitive(release), blocked: false };
  }

  /** Keeps the findings that start in the released part, shifted to their place in the whole answer. */
  #record(scan: TextScan, text: string, cut: number): void {
    const offset = this.#seen.length;
    const keep = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
      xs.filter((x) => x.start < cut).map((x) => ({ ...x, start: x.start + offset, end: x.end + offset }));
    this.#scans.push({ words: keep(scan.words), pii: keep(scan.pii), regexes: keep(scan.regexes), filters: scan.filters, topics: scan.topics });
    this.#seen += text.slice(0, cut);
  }
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
