import type { CompiledGuardrail } from "./compile.js";
import { maxMatchLength } from "./regex-bound.js";
import { ReleasedTail } from "./released-tail.js";
import { nothingPlanned } from "./assess.js";
import { scanSpans } from "./scan.js";
import { viewOf } from "./text-view.js";
import type { Deadline, Plan, TextScan } from "./scan.js";

/**
 * The longest match of a custom regex a stream holds back for. RE2's syntax cannot bound
 * `ACCT-\d+`, and holding the whole block for it read a long answer in one synchronous scan
 * (seconds with NAME and ADDRESS, past the budget). A PEM private key (RSA-4096: ~3,300
 * characters) fits. A longer match is masked or blocked no differently while it fits the held
 * window (a few times this); one that outgrows it fails closed when it is to be masked, and is
 * noted in parts when it is only noted (stream.ts).
 */
export const MAX_STREAMED_MATCH = 4_096;

/**
 * One span policy (custom regexes, PII, custom words, the managed list) as a stream scanner reads
 * it: each around the release limit by its own reach (`hold`: its longest match with the context
 * it reads, plus one), so names and addresses read ~a step per evaluation even when a custom
 * regex's long match makes the scanner hold back much more; and each with its own memory of the
 * released text: the raw last `hold` of it (regexes, PII: the context before the cut), or a
 * condensed tail (words, the managed list: a match whose run outlasted the window found whole).
 */
interface Reader {
  readonly plan: Plan;
  readonly hold: number;
  readonly tail: ReleasedTail | undefined;
  /** A regex's reach is what the scanner holds for; it is read by RE2, whose re-reading is cheap. */
  readonly regex: boolean;
  /** How far into the held text it read last time, past the cut: what it has seen of it. */
  read: number;
  /** How far into the held text it reads this time. */
  upTo: number;
}

export class SpanReaders {
  readonly #g: CompiledGuardrail;
  readonly #readers: Reader[] = [];
  /** The characters held back from the end of what has arrived: the longest reach. */
  readonly hold: number;
  /** The longest reach but a regex's: what the release step and the meaning policies' context are sized on. */
  readonly reach: number;

