import type { Direction, GuardrailPolicies } from "./config.js";

type Entries = Record<string, unknown>[];

/**
 * ApplyGuardrail's `outputScope: FULL`: the assessment lists every entry the direction evaluated,
 * those that found nothing too (`detected: false`, action NONE), for debugging a guardrail. As the
 * API documents, this covers topics, content filters and PII entity types, not word filters or
 * custom regexes (their entries are only ever matches). A non-detected entry has no `match` (there
 * is none) and a content filter's confidence is NONE. Entries already detected are kept as they are.
 */
export function fullAssessment(policies: GuardrailPolicies, source: Direction, assessment: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const enabled = (e: { inputEnabled: boolean; outputEnabled: boolean }) => (source === "INPUT" ? e.inputEnabled : e.outputEnabled);
  const out: Record<string, unknown> = { ...assessment };

  const topics = entries(assessment, "topicPolicy", "topics");
  const namedTopics = new Set(topics.map((t) => t["name"]));
  const quietTopics = (policies.topics ?? []).filter((t) => enabled(t) && !namedTopics.has(t.name))
    .map((t) => ({ name: t.name, type: t.type, action: "NONE", detected: false }));
  if (topics.length + quietTopics.length > 0) out["topicPolicy"] = { topics: [...topics, ...quietTopics] };

  const filters = entries(assessment, "contentPolicy", "filters");
  const typedFilters = new Set(filters.map((f) => f["type"]));
  const quietFilters = (policies.contentFilters ?? []).flatMap((f) => {
    const strength = source === "INPUT" ? f.inputStrength : f.outputStrength;
    // The evaluator reads prompt attacks on input only, and a NONE strength not at all.
    if (!enabled(f) || strength === "NONE" || typedFilters.has(f.type) || (f.type === "PROMPT_ATTACK" && source === "OUTPUT")) return [];
    return [{ type: f.type, confidence: "NONE", filterStrength: strength, action: "NONE", detected: false }];
  });
  if (filters.length + quietFilters.length > 0) out["contentPolicy"] = { filters: [...filters, ...quietFilters] };

  const sensitive = (assessment["sensitiveInformationPolicy"] ?? {}) as { piiEntities?: Entries; regexes?: Entries };
  const pii = sensitive.piiEntities ?? [];
  const typedPii = new Set(pii.map((p) => p["type"]));
  const quietPii = (policies.piiEntities ?? []).filter((p) => enabled(p) && !typedPii.has(p.type))
    .map((p) => ({ type: p.type, action: "NONE", detected: false }));
  if (pii.length + quietPii.length > 0 || sensitive.regexes !== undefined) {
    out["sensitiveInformationPolicy"] = { piiEntities: [...pii, ...quietPii], regexes: sensitive.regexes ?? [] };
  }
  return out;
}

function entries(assessment: Readonly<Record<string, unknown>>, policy: string, list: string): Entries {
  const p = assessment[policy] as Record<string, unknown> | undefined;
  return (p?.[list] as Entries | undefined) ?? [];
}
