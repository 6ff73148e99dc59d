import RE2 from "re2";
import { invalid } from "../kernel/index.js";
import { PII_ENTITY_TYPES } from "./config.js";
import type { GuardrailPolicies, PiiEntityType, RegexConfig } from "./config.js";
import type { ContentClassifier, GroundingDetector, PiiFinder, TopicDetector, TopicDetectorFactory } from "./ports.js";
import { lexicalGrounding } from "./grounding.js";
import { trainedClassifier } from "./classifier/trained.js";
import { similarityTopics } from "./topics.js";
import { ProfanityMatcher, WordMatcher } from "./words.js";

export interface CompiledRegex {
  readonly config: RegexConfig;
  readonly re: RE2;
}

/**
 * A guardrail version ready to evaluate: every detector built and every user regex compiled when
 * the version is compiled, so a request pays only for the scan. Immutable and shareable.
 */
export interface CompiledGuardrail {
  readonly policies: GuardrailPolicies;
  readonly pii: PiiFinder;
  readonly content: ContentClassifier;
  readonly topics: TopicDetector | undefined;
  readonly words: WordMatcher;
  readonly profanity: ProfanityMatcher | undefined;
  readonly regexes: readonly CompiledRegex[];
  readonly grounding: GroundingDetector;
  readonly budgetMs: number;
}

export interface GuardrailDeps {
  readonly pii: PiiFinder;
  /**
   * Defaults to the built-in trained n-gram classifier, which beat the cue lexicon and the max of
   * both on the held-out split and the public prompt-attack sets bench/eval-guardrails-content.js
   * measures (training/README.md has the figures).
   */
  readonly content?: ContentClassifier;
  /** Defaults to the built-in similarity detector. */
  readonly topics?: TopicDetectorFactory;
  /** Defaults to the built-in lexical grounding detector (grounding.ts). */
  readonly grounding?: GroundingDetector;
  /** The time one evaluation may take before it fails closed; 250 ms unless set. */
  readonly budgetMs?: number;
}

export const DEFAULT_BUDGET_MS = 250;

/** Refuses what cannot run with a validation Fault naming the CreateGuardrail field. */
export function compileGuardrail(policies: GuardrailPolicies, deps: GuardrailDeps): CompiledGuardrail {
  checkTopics(policies);
  checkFilters(policies);
  checkWords(policies);
  checkPii(policies);
  checkGrounding(policies);
  const regexes = (policies.regexes ?? []).map((config, i) => ({ config, re: compileRegex(config, i) }));
  deps.pii.prepare?.(new Set((policies.piiEntities ?? []).map((e) => e.type)));
  const topics = policies.topics ?? [];
  return {
    policies,
    pii: deps.pii,
    content: deps.content ?? trainedClassifier,
    topics: topics.length === 0 ? undefined : (deps.topics ?? similarityTopics).build(topics),
    words: new WordMatcher((policies.words ?? []).map((w) => w.text)),
    profanity: (policies.managedWordLists ?? []).length === 0 ? undefined : new ProfanityMatcher(),
    regexes,
    grounding: deps.grounding ?? lexicalGrounding,
    budgetMs: deps.budgetMs ?? DEFAULT_BUDGET_MS,
  };
}

function checkTopics(policies: GuardrailPolicies): void {
  const names = new Set<string>();
  (policies.topics ?? []).forEach((topic, i) => {
    const field = `topicPolicyConfig.topicsConfig.${i}`;
    if (topic.name.trim() === "") throw invalid(`${field}.name`, "Member must not be blank");
    const key = topic.name.toLowerCase();
    if (names.has(key)) throw invalid(`${field}.name`, "Member must be unique within the guardrail");
    names.add(key);
    if (topic.definition.trim() === "") throw invalid(`${field}.definition`, "Member must not be blank");
  });
}

function checkFilters(policies: GuardrailPolicies): void {
  const types = new Set<string>();
  (policies.contentFilters ?? []).forEach((filter, i) => {
    if (types.has(filter.type)) throw invalid(`contentPolicyConfig.filtersConfig.${i}.type`, "Member must be unique within the guardrail");
    types.add(filter.type);
  });
}

function checkWords(policies: GuardrailPolicies): void {
  (policies.words ?? []).forEach((word, i) => {
    if (!/[\p{L}\p{N}]/u.test(word.text)) throw invalid(`wordPolicyConfig.wordsConfig.${i}.text`, "Member must contain a letter or digit");
  });
  const lists = new Set<string>();
  (policies.managedWordLists ?? []).forEach((list, i) => {
    if (list.type !== "PROFANITY") throw invalid(`wordPolicyConfig.managedWordListsConfig.${i}.type`, "Member must satisfy enum value set: [PROFANITY]");
    if (lists.has(list.type)) throw invalid(`wordPolicyConfig.managedWordListsConfig.${i}.type`, "Member must be unique within the guardrail");
    lists.add(list.type);
  });
}

function checkPii(policies: GuardrailPolicies): void {
  const known = new Set<string>(PII_ENTITY_TYPES);
  const seen = new Set<PiiEntityType>();
  (policies.piiEntities ?? []).forEach((entity, i) => {
    const field = `sensitiveInformationPolicyConfig.piiEntitiesConfig.${i}.type`;
    if (!known.has(entity.type)) throw invalid(field, "Member must be a supported PII entity type");
    if (seen.has(entity.type)) throw invalid(field, "Member must be unique within the guardrail");
    seen.add(entity.type);
  });
  const names = new Set<string>();
  (policies.regexes ?? []).forEach((regex, i) => {
    if (names.has(regex.name)) throw invalid(`sensitiveInformationPolicyConfig.regexesConfig.${i}.name`, "Member must be unique within the guardrail");
    names.add(regex.name);
  });
}

function checkGrounding(policies: GuardrailPolicies): void {
  const types = new Set<string>();
  (policies.grounding ?? []).forEach((filter, i) => {
    const field = `contextualGroundingPolicyConfig.filtersConfig.${i}`;
    if (types.has(filter.type)) throw invalid(`${field}.type`, "Member must be unique within the guardrail");
    types.add(filter.type);
    if (!(filter.threshold >= 0 && filter.threshold <= 0.99)) throw invalid(`${field}.threshold`, "Member must be between 0 and 0.99");
  });
}

/**
 * A user regex runs only on RE2 (linear time, no backtracking); RE2 itself refuses lookaround
 * and backreferences, and its reason (about the pattern, which is configuration) is passed on.
 * A pattern matching the empty string would "find" an entity at every position, so it is refused too.
 */
function compileRegex(config: RegexConfig, index: number): RE2 {
  const field = `sensitiveInformationPolicyConfig.regexesConfig.${index}.pattern`;
  let re: RE2;
  try {
    re = new RE2(config.pattern, "gu");
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unsupported syntax";
    throw invalid(field, `Member must be a regular expression the linear-time engine accepts (${reason})`);
  }
  if (new RE2(config.pattern, "u").test("")) throw invalid(field, "Member must not match the empty string");
  return re;
}
