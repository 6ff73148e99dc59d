import { tagOperations } from "../http/bedrock/tag-routes.js";
import type { TaggableResources } from "../http/bedrock/tag-routes.js";
import type { Capability } from "./capability.js";

/**
 * The control plane's TagResource, UntagResource and ListTagsForResource: one route each for the
 * whole `bedrock` surface, so they live apart from the capabilities whose resources they tag
 * (application inference profiles, guardrails), which hand in their kinds.
 */
export function taggingCapability(kinds: readonly TaggableResources[]): Capability {
  return { name: "tagging", operations: tagOperations(kinds) };
}
