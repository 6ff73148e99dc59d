import { randomInt } from "node:crypto";
import { mergeTags } from "../resources/tags.js";
import { Fault, PARTITION, invalid } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { InferenceProfileRecord, InferenceProfileStore, Tag } from "../../store/index.js";
import type { ApplicationProfileLookup } from "../resources/models.js";

/** Bedrock's limit on a resource's tags (TooManyTagsException past it). */
export const MAX_PROFILE_TAGS = 200;
/**
 * Bedrock's default quota of application inference profiles per account: without one, a caller
 * allowed to create profiles could grow the store without end.
 */
export const MAX_PROFILES_PER_ACCOUNT = 1000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface NewProfile {
  readonly accountId: string;
  readonly profileId: string;
  readonly name: string;
  readonly description?: string;
  /** Canonical: a foundation model or system-defined profile ARN of this deployment, already resolved. */
  readonly sourceArn: string;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
}

/**
 * Application inference profiles: an account's named, taggable aliases of a model or a
 * system-defined profile, for cost attribution and as policy resources. Invoking one goes through
 * ModelResolver, which follows it to its source every time (so a system profile's residency rule
 * is weighed at each call, under the settings of the moment).
 */
export class ApplicationProfiles implements ApplicationProfileLookup {
  constructor(private readonly store: InferenceProfileStore, private readonly region: string, private readonly clock: Clock) {}

  arn(accountId: string, profileId: string): string {
    return `arn:${PARTITION}:bedrock:${this.region}:${accountId}:application-inference-profile/${profileId}`;
  }

  /** A fresh id in Bedrock's shape (12 lower-case letters and digits). */
  newId(): string {
    return Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
  }

  async find(accountId: string, profileId: string): Promise<InferenceProfileRecord | undefined> {
    return /^[a-z0-9]{12}$/.test(profileId) ? this.store.get(accountId, profileId) : undefined;
  }

  /** The profile a client request token already made (a retried create), if any. */
  async byToken(accountId: string, token: string | undefined): Promise<InferenceProfileRecord | undefined> {
    return token === undefined ? undefined : this.store.getByToken(accountId, token);
  }

  async create(p: NewProfile): Promise<InferenceProfileRecord> {
    // Counted before writing: concurrent creates may pass the count together, so the quota can be
    // overrun by as many creates as run at once, never without bound.
    if ((await this.store.list(p.accountId, { limit: MAX_PROFILES_PER_ACCOUNT })).length >= MAX_PROFILES_PER_ACCOUNT) {
      throw new Fault("service-quota-exceeded", `This account has the most application inference profiles allowed (${MAX_PROFILES_PER_ACCOUNT})`);
    }
    const now = this.clock.now();
    const record: InferenceProfileRecord = {
      profileId: p.profileId, accountId: p.accountId, name: p.name, ...(p.description !== undefined ? { description: p.description } : {}),
      sourceArn: p.sourceArn, ...(p.clientRequestToken !== undefined ? { clientRequestToken: p.clientRequestToken } : {}),
      tags: p.tags, createdAt: now, updatedAt: now,
    };
    try {
      await this.store.create(record);
    } catch (error) {
      // A retry racing its own first attempt finds the profile that attempt made.
      const made = await this.byToken(p.accountId, p.clientRequestToken);
      if (made) return made;
      if (error instanceof Fault && error.kind === "conflict") throw new Fault("conflict", "An inference profile with this name already exists", { field: "inferenceProfileName" });
      throw error;
    }
    return record;
  }

  list(accountId: string, after: string | undefined, limit: number): Promise<InferenceProfileRecord[]> {
    return this.store.list(accountId, { ...(after !== undefined ? { after } : {}), limit });
  }

  async delete(accountId: string, profileId: string): Promise<void> {
    if (!(await this.store.delete(accountId, profileId))) throw notFound();
  }

  /** Adds or replaces tags by key; more than the limit in all is refused whole. */
  async tag(accountId: string, profileId: string, tags: readonly Tag[]): Promise<void> {
    const changed = await this.store.updateTags(accountId, profileId, (current) => mergeTags(current, tags, MAX_PROFILE_TAGS), this.clock.now());
    if (!changed) throw notFound();
  }

  async untag(accountId: string, profileId: string, keys: readonly string[]): Promise<void> {
    const drop = new Set(keys);
    const changed = await this.store.updateTags(accountId, profileId, (current) => current.filter((t) => !drop.has(t.key)), this.clock.now());
    if (!changed) throw notFound();
  }
}

export function notFound(): Fault {
  return new Fault("not-found", "The inference profile named was not found", { field: "inferenceProfileIdentifier" });
}
