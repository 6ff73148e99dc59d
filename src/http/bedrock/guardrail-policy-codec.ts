import { invalid } from "../../kernel/index.js";
import { PII_ENTITY_TYPES, tierOf } from "../../guardrails/config.js";
import type {
  ContentFilterConfig, GroundingFilterConfig, GuardrailPolicies, GuardrailTier, ManagedWordListConfig, PerDirection, PiiEntityConfig, RegexConfig, TopicConfig, WordConfig,
} from "../../guardrails/config.js";
import { at, closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import type { Obj } from "../bedrock-runtime/validate-members.js";
import { bool, list, num, oneOf, str, strings } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";

/**
 * Bedrock's guardrail policy members (CreateGuardrail / UpdateGuardrail `*PolicyConfig`, bedrock
 * 2023-04-20) <-> GuardrailPolicies, and back to GetGuardrail's `*Policy` members. Limits as the
 * published model and Bedrock's quotas write them; every refusal names the member
 * (`sensitiveInformationPolicyConfig.piiEntitiesConfig.0.type`) and never quotes the value.
 */
const TOPIC_NAME: StringRule = { min: 1, max: 100, pattern: /^[0-9a-zA-Z-_ !?.]+$/, patternText: "[0-9a-zA-Z-_ !?.]+" };
const MESSAGING: StringRule = { min: 1, max: 500 };
const ACTIONS = ["BLOCK", "NONE"] as const;
const SENSITIVE_ACTIONS = ["BLOCK", "ANONYMIZE", "NONE"] as const;
const STRENGTHS = ["NONE", "LOW", "MEDIUM", "HIGH"] as const;
const FILTER_TYPES = ["SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK"] as const;
const TIERS = ["CLASSIC", "STANDARD"] as const;
/** A topic definition's length per tier, as Bedrock documents it (the examples' limit is the same on both). */
const DEFINITION_MAX: Readonly<Record<GuardrailTier, number>> = { CLASSIC: 200, STANDARD: 1000 };
const PER_DIRECTION = ["inputAction", "outputAction", "inputEnabled", "outputEnabled"];
/** The members of a CreateGuardrail / UpdateGuardrail body this codec reads. */
export const POLICY_MEMBERS = [
  "topicPolicyConfig", "contentPolicyConfig", "wordPolicyConfig", "sensitiveInformationPolicyConfig", "contextualGroundingPolicyConfig",
  "blockedInputMessaging", "blockedOutputsMessaging",
] as const;

/**
 * An entry's actions per direction. Bedrock's default for an absent direction action is the
 * entry's `action` where it has one (sensitive information), else BLOCK; enabled defaults to true.
 */
function directions<A extends string>(o: Obj, field: string, values: readonly A[], fallback: A): PerDirection<A> {
  const action = (key: string): A => {
    const v = own(o, key);
    return v === undefined ? fallback : oneOf(v, at(field, key), values);
  };
  const enabled = (key: string): boolean => {
    const v = own(o, key);
    return v === undefined ? true : bool(v, at(field, key));
  };
  return { inputAction: action("inputAction"), outputAction: action("outputAction"), inputEnabled: enabled("inputEnabled"), outputEnabled: enabled("outputEnabled") };
}

/** Each value once: two entries for one PII type (or filter, topic) would leave which one applies to chance. */
function unique(values: readonly string[], field: string, member: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw invalid(at(at(field, i), member), "each value may appear once in the list");
    seen.add(v);
  });
}

/**
 * A policy's `tierConfig`, CLASSIC when absent as in Bedrock. A tier names a detection quality
 * Bedrock sells; plinth has one detector per policy, so either tier is accepted and means it, and
 * only the tier's limits differ.
 */
function tier(o: Obj, key: string, field: string): GuardrailTier {
  const t = own(o, key);
  if (t === undefined) return "CLASSIC";
  const f = at(field, key);
  const tierObj = obj(t, f);
  closed(tierObj, f, ["tierName"]);
  return oneOf(need(tierObj, "tierName", f), at(f, "tierName"), TIERS);
}

