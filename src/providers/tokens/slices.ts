/**
 * A text cut into slices that can be counted one by one. Byte-pair encoding is quadratic in the
 * length of a pre-tokenised piece, and a piece has no length limit: a megabyte of one letter took
 * gpt-tokenizer twenty minutes. Cutting bounds every piece, and so the work, to SLICE characters.
 *
 * Where the text allows it, a cut falls just before a space that sits between two non-space
 * characters. In both o200k_base and cl100k_base a piece never ends with such a space and the
 * pieces after it start with it, so counting the two sides apart gives the same sum: exact.
 * Only a run of more than SLICE characters with no such space (a long word, base64, or Chinese
 * and Japanese, written without spaces) is cut where it reaches the limit, which may split one
 * token in two: at most a token or two more per SLICE characters than the API would count.
 */
export const SLICE = 512;

/** White space as the encodings' pre-tokenisers see it (`\s` of a Unicode regular expression). */
const SPACE = /^\s$/u;

export function* slices(text: string, max = SLICE): Generator<string> {
  let start = 0;
  let cut = -1;
  for (let i = 1; i < text.length; i += 1) {
    if (text.charCodeAt(i) === 0x20 && i + 1 < text.length && !SPACE.test(text[i - 1]!) && !SPACE.test(text[i + 1]!)) cut = i;
    if (i - start < max) continue;
    let end = cut > start ? cut : i;
    // Never between the halves of a surrogate pair: each half alone would count as something else.
    if (end === i && isLowSurrogate(text.charCodeAt(end)) && end - 1 > start) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
  if (start < text.length) yield text.slice(start);
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
