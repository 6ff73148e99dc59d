/**
 * Wildcard matching for actions, resources and the Like operators: `*` matches any run of
 * characters (including none) and `?` exactly one. Patterns are compiled once into string
 * operations (equality, startsWith, endsWith, indexOf); no regular expression is ever built from
 * policy text, so no policy can make matching slow beyond O(pattern × subject).
 */

/** A pattern piece: literal text (never a wildcard, even if it holds `*`), or one of the wildcards. */
export type GlobToken = string | typeof STAR | typeof ONE;
export const STAR: unique symbol = Symbol("*");
export const ONE: unique symbol = Symbol("?");

export type Matcher = (subject: string) => boolean;

/** Turns policy text into tokens: here `*` and `?` are wildcards. */
export function globTokens(text: string): GlobToken[] {
  const out: GlobToken[] = [];
  let run = "";
  for (const ch of text) {
    if (ch === "*" || ch === "?") {
      if (run !== "") { out.push(run); run = ""; }
      out.push(ch === "*" ? STAR : ONE);
    } else run += ch;
  }
  if (run !== "") out.push(run);
  return out;
}

export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  return compileTokens(globTokens(pattern), ignoreCase);
}

/** A run of fixed-length pattern between two stars; `wild[i]` marks a `?` at position i. */
interface Chunk {
  readonly text: string;
  readonly wild: readonly boolean[] | null;
}

/**
 * With `ignoreCase`, literal text is lower-cased here and the subject must be lower-cased by the
 * caller (done once per request for the action, not once per pattern).
 */
export function compileTokens(tokens: readonly GlobToken[], ignoreCase = false): Matcher {
  const chunks: Chunk[] = [];
  let text = "";
  let wild: boolean[] | null = null;
  let stars = 0;
  const flush = (): void => { chunks.push({ text, wild }); text = ""; wild = null; };
  for (const t of tokens) {
    if (t === STAR) { flush(); stars++; continue; }
    if (t === ONE) {
      wild ??= Array.from({ length: text.length }, () => false);
      wild.push(true);
      text += "?";
      continue;
    }
    const lit = ignoreCase ? t.toLowerCase() : t;
    if (wild) for (let i = 0; i < lit.length; i++) wild.push(false);
    text += lit;
  }
  flush();
  return fromChunks(chunks, stars);
}

function fromChunks(chunks: readonly Chunk[], stars: number): Matcher {
  const first = chunks[0] as Chunk;
  const last = chunks[chunks.length - 1] as Chunk;
  const plain = chunks.every((c) => c.wild === null);
  if (stars === 0) {
    if (first.wild === null) { const exact = first.text; return (s) => s === exact; }
    return (s) => s.length === first.text.length && chunkAt(s, 0, first);
  }
  if (plain && stars === 1) {
    const head = first.text;
    const tail = last.text;
    if (tail === "") return head === "" ? () => true : (s) => s.startsWith(head);
    if (head === "") return (s) => s.endsWith(tail);
    const min = head.length + tail.length;
    return (s) => s.length >= min && s.startsWith(head) && s.endsWith(tail);
  }
  const middles = chunks.slice(1, -1).filter((c) => c.text !== "");
  const min = chunks.reduce((n, c) => n + c.text.length, 0);
  return (s) => {
    if (s.length < min) return false;
    if (!chunkAt(s, 0, first)) return false;
    const end = s.length - last.text.length;
    if (!chunkAt(s, end, last)) return false;
    // Leftmost placement of each middle chunk is optimal: only `*` separates them.
    let pos = first.text.length;
    for (const m of middles) {
      const at = find(s, m, pos, end);
      if (at < 0) return false;
      pos = at + m.text.length;
    }
    return true;
  };
}

function chunkAt(s: string, at: number, c: Chunk): boolean {
  if (c.wild === null) return s.startsWith(c.text, at);
  if (at + c.text.length > s.length) return false;
  for (let i = 0; i < c.text.length; i++) {
    if (!c.wild[i] && s.charCodeAt(at + i) !== c.text.charCodeAt(i)) return false;
  }
  return true;
}

/** First position ≥ from where the chunk fits entirely before `end`, or -1. */
function find(s: string, c: Chunk, from: number, end: number): number {
  const last = end - c.text.length;
  if (c.wild === null) {
    const at = s.indexOf(c.text, from);
    return at >= 0 && at <= last ? at : -1;
  }
  for (let at = from; at <= last; at++) if (chunkAt(s, at, c)) return at;
  return -1;
}

export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}