/** A topic definition within its tier's limit; a CLASSIC refusal says that STANDARD allows more. */
function definition(value: unknown, field: string, topicsTier: GuardrailTier): string {
  const text = str(value, field, { min: 1, max: DEFINITION_MAX.STANDARD });
  const max = DEFINITION_MAX[topicsTier];
  if (text.length > max) {
    throw invalid(field, `Member must have length less than or equal to ${max} on the ${topicsTier} tier (topicPolicyConfig.tierConfig.tierName STANDARD allows ${DEFINITION_MAX.STANDARD})`);
  }
  return text;
}

function decodeTopics(value: unknown): { topics: TopicConfig[]; topicsTier: GuardrailTier } {
  const field = "topicPolicyConfig";
  const o = obj(value, field);
  closed(o, field, ["topicsConfig", "tierConfig"], { shape: "GuardrailTopicPolicyConfig" });
  const topicsTier = tier(o, "tierConfig", field);
  const lf = at(field, "topicsConfig");
  const topics = list(need(o, "topicsConfig", field), lf, { min: 1, max: 30 }).map((item, i) => {
    const f = at(lf, i);
    const t = obj(item, f);
    closed(t, f, ["name", "definition", "examples", "type", ...PER_DIRECTION], { shape: "GuardrailTopicConfig" });
    const examples = own(t, "examples");
    return {
      name: str(need(t, "name", f), at(f, "name"), TOPIC_NAME),
      definition: definition(need(t, "definition", f), at(f, "definition"), topicsTier),
      examples: examples === undefined ? [] : strings(examples, at(f, "examples"), { min: 0, max: 5 }, { min: 1, max: 100 }),
      type: oneOf(need(t, "type", f), at(f, "type"), ["DENY"] as const),
      ...directions(t, f, ACTIONS, "BLOCK"),
    };
  });
  unique(topics.map((t) => t.name.toLowerCase()), lf, "name");
  return { topics, topicsTier };
}

function decodeFilters(value: unknown): { contentFilters: ContentFilterConfig[]; contentFiltersTier: GuardrailTier } {
  const field = "contentPolicyConfig";
  const o = obj(value, field);
  closed(o, field, ["filtersConfig", "tierConfig"], { shape: "GuardrailContentPolicyConfig" });
  const contentFiltersTier = tier(o, "tierConfig", field);
  const lf = at(field, "filtersConfig");
  const filters = list(need(o, "filtersConfig", field), lf, { min: 1, max: 6 }).map((item, i) => {
    const f = at(lf, i);
    const c = obj(item, f);
    closed(c, f, ["type", "inputStrength", "outputStrength", "inputModalities", "outputModalities", ...PER_DIRECTION], { shape: "GuardrailContentFilterConfig" });
    for (const key of ["inputModalities", "outputModalities"]) {
      const m = own(c, key);
      // Only text is evaluated; a filter asked to look at images would silently not.
      if (m !== undefined) strings(m, at(f, key), { min: 1, max: 2 }).forEach((v, j) => oneOf(v, at(at(f, key), j), ["TEXT"] as const));
    }
    const type = oneOf(need(c, "type", f), at(f, "type"), FILTER_TYPES);
    const outputStrength = oneOf(need(c, "outputStrength", f), at(f, "outputStrength"), STRENGTHS);
    // Bedrock evaluates prompt attacks on input only, and requires the output strength to say so.
    if (type === "PROMPT_ATTACK" && outputStrength !== "NONE") throw invalid(at(f, "outputStrength"), "PROMPT_ATTACK applies to input only: outputStrength must be NONE");
    return { type, inputStrength: oneOf(need(c, "inputStrength", f), at(f, "inputStrength"), STRENGTHS), outputStrength, ...directions(c, f, ACTIONS, "BLOCK") };
  });
  unique(filters.map((c) => c.type), lf, "type");
  return { contentFilters: filters, contentFiltersTier };
}

