import type { Sensitive } from "../kernel/index.js";
import type { ContentFilterType, Direction, GuardrailPolicies, PiiEntityType } from "./config.js";
import type { PiiMatch } from "./pii/recogniser.js";

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

export type PolicyKind = "topic" | "content" | "word" | "sensitiveInformation" | "contextualGrounding";

/**
 * What an evaluation may tell a log, an audit record or a metric: which policies fired and the
 * entity types and counts — never a matched text, a topic's words or a regex's match.
 */
export interface GuardrailFacts {
  readonly action: "NONE" | "GUARDRAIL_INTERVENED";
  readonly source: Direction;
  readonly policies: readonly PolicyKind[];
  /** e.g. { EMAIL: 2, UK_NATIONAL_INSURANCE_NUMBER: 1 }, and custom regexes by configured name. */
  readonly entities: Readonly<Record<string, number>>;
  readonly contentFilters: readonly ContentFilterType[];
  readonly topics: number;
  readonly words: number;
  readonly latencyMs: number;
}

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
