import type { PiiEntityType } from "../config.js";

/** One entity found in a text: [start, end) in UTF-16 code units, with the recogniser's confidence. */
export interface PiiMatch {
  readonly type: PiiEntityType;
  readonly start: number;
  readonly end: number;
  /** 0..1; a checksum-validated or context-confirmed match scores higher than a bare pattern. */
  readonly score: number;
}

/**
 * Finds one PII entity type in a text, Presidio-style: patterns proposing candidates, validators
 * (checksums, prefix rules) rejecting impossible ones, context words nearby raising the score.
 * Built once when a guardrail version is compiled; `find` is pure and allocation-light.
 */
export interface Recogniser {
  readonly type: PiiEntityType;
  /**
   * The longest entity this recogniser can match, in code units: a streaming scanner holds this
   * many trailing characters back so an entity split across chunks is still seen whole.
   */
  readonly maxLength: number;
  find(text: string): readonly PiiMatch[];
}