  constructor(g: CompiledGuardrail, plan: Plan) {
    this.#g = g;
    const none = nothingPlanned(plan.source);
    const add = (part: Partial<Plan>, hold: number, tail?: ReleasedTail, regex = false): void => {
      this.#readers.push({ plan: { ...none, ...part }, hold, tail, regex, read: 0, upTo: 0 });
    };
    const regexHold = plan.regexes.length === 0 ? 0 : Math.max(...plan.regexes.map((r) => Math.min(MAX_STREAMED_MATCH, maxMatchLength(g.regexes[r.index]!.config.pattern)))) + 1;
    const piiHold = plan.pii.size === 0 ? 0 : g.pii.maxLength(new Set(plan.pii.keys())) + 1;
    // Regexes within PII's reach read with it, in one pass (the common case: short patterns).
    if (regexHold > piiHold) {
      add({ regexes: plan.regexes }, regexHold, undefined, true);
      if (piiHold > 0) add({ pii: plan.pii }, piiHold);
    } else if (piiHold > 0) add({ pii: plan.pii, regexes: plan.regexes }, piiHold);
    // The tails keep two units beyond the longest match: the character before it, which decides its word boundary.
    if (plan.words.length > 0) add({ words: plan.words }, g.words.longest + 1, new ReleasedTail((t) => g.words.condense(wordView(t)), g.words.longest + 2));
    const profanity = g.profanity;
    if (plan.profanity !== undefined && profanity !== undefined) {
      add({ profanity: plan.profanity }, profanity.longest + 1, new ReleasedTail((t) => profanity.condense(wordView(t)), profanity.longest + 2));
    }
    this.hold = Math.max(1, ...this.#readers.map((r) => r.hold));
    this.reach = Math.max(1, ...this.#readers.filter((r) => !r.regex).map((r) => r.hold));
  }

  /**
   * The span findings over the held text (`pending`), positioned in it. `behind` is the raw text
   * released last (`hold` of it). Not `final`, each reader reads up to its own reach past the
   * release limit (`hold` from the end): a finding starting later is not settled yet. A match
   * reaching back into a condensed tail (a phrase whose run outlasted the window) has a negative
   * start, and is kept only when it ends in text that reader had not seen (it was counted then).
   */
  scan(pending: string, behind: string, final: boolean, deadline: Deadline): TextScan {
    const parts: TextScan[] = [];
    for (const r of this.#readers) {
      r.upTo = final ? pending.length : pending.length - this.hold + r.hold;
      const held = r.upTo >= pending.length ? pending : pending.slice(0, r.upTo);
      if (r.tail === undefined) {
        const before = behind.length > r.hold ? behind.slice(behind.length - r.hold) : behind;
        parts.push(shift(scanSpans(this.#g, r.plan, before + held, deadline), before.length));
      } else {
        const t = r.tail.text;
        parts.push(fromTail(scanSpans(this.#g, r.plan, t + held, deadline), t.length, t.length + r.read, final ? Infinity : t.length + held.length));
      }
    }
    return mergeScans(parts);
  }

  /**
   * The held text's first `cut` characters left: the tails take them in, each reader's mark
   * moves (short of its window's last character, where a match was not settled: fromTail).
   */
  released(pending: string, cut: number): void {
    for (const r of this.#readers) {
      r.tail?.add(pending.slice(0, cut));
      r.read = Math.max(0, r.upTo - cut - 1);
    }
  }
}

/**
 * A scan of (released text + pending) as a scan of pending alone: findings wholly in the released
 * part were counted when it was released and are dropped; one reaching over the boundary (which
 * the hold should prevent) keeps its pending part, so that part is still masked or blocks.
 */
function shift(scan: TextScan, by: number): TextScan {
  if (by === 0) return scan;
  const move = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
    xs.filter((x) => x.end > by).map((x) => ({ ...x, start: Math.max(0, x.start - by), end: x.end - by }));
  return { words: move(scan.words), pii: move(scan.pii), regexes: move(scan.regexes), filters: scan.filters, topics: scan.topics };
}

/**
 * A scan of (condensed tail + pending) as a scan of pending: findings within the tail dropped
 * (read when it was released); one reaching back into it kept with its (negative) start when it
 * ends past `fresh`, the end of what the last read saw, and dropped otherwise (counted then). One
 * ending at `end`, where the window stops inside the held text, is not settled: the window may
 * end inside a word ("project <run> nightshade" of "...nightshades"), and the next read decides.
 */
function fromTail(scan: TextScan, by: number, fresh: number, end: number): TextScan {
  const move = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
    xs.filter((x) => x.end > by && x.end < end && (x.start >= by || x.end > fresh)).map((x) => ({ ...x, start: x.start - by, end: x.end - by }));
  return { words: move(scan.words), pii: move(scan.pii), regexes: move(scan.regexes), filters: scan.filters, topics: scan.topics };
}

/**
 * What the word policies read of released text (scanText's unaccented view: no-break and other
 * spaces folded to " ", invisible characters dropped, look-alikes read as Latin), so that a run
 * of U+00A0 or U+3000 between a phrase's words condenses as a run of spaces does. Folding is
 * idempotent, so the tail read again through the view reads the same.
 */
const wordView = (text: string): string => viewOf(text).unaccented().text;

export function mergeScans(scans: readonly TextScan[]): TextScan {
  if (scans.length === 1) return scans[0]!;
  const all = <K extends keyof TextScan>(key: K): TextScan[K][number][] => ([] as TextScan[K][number][]).concat(...scans.map((s) => s[key]));
  return { words: all("words"), pii: all("pii"), regexes: all("regexes"), filters: all("filters"), topics: all("topics") };
}
