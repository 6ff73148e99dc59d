/**
 * The end of a stream block's released text as one matcher reads text (its `condense`d form),
 * kept `units` long.
 *
 * A phrase's words match across a run of whitespace of any length, and obscenity folds a run of
 * one letter (or of spaces where a term allows any character) to one: such a match can be far
 * longer than it is written, so no hold of raw characters covers it. Condensed, it is as long as
 * written, so a match still open at a release began at most `units` condensed characters back:
 * the scanner reads this tail before the held text and finds it whole, however long the run was,
 * while it holds (and re-reads) only its usual window.
 *
 * `condense` must be what its matcher does to a text (idempotent: condensing condensed text
 * changes nothing), so only the run the suffix starts in can come out shorter than it would in
 * the whole text; hence the few units to spare.
 */
export class ReleasedTail {
  #text = "";

  constructor(
    private readonly condense: (text: string) => string,
    private readonly units: number,
  ) {}

  get text(): string {
    return this.#text;
  }

  add(released: string): void {
    if (released === "") return;
    // A suffix of what was released is enough once its condensed form is long enough; a long run
    // (a million spaces) doubles the suffix until it is, each step reading twice the last.
    for (let k = this.units + 2 * SPARE; k < released.length; k *= 2) {
      const condensed = this.condense(released.slice(released.length - k));
      if (condensed.length >= this.units + SPARE) {
        this.#text = condensed.slice(condensed.length - this.units);
        return;
      }
    }
    const condensed = this.condense(this.#text + released);
    this.#text = condensed.length <= this.units ? condensed : condensed.slice(condensed.length - this.units);
  }
}

/** Units beyond the tail's length: a suffix may start inside a run, or inside a surrogate pair. */
const SPARE = 4;
