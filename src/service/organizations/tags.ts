import type { Tag } from "../../store/iam-port.js";
import type { MetaStore } from "../../store/port.js";

const KEY = (resourceId: string): string => `organizations.tags.${resourceId.toLowerCase()}`;

/**
 * Tags given to accounts and policies (CreateAccount, CreatePolicy), by resource id as
 * Organizations' tag operations name them (an account id, `p-...`). The IAM tag table takes IAM
 * ARNs only, so until the organisation store has tags of its own they are kept as one setting
 * per resource, a new value replacing an old one under the same key, as AWS tags do.
 */
export class OrganizationTags {
  constructor(private readonly meta: MetaStore) {}

  async tag(resourceId: string, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) return;
    const merged = new Map((await this.list(resourceId)).map((t) => [t.key, t.value]));
    for (const t of tags) merged.set(t.key, t.value);
    await this.meta.set(KEY(resourceId), JSON.stringify([...merged].map(([key, value]) => ({ key, value }))));
  }

  async list(resourceId: string): Promise<Tag[]> {
    const text = await this.meta.get(KEY(resourceId));
    return text === undefined ? [] : (JSON.parse(text) as Tag[]);
  }
}
