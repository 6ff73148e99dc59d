import type { GuardrailPolicyKind, Sensitive } from "../kernel/index.js";
import type { ContentFilterType, Direction, GuardrailPolicies, PiiEntityType } from "./config.js";
import type { PiiMatch } from "./pii/recogniser.js";
import type { Confidence } from "./strength.js";

/**
 * The seams between the guardrail evaluator and what it is built from. The evaluator depends on
 * these, not on the detectors, so a detector can be swapped (an operator's model for a content
 * category) or faked in a table test without touching the evaluator.
 */

/** The PII detectors: every recogniser of the asked types, overlaps resolved, weak matches dropped. */
export interface PiiFinder {
  find(text: string, types: ReadonlySet<PiiEntityType>): readonly PiiMatch[];
  /**
   * The longest text one entity of these types (with the context a recogniser reads around it)
   * can span: a stream scanner holds this many trailing characters back before releasing them.
   */
  maxLength(types: ReadonlySet<PiiEntityType>): number;
  /**
   * Loads what finding these types needs (a language model, a lexicon) when a guardrail asking
   * for them is compiled, so that no request pays for the load, and a plinth whose guardrails do
   * not ask for them never loads it.
   */
  prepare?(types: ReadonlySet<PiiEntityType>): void;
}

/** A content-filter detector: a confidence 0..1 per category asked, for one text. */
export interface ContentClassifier {
  classify(text: string, categories: ReadonlySet<ContentFilterType>): Promise<ReadonlyMap<ContentFilterType, number>>;
  /**
   * Each call is dear (a model asked over the network, not microseconds in process): a stream then
   * reads its answer in releases of a few thousand characters rather than every few dozen, so one
   * answer makes tens of calls, not thousands (stream.ts).
   */
  readonly costly?: boolean;
}

/** A denied-topic detector, built once per guardrail version from the topics' definitions and examples. */
export interface TopicDetector {
  /** The names of the topics the text is about, with a confidence 0..1 each. */
  detect(text: string): Promise<ReadonlyMap<string, number>>;
  /** As ContentClassifier's: each call asks a model. */
  readonly costly?: boolean;
}

export interface TopicDetectorFactory {
  build(topics: NonNullable<GuardrailPolicies["topics"]>): TopicDetector;
}

/**
 * What a contextual-grounding check reads: the reference the answer must rest on (the texts the
 * caller qualified `grounding_source`), the question (`query`), and the model's answer.
 */
export interface GroundingInput {
  readonly sources: readonly string[];
  readonly queries: readonly string[];
  readonly answer: string;
}

/**
 * A contextual-grounding detector: how far the answer is supported by the sources (GROUNDING)
 * and addresses the query (RELEVANCE), each 0..1. A score is asked only when its inputs exist
 * (no sources: no GROUNDING asked). The built-in one is lexical (grounding.ts); an operator's
 * model can stand in through this port.
 */
export interface GroundingDetector {
  score(input: GroundingInput, asked: ReadonlySet<"GROUNDING" | "RELEVANCE">): Promise<ReadonlyMap<"GROUNDING" | "RELEVANCE", number>>;
}

/** Bedrock's `GuardrailUsage`: text units (1,000 characters each) per policy evaluated. */
export interface GuardrailUsage {
  readonly topicPolicyUnits: number;
  readonly contentPolicyUnits: number;
  readonly wordPolicyUnits: number;
  readonly sensitiveInformationPolicyUnits: number;
  readonly sensitiveInformationPolicyFreeUnits: number;
  readonly contextualGroundingPolicyUnits: number;
}

export type PolicyKind = GuardrailPolicyKind;

/** What an evaluation did: a BLOCK fired (it wins), else a mask was applied, else nothing acted. */
export type GuardrailOutcome = "NONE" | "ANONYMIZED" | "BLOCKED";

/**
 * What an evaluation may tell a log, an audit record or a metric: what was done, which policies
 * fired, and the types and counts found — never a matched text, nor a configured string (a
 * topic's or a regex's name, a word: config.ts), which are named by their position in the
 * configuration. Every member is a number, a flag or one of a closed set of names
 * (`FactsAreContentFree` below does not compile otherwise), so no text can be put in one.
 */
export interface GuardrailFacts {
  readonly action: "NONE" | "GUARDRAIL_INTERVENED";
  readonly outcome: GuardrailOutcome;
  readonly source: Direction;
  readonly policies: readonly PolicyKind[];
  /** e.g. { EMAIL: 2, UK_NATIONAL_INSURANCE_NUMBER: 1 }. */
  readonly piiEntities: Readonly<Partial<Record<PiiEntityType, number>>>;
  /** Custom regexes that matched, by position in `regexesConfig`, with their match counts. */
  readonly regexes: readonly { readonly index: number; readonly count: number }[];
  /** Denied topics detected, by position in `topicsConfig`. */
  readonly topics: readonly number[];
  /** Each content filter that fired, with its confidence. */
  readonly contentFilters: Readonly<Partial<Record<ContentFilterType, Confidence>>>;
  readonly customWords: number;
  readonly managedWords: number;
  /** Contextual-grounding filters whose score fell below their threshold. */
  readonly contextualGrounding: readonly ("GROUNDING" | "RELEVANCE")[];
  readonly latencyMs: number;
}

/**
 * True when every leaf of T is a number, a boolean or a string from a closed set of literals, and
 * no object of it is keyed by any string: the shape of a value that cannot carry text.
 */
type ClosedLeaves<T> =
  T extends string ? (string extends T ? false : true)
  : T extends number | boolean | null | undefined ? true
  : T extends readonly (infer E)[] ? ClosedLeaves<E>
  : T extends object ? (string extends keyof T ? false : AllTrue<{ [K in keyof T]-?: ClosedLeaves<T[K]> }[keyof T]>)
  : false;
type AllTrue<B> = [B] extends [true] ? true : false;
export type ContentFree<T> = AllTrue<ClosedLeaves<T>>;
type Holds<T extends true> = T;
/** Fails to compile when a member of GuardrailFacts could hold free text (a `string`, a string-keyed record). */
export type FactsAreContentFree = Holds<ContentFree<GuardrailFacts>>;

/** One evaluation of a guardrail version over some texts (ApplyGuardrail's answer, in domain terms). */
export interface Evaluation {
  readonly action: "NONE" | "GUARDRAIL_INTERVENED";
  /** True when a BLOCK fired: the caller gets the blocked messaging instead of the content. */
  readonly blocked: boolean;
  readonly usage: GuardrailUsage;
  readonly facts: GuardrailFacts;
  /** The texts as they may go on (ANONYMIZE applied), one per text evaluated, in order. */
  readonly outputs: Sensitive<readonly string[]>;
  /** Bedrock's `GuardrailAssessment` in its wire shape; it holds matched text, so it is content. */
  readonly assessment: Sensitive<Readonly<Record<string, unknown>>>;
}
