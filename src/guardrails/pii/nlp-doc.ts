import nlp from "compromise";

/** One span compromise found, trailing punctuation already trimmed off. */
export interface NlpSpan {
  readonly start: number;
  readonly end: number;
}

interface Parsed {
  readonly people: readonly NlpSpan[];
  readonly places: readonly NlpSpan[];
}

// NAME and ADDRESS usually run one after the other on the same text: parse it once. The single
// slot is emptied by findPii when it is done, so no customer content stays in module memory.
let last: { text: string; parsed: Parsed } | undefined;

interface OffsetJson {
  readonly text: string;
  readonly offset: { readonly start: number; readonly length: number };
}

function spans(list: readonly OffsetJson[]): NlpSpan[] {
  const out: NlpSpan[] = [];
  for (const item of list) {
    const start = item.offset.start;
    let end = start + item.offset.length;
    // compromise's terms carry their trailing punctuation ("London," "Manchester.").
    while (end > start && /[\s.,;:!?'")\]]/.test(item.text[end - start - 1] ?? "")) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
}

/**
 * compromise's cost grows faster than linearly with sentence length (a 40 kB run without a full
 * stop took seconds), so the text is parsed in pieces of at most CHUNK characters, cut after a
 * sentence end or a line break where there is one, else at a space.
 */
const CHUNK = 600;

function chunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK) return text.length;
  const limit = from + CHUNK;
  for (let i = limit; i > from + CHUNK / 2; i--) {
    const c = text[i - 1];
    if ((c === "." || c === "!" || c === "?" || c === "\n") && /\s/.test(text[i] ?? " ")) return i;
  }
  const space = text.lastIndexOf(" ", limit);
  return space > from ? space + 1 : limit;
}

export function parse(text: string): Parsed {
  if (last?.text === text) return last.parsed;
  const people: NlpSpan[] = [];
  const places: NlpSpan[] = [];
  for (let from = 0; from < text.length;) {
    const to = chunkEnd(text, from);
    const doc = nlp(text.slice(from, to));
    for (const s of spans(doc.people().json({ offset: true }) as OffsetJson[])) people.push({ start: s.start + from, end: s.end + from });
    for (const s of spans(doc.places().json({ offset: true }) as OffsetJson[])) places.push({ start: s.start + from, end: s.end + from });
    from = to;
  }
  const parsed: Parsed = { people, places };
  last = { text, parsed };
  return parsed;
}

/** Forgets the cached parse (the evaluator calls this when it is done with a text). */
export function forgetParse(): void {
  last = undefined;
}
