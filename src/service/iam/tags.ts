import type { Tag } from "../../store/iam-port.js";
import type { IamDeps } from "./deps.js";
import { limitExceeded } from "./errors.js";
import { MAX_TAGS, checkTagKeys, checkTags } from "./validate.js";

/**
 * Tags on users, roles, managed policies and MFA devices. Keys compare without regard to case:
 * tagging with a key already present (in any case) replaces its value, and a resource holds at
 * most 50 tags after the change, as IAM counts them.
 */
export async function addTags(deps: IamDeps, arn: string, tags: readonly Tag[], kind: string): Promise<void> {
  checkTags("tags", tags);
  if (tags.length === 0) return;
  const existing = await deps.iam.listTags(arn);
  const keys = new Set(existing.map((t) => t.key.toLowerCase()));
  for (const tag of tags) keys.add(tag.key.toLowerCase());
  if (keys.size > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for TagsPer${kind}: ${MAX_TAGS}.`);
  await deps.iam.tagResource(arn, tags);
}

export async function removeTags(deps: IamDeps, arn: string, keys: readonly string[]): Promise<void> {
  checkTagKeys("tagKeys", keys);
  if (keys.length > 0) await deps.iam.untagResource(arn, keys);
}

export async function tagsOf(deps: IamDeps, arn: string): Promise<Tag[]> {
  return deps.iam.listTags(arn);
}
