import { invalid } from "../../kernel/index.js";
import type { SessionTag } from "../../kernel/index.js";
import type { StsSessionFacts } from "./session-tokens.js";

/**
 * Session tags and source identity along a role chain, as AWS defines them: tags marked
 * transitive in one session pass to every session assumed from it and cannot be changed there;
 * a source identity, once set, stays for the whole chain. Tag keys compare without regard to case.
 */
export interface SessionLabels {
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

export function planSessionLabels(
  request: { readonly tags: readonly SessionTag[]; readonly transitiveTagKeys: readonly string[]; readonly sourceIdentity?: string },
  caller: StsSessionFacts | undefined,
): SessionLabels {
  const requested = new Set<string>();
  for (const tag of request.tags) {
    const key = tag.key.toLowerCase();
    if (key.startsWith("aws:")) throw invalid("tags", "Tag keys starting with 'aws:' are reserved for AWS use");
    if (requested.has(key)) throw invalid("tags", "Duplicate tag keys found. Tag keys are case insensitive");
    requested.add(key);
  }
  for (const key of request.transitiveTagKeys) {
    if (!requested.has(key.toLowerCase())) throw invalid("transitiveTagKeys", "Each transitive tag key must be the key of a tag passed in Tags");
  }
  const inheritedKeys = new Set((caller?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  const inherited = (caller?.tags ?? []).filter((t) => inheritedKeys.has(t.key.toLowerCase()));
  for (const tag of request.tags) {
    if (inheritedKeys.has(tag.key.toLowerCase())) {
      throw invalid("tags", "A transitive session tag of the calling session cannot be set again in a role chain");
    }
  }
  const inheritedSource = caller?.sourceIdentity;
  if (inheritedSource !== undefined && request.sourceIdentity !== undefined && request.sourceIdentity !== inheritedSource) {
    throw invalid("sourceIdentity", "The source identity of a role chain cannot be changed once set");
  }
  const transitive = [...(caller?.transitiveTagKeys ?? []), ...request.transitiveTagKeys];
  const sourceIdentity = request.sourceIdentity ?? inheritedSource;
  return {
    tags: [...inherited, ...request.tags],
    transitiveTagKeys: [...new Map(transitive.map((k) => [k.toLowerCase(), k])).values()],
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}
