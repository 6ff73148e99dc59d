import type { PiiEntityType } from "../config.js";
import type { PiiMatch, Recogniser } from "./recogniser.js";

/**
 * How far either side of a candidate the context words are looked for. Presidio reads a window
 * of words; characters are cheaper to bound and the stream scanner needs a length anyway.
 */
export const CONTEXT_WINDOW = 40;

/** Below this the finder drops a match: a bare weak pattern must be confirmed by context. */
export const MIN_SCORE = 0.5;

/**
 * One way of spotting an entity. `pattern` must be global (`g`); every quantifier in it bounded,
 * so no input can make it backtrack beyond a constant per position.
 */
export interface PatternSpec {
  readonly pattern: RegExp;
  /** Score of a candidate the validator accepted (or of any candidate when there is none). */
  readonly score: number;
  /**
   * Rejects impossible candidates (false), or rescores them (a number, e.g. a VIN whose check
   * digit fails is still possibly a VIN, only weaker). Receives the span's text.
   */
  readonly validate?: (candidate: string) => boolean | number;
  /** The capture group holding the entity when the pattern also matches a keyword before it. */
  readonly group?: number;
  /** Lower-case words or phrases which, near the candidate, make it likelier. */
  readonly context?: readonly string[];
  /** How much a context word adds (Presidio's similarity factor is 0.35). */
  readonly boost?: number;
  /** Characters either side read for context; CONTEXT_WINDOW unless a bare number needs a tighter one. */
  readonly window?: number;
  /**
   * A string every match holds, starting at most `within` characters after the match's start
   * ("@" in an e-mail address): the pattern is run only from `within` characters before each
   * occurrence, and not at all on a text without one. It must be the first occurrence after
   * the match's start, and written as the text holds it (the search is case-sensitive).
   */
  readonly anchor?: { readonly text: string; readonly within: number };
}

export interface PatternRecogniserSpec {
  readonly type: PiiEntityType;
  readonly maxLength: number;
  readonly patterns: readonly PatternSpec[];
  /** Trailing characters never part of the entity (sentence punctuation after a URL or a password). */
  readonly trimEnd?: RegExp;
}

/** True when `word` occurs in `text` (already lower case) between non-letters. */
export function hasWord(text: string, word: string): boolean {
  let at = text.indexOf(word);
  while (at !== -1) {
    const before = at === 0 ? "" : text[at - 1]!;
    const after = at + word.length >= text.length ? "" : text[at + word.length]!;
    if (!isWordChar(before) && !isWordChar(after)) return true;
    at = text.indexOf(word, at + 1);
  }
  return false;
}

function isWordChar(c: string): boolean {
  return c !== "" && /[\p{L}\p{N}_]/u.test(c);
}

/** True when one of `words` is within `window` characters of [start, end). */
export function contextNear(text: string, start: number, end: number, words: readonly string[], window = CONTEXT_WINDOW): boolean {
  const around = text.slice(Math.max(0, start - window), Math.min(text.length, end + window)).toLowerCase();
  for (const w of words) if (hasWord(around, w)) return true;
  return false;
}

export function patternRecogniser(spec: PatternRecogniserSpec): Recogniser {
  for (const p of spec.patterns) {
    if (!p.pattern.global) throw new Error(`pattern for ${spec.type} must be global`);
  }
  return {
    type: spec.type,
    maxLength: spec.maxLength,
    find(text: string): readonly PiiMatch[] {
      const out: PiiMatch[] = [];
      for (const p of spec.patterns) {
        const re = p.pattern;
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        for (;;) {
          if (p.anchor !== undefined) {
            // No match starts before the next anchor's reach, so the engine need not try there.
            const at = text.indexOf(p.anchor.text, re.lastIndex);
            if (at === -1) break;
            re.lastIndex = Math.max(re.lastIndex, at - p.anchor.within);
          }
          if ((m = re.exec(text)) === null) break;
          if (m[0].length === 0) { re.lastIndex++; continue; }
          const g = p.group ?? 0;
          const found = m[g];
          if (found === undefined || found.length === 0) continue;
          const start = g === 0 ? m.index : m.index + m[0].indexOf(found);
          let value = found;
          if (spec.trimEnd) value = value.replace(spec.trimEnd, "");
          if (value.length === 0) continue;
          const end = start + value.length;
          let score = p.score;
          if (p.validate) {
            const v = p.validate(value);
            if (v === false) continue;
            if (typeof v === "number") score = v;
          }
          if (p.context && p.context.length > 0 && contextNear(text, start, end, p.context, p.window)) {
            // Rounded so scores compare exactly in tests and thresholds (0.3 + 0.35 is not 0.65 in binary).
            score = Math.round(Math.min(1, Math.max(score + (p.boost ?? 0.35), 0.4)) * 100) / 100;
          }
          out.push({ type: spec.type, start, end, score });
        }
      }
      return spec.patterns.length > 1 ? dedupe(out) : out;
    },
  };
}

/** Two patterns of one type proposing the same span report it once, at the better score. */
function dedupe(matches: PiiMatch[]): PiiMatch[] {
  if (matches.length < 2) return matches;
  matches.sort((a, b) => a.start - b.start || a.end - b.end || b.score - a.score);
  const out: PiiMatch[] = [matches[0]!];
  for (let i = 1; i < matches.length; i++) {
    const m = matches[i]!;
    const prev = out[out.length - 1]!;
    if (m.start !== prev.start || m.end !== prev.end) out.push(m);
  }
  return out;
}