function decodeWords(value: unknown): { words?: WordConfig[]; managedWordLists?: ManagedWordListConfig[] } {
  const field = "wordPolicyConfig";
  const o = obj(value, field);
  closed(o, field, ["wordsConfig", "managedWordListsConfig"], { shape: "GuardrailWordPolicyConfig" });
  const words = own(o, "wordsConfig");
  const managed = own(o, "managedWordListsConfig");
  const wf = at(field, "wordsConfig");
  const mf = at(field, "managedWordListsConfig");
  const out: { words?: WordConfig[]; managedWordLists?: ManagedWordListConfig[] } = {};
  if (words !== undefined) {
    out.words = list(words, wf, { min: 1, max: 10_000 }).map((item, i) => {
      const f = at(wf, i);
      const w = obj(item, f);
      closed(w, f, ["text", ...PER_DIRECTION], { shape: "GuardrailWordConfig" });
      return { text: str(need(w, "text", f), at(f, "text"), { min: 1, max: 100 }), ...directions(w, f, ACTIONS, "BLOCK") };
    });
  }
  if (managed !== undefined) {
    out.managedWordLists = list(managed, mf, { min: 1, max: 1 }).map((item, i) => {
      const f = at(mf, i);
      const m = obj(item, f);
      closed(m, f, ["type", ...PER_DIRECTION], { shape: "GuardrailManagedWordsConfig" });
      return { type: oneOf(need(m, "type", f), at(f, "type"), ["PROFANITY"] as const), ...directions(m, f, ACTIONS, "BLOCK") };
    });
  }
  if (!out.words && !out.managedWordLists) throw invalid(field, "Member must set at least one of [wordsConfig, managedWordListsConfig]");
  return out;
}

function decodeSensitive(value: unknown): { piiEntities?: PiiEntityConfig[]; regexes?: RegexConfig[] } {
  const field = "sensitiveInformationPolicyConfig";
  const o = obj(value, field);
  closed(o, field, ["piiEntitiesConfig", "regexesConfig"], { shape: "GuardrailSensitiveInformationPolicyConfig" });
  const pii = own(o, "piiEntitiesConfig");
  const regexes = own(o, "regexesConfig");
  const pf = at(field, "piiEntitiesConfig");
  const rf = at(field, "regexesConfig");
  const out: { piiEntities?: PiiEntityConfig[]; regexes?: RegexConfig[] } = {};
  if (pii !== undefined) {
    out.piiEntities = list(pii, pf, { min: 1, max: PII_ENTITY_TYPES.length }).map((item, i) => {
      const f = at(pf, i);
      const p = obj(item, f);
      closed(p, f, ["type", "action", ...PER_DIRECTION], { shape: "GuardrailPiiEntityConfig" });
      const type = oneOf(need(p, "type", f), at(f, "type"), PII_ENTITY_TYPES);
      const action = oneOf(need(p, "action", f), at(f, "action"), SENSITIVE_ACTIONS);
      return { type, ...directions(p, f, SENSITIVE_ACTIONS, action) };
    });
    unique(out.piiEntities.map((p) => p.type), pf, "type");
  }
  if (regexes !== undefined) {
    out.regexes = list(regexes, rf, { min: 1, max: 10 }).map((item, i) => {
      const f = at(rf, i);
      const r = obj(item, f);
      closed(r, f, ["name", "description", "pattern", "action", ...PER_DIRECTION], { shape: "GuardrailRegexConfig" });
      const description = own(r, "description");
      const action = oneOf(need(r, "action", f), at(f, "action"), SENSITIVE_ACTIONS);
      return {
        name: str(need(r, "name", f), at(f, "name"), { min: 1, max: 100 }),
        ...(description !== undefined ? { description: str(description, at(f, "description"), { min: 1, max: 1000 }) } : {}),
        pattern: str(need(r, "pattern", f), at(f, "pattern"), { min: 1, max: 500 }),
        ...directions(r, f, SENSITIVE_ACTIONS, action),
      };
    });
  }
  if (!out.piiEntities && !out.regexes) throw invalid(field, "Member must set at least one of [piiEntitiesConfig, regexesConfig]");
  return out;
}

function decodeGrounding(value: unknown): { grounding: GroundingFilterConfig[]; groundingTier: GuardrailTier } {
  const field = "contextualGroundingPolicyConfig";
  const o = obj(value, field);
  closed(o, field, ["filtersConfig", "tierConfig"], { shape: "GuardrailContextualGroundingPolicyConfig" });
  const groundingTier = tier(o, "tierConfig", field);
  const lf = at(field, "filtersConfig");
  const filters = list(need(o, "filtersConfig", field), lf, { min: 1, max: 2 }).map((item, i) => {
    const f = at(lf, i);
    const g = obj(item, f);
    closed(g, f, ["type", "threshold", "action", "enabled"], { shape: "GuardrailContextualGroundingFilterConfig" });
    const action = own(g, "action");
    const enabled = own(g, "enabled");
    return {
      type: oneOf(need(g, "type", f), at(f, "type"), ["GROUNDING", "RELEVANCE"] as const),
      // Bedrock documents 0 to 0.99: a threshold of 1 would block every answer.
      threshold: num(need(g, "threshold", f), at(f, "threshold"), 0, 0.99),
      action: action === undefined ? "BLOCK" : oneOf(action, at(f, "action"), ACTIONS),
      enabled: enabled === undefined ? true : bool(enabled, at(f, "enabled")),
    };
  });
  unique(filters.map((g) => g.type), lf, "type");
  return { grounding: filters, groundingTier };
}

