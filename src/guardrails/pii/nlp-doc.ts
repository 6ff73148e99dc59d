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

// NAME and ADDRESS usually run one after the other on the same text: parse it once. A single
// slot holds the last text only, so no customer content outlives the next evaluation.
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

export function parse(text: string): Parsed {
  if (last?.text === text) return last.parsed;
  const doc = nlp(text);
  const parsed: Parsed = {
    people: spans(doc.people().json({ offset: true }) as OffsetJson[]),
    places: spans(doc.places().json({ offset: true }) as OffsetJson[]),
  };
  last = { text, parsed };
  return parsed;
}

/** Forgets the cached parse (the evaluator calls this when it is done with a text). */
export function forgetParse(): void {
  last = undefined;
}