/** The policy members of a CreateGuardrail or UpdateGuardrail body (already checked closed by its codec). */
export function decodePolicies(body: Obj): GuardrailPolicies {
  const topic = own(body, "topicPolicyConfig");
  const content = own(body, "contentPolicyConfig");
  const word = own(body, "wordPolicyConfig");
  const sensitive = own(body, "sensitiveInformationPolicyConfig");
  const grounding = own(body, "contextualGroundingPolicyConfig");
  return {
    ...(topic !== undefined ? decodeTopics(topic) : {}),
    ...(content !== undefined ? decodeFilters(content) : {}),
    ...(word !== undefined ? decodeWords(word) : {}),
    ...(sensitive !== undefined ? decodeSensitive(sensitive) : {}),
    ...(grounding !== undefined ? decodeGrounding(grounding) : {}),
    blockedInputMessaging: str(need(body, "blockedInputMessaging", ""), "blockedInputMessaging", MESSAGING),
    blockedOutputsMessaging: str(need(body, "blockedOutputsMessaging", ""), "blockedOutputsMessaging", MESSAGING),
  };
}

const dir = <A extends string>(p: PerDirection<A>) => ({ inputAction: p.inputAction, outputAction: p.outputAction, inputEnabled: p.inputEnabled, outputEnabled: p.outputEnabled });

/**
 * GetGuardrail's policy members. `action` of a sensitive-information entry is not kept apart from
 * its per-direction actions: it is answered as the input action, which it is unless both
 * directions were set otherwise. Each tiered policy answers its `tier`, CLASSIC for a
 * configuration stored before tiers were kept (as Bedrock answers a guardrail created without one).
 */
export function encodePolicies(p: GuardrailPolicies): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.topics) {
    out["topicPolicy"] = {
      topics: p.topics.map((t) => ({ name: t.name, definition: t.definition, examples: t.examples, type: t.type, ...dir(t) })),
      tier: { tierName: tierOf(p, "topicsTier") },
    };
  }
  if (p.contentFilters) {
    out["contentPolicy"] = {
      filters: p.contentFilters.map((c) => ({
        type: c.type, inputStrength: c.inputStrength, outputStrength: c.outputStrength, inputModalities: ["TEXT"], outputModalities: ["TEXT"], ...dir(c),
      })),
      tier: { tierName: tierOf(p, "contentFiltersTier") },
    };
  }
  if (p.words || p.managedWordLists) {
    out["wordPolicy"] = {
      ...(p.words ? { words: p.words.map((w) => ({ text: w.text, ...dir(w) })) } : {}),
      ...(p.managedWordLists ? { managedWordLists: p.managedWordLists.map((m) => ({ type: m.type, ...dir(m) })) } : {}),
    };
  }
  if (p.piiEntities || p.regexes) {
    out["sensitiveInformationPolicy"] = {
      ...(p.piiEntities ? { piiEntities: p.piiEntities.map((e) => ({ type: e.type, action: e.inputAction, ...dir(e) })) } : {}),
      ...(p.regexes ? {
        regexes: p.regexes.map((r) => ({
          name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), pattern: r.pattern, action: r.inputAction, ...dir(r),
        })),
      } : {}),
    };
  }
  if (p.grounding) {
    out["contextualGroundingPolicy"] = {
      filters: p.grounding.map((g) => ({ type: g.type, threshold: g.threshold, action: g.action, enabled: g.enabled })),
      tier: { tierName: tierOf(p, "groundingTier") },
    };
  }
  out["blockedInputMessaging"] = p.blockedInputMessaging;
  out["blockedOutputsMessaging"] = p.blockedOutputsMessaging;
  return out;
}
