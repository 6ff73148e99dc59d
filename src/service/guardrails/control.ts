import { randomInt } from "node:crypto";
import { resolveGuardrailProfile } from "./profiles.js";
import type { GuardrailProfile } from "./profiles.js";
import { mergeTags } from "../resources/tags.js";
import { checkPlinthTags } from "./opt-in-tags.js";
import type { SealingKey, SecretBox } from "../../crypto/index.js";
import { Fault, PARTITION, invalid, parseArn } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { GuardrailRecord, GuardrailStore, Tag } from "../../store/index.js";
import type { GuardrailDirectory, GuardrailValidator, LocatedGuardrail, ResolvedGuardrail } from "./directory.js";
import { LocatedCache, forgettingWrites } from "./located-cache.js";
import { OpenedPolicies } from "./opened-policies.js";
import { guardrailContext, openPolicies, sealPolicies } from "./sealing.js";
import type { GuardrailDefinition, GuardrailPage, GuardrailSummary, GuardrailTarget, GuardrailView, GuardrailWritten, NewGuardrail } from "./views.js";

/** Bedrock's default quotas: guardrails per account, numbered versions per guardrail. */
export const MAX_GUARDRAILS_PER_ACCOUNT = 100;
export const MAX_VERSIONS_PER_GUARDRAIL = 20;
export const MAX_GUARDRAIL_TAGS = 200;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const ID = /^[a-z0-9]{12}$/;

export interface GuardrailControlDeps {
  readonly store: GuardrailStore;
  readonly box: SecretBox;
  readonly clock: Clock;
  readonly region: string;
  /** Called on every configuration before it is stored (CreateGuardrail, UpdateGuardrail). */
  readonly validate: GuardrailValidator;
  /** Resolves a kmsKeyId of the caller's account to its key ARN (plinth's KMS). */
  readonly keys: GuardrailKeys;
  /**
   * Told the ARN of a guardrail deleted whole, whose resource policy went with it, so the
   * authorizer drops a copy it holds at once rather than at its recheck.
   */
  readonly policyGone?: (guardrailArn: string) => void;
}

/** The part of plinth's KMS the control plane needs: naming keys, once. */
export interface GuardrailKeys {
  resolve(accountId: string, kmsKeyId: string, field: string): Promise<SealingKey>;
  /** Refuses as opening would when the key cannot be used now (disabled, pending deletion, gone). */
  assertUsable(key: SealingKey): Promise<void>;
}

/** What names the account's plinth-managed default key (its configuration then shows no kmsKeyArn, as in Bedrock). */
const DEFAULT_KEY_ALIAS = "alias/aws/bedrock";

export function guardrailNotFound(): Fault {
  return new Fault("not-found", "The guardrail named was not found", { field: "guardrailIdentifier" });
}

/**
 * The guardrail control plane: an account's guardrails, each an editable DRAFT and numbered
 * versions that never change, configurations stored only sealed. Names are resolved once here,
 * for the control plane and for inference alike (resolveForInference).
 */
export class GuardrailControl implements GuardrailDirectory {
  readonly #opened: OpenedPolicies;
  readonly #located: LocatedCache;
  /** The store, each write to a guardrail followed by `changed` (whether or not it succeeded: a failed write may still have landed). */
  readonly #store: GuardrailStore;

  constructor(private readonly deps: GuardrailControlDeps) {
    const now = (): number => deps.clock.now().getTime();
    this.#opened = new OpenedPolicies(deps.box, deps.keys, now);
    this.#located = new LocatedCache(now);
    this.#store = forgettingWrites(deps.store, (accountId, guardrailId) => this.changed(accountId, guardrailId));
  }

  /**
   * Drops what this process keeps of one guardrail's rows: after every change made here, and when
   * another process says it changed one (compose/guardrail-peers.ts).
   */
  forgetLocated(accountId: string, guardrailId: string): void {
    this.#located.forget(accountId, guardrailId);
  }

  /** After every write to an existing guardrail's rows through this control plane. */
  protected changed(accountId: string, guardrailId: string): void {
    this.forgetLocated(accountId, guardrailId);
  }

  arn(accountId: string, guardrailId: string): string {
    return `arn:${PARTITION}:bedrock:${this.deps.region}:${accountId}:guardrail/${guardrailId}`;
  }

  /** A fresh id in Bedrock's shape (12 lower-case letters and digits). */
  newId(): string {
    return Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
  }

  /**
   * An id or ARN, in its one canonical form. An ARN of another account, region or partition is
   * not found (never a resource of this caller's, and the answer must not tell it from none).
   */
  async target(identifier: string, accountId: string): Promise<GuardrailTarget> {
    const id = this.#idOf(identifier, accountId);
    const record = ID.test(id) ? await this.#store.get(accountId, id) : undefined;
    return { arn: this.arn(accountId, id), id, tags: record?.tags ?? [], ...(record ? { record } : {}) };
  }

  /** The guardrail a client request token already made (a retried create), if any. */
  async byToken(accountId: string, token: string | undefined): Promise<GuardrailRecord | undefined> {
    return token === undefined ? undefined : this.#store.getByToken(accountId, token);
  }

  /**
   * The customer key a CreateGuardrail or UpdateGuardrail names, resolved once (before
   * authorisation, which checks kms:GenerateDataKey and kms:Decrypt on it); undefined when it
   * names none (the account's default key).
   */
  async key(accountId: string, g: GuardrailDefinition): Promise<SealingKey | undefined> {
    return g.kmsKeyId === undefined ? undefined : this.deps.keys.resolve(accountId, g.kmsKeyId, "kmsKeyId");
  }

  /**
   * The guardrail profile a CreateGuardrail or UpdateGuardrail names, resolved once for this
   * region and the caller's account (before authorisation, which checks the action on its ARN
   * too); undefined when it names none.
   */
  profile(accountId: string, g: GuardrailDefinition): GuardrailProfile | undefined {
    return g.crossRegionProfile === undefined ? undefined : resolveGuardrailProfile(g.crossRegionProfile, this.deps.region, accountId);
  }

  /** `key`: as resolved by `key()`, and authorised. */
  async create(accountId: string, guardrailId: string, g: NewGuardrail, key?: SealingKey): Promise<GuardrailWritten> {
    this.deps.validate(g.policies);
    checkPlinthTags(g.tags);
    // Counted before writing: concurrent creates may pass the count together, so the quota can be
    // overrun by as many creates as run at once, never without bound.
    if ((await this.#store.count(accountId)) >= MAX_GUARDRAILS_PER_ACCOUNT) {
      throw new Fault("service-quota-exceeded", `This account has the most guardrails allowed (${MAX_GUARDRAILS_PER_ACCOUNT})`);
    }
    const arn = this.arn(accountId, guardrailId);
    const now = this.deps.clock.now();
    const record: GuardrailRecord = {
      guardrailId, accountId, name: g.name, ...(g.description !== undefined ? { description: g.description } : {}),
      ...(g.clientRequestToken !== undefined ? { clientRequestToken: g.clientRequestToken } : {}),
      tags: g.tags, sealed: await sealPolicies(this.deps.box, guardrailContext(accountId, arn, "DRAFT"), g.policies, key),
      nextVersion: 1, createdAt: now, updatedAt: now,
    };
    try {
      await this.#store.create(record);
    } catch (error) {
      // A retry racing its own first attempt finds the guardrail that attempt made.
      const made = await this.byToken(accountId, g.clientRequestToken);
      if (made) return { id: made.guardrailId, arn: this.arn(accountId, made.guardrailId), version: "DRAFT", at: made.createdAt };
      if (error instanceof Fault && error.kind === "conflict") throw new Fault("conflict", "A guardrail with this name already exists", { field: "name" });
      throw error;
    }
    return { id: guardrailId, arn, version: "DRAFT", at: now };
  }

  /** After authorisation: one version (DRAFT or a number), or not found. */
  async view(t: GuardrailTarget, version: string): Promise<GuardrailView> {
    const r = exists(t);
    const { summary, sealed } = await this.#read(r, version);
    const policies = await openPolicies(this.deps.box, guardrailContext(r.accountId, t.arn, version), sealed);
    const kmsKeyArn = await this.#customerKey(r.accountId, sealed);
    return { ...summary, policies, ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}) };
  }

  /**
   * The customer-managed key one version of a guardrail is sealed under, read from its envelope
   * (before authorisation: reading it back uses the key on the caller's behalf, so the caller
   * must be allowed kms:Decrypt on it, as Bedrock requires). undefined when the guardrail or
   * version does not exist, or it is under the account's default key.
   */
  async customerKey(t: GuardrailTarget, version: string): Promise<SealingKey | undefined> {
    const sealed = await this.#sealed(t, version);
    const arn = sealed && await this.#customerKey(t.record!.accountId, sealed);
    return arn ? { arn } : undefined;
  }

  /**
   * One guardrail version as the store holds it now, read once for a request that uses it
   * (before authorisation, which needs its tags and the customer key it is sealed under), for
   * resolveForInference to open after authorisation without reading the rows again. Nothing is
   * opened here. An ARN of another account is not found (as `target`); an unknown guardrail or
   * version is answered without `sealed`, and inference with it then fails as not found.
   */
  async locate(accountId: string, identifier: string, version: string): Promise<LocatedGuardrail> {
    const id = this.#idOf(identifier, accountId);
    const kept = this.#located.get(accountId, id, version);
    if (kept !== undefined) return kept;
    const generation = this.#located.generation;
    const at = this.deps.clock.now().getTime();
    let record: GuardrailRecord | undefined;
    let sealed: Uint8Array | undefined;
    if (ID.test(id) && /^[1-9][0-9]{0,7}$/.test(version)) {
      // The guardrail's row and the version's in one read (a round trip fewer on PostgreSQL).
      const both = await this.#store.getWithVersion(accountId, id, Number(version));
      record = both?.record;
      sealed = both?.version?.sealed;
    } else if (ID.test(id)) {
      record = await this.#store.get(accountId, id);
      sealed = version === "DRAFT" ? record?.sealed : undefined;
    }
    const keyArn = sealed && await this.#customerKey(accountId, sealed);
    return this.#located.put({
      accountId, arn: this.arn(accountId, id), guardrailId: id, version, tags: record?.tags ?? [],
      ...(keyArn ? { customerKeyArn: keyArn } : {}),
      ...(sealed && record ? { sealed, revision: version === "DRAFT" ? record.updatedAt.toISOString() : version } : {}),
    }, at, generation);
  }

  /** The sealed configuration of one version of a guardrail that exists; undefined for no such version. */
  async #sealed(t: GuardrailTarget, version: string): Promise<Uint8Array | undefined> {
    if (!t.record) return undefined;
    if (version === "DRAFT") return t.record.sealed;
    if (!/^[1-9][0-9]{0,7}$/.test(version)) return undefined;
    return (await this.#store.getVersion(t.record.accountId, t.record.guardrailId, Number(version)))?.sealed;
  }

  /** The customer-managed key a configuration is sealed under; undefined for the default key (or a record from before keys). */
  async #customerKey(accountId: string, sealed: Uint8Array): Promise<string | undefined> {
    const under = this.deps.box.sealedUnder(sealed);
    if (!under) return undefined;
    const byDefault = await this.deps.keys.resolve(accountId, DEFAULT_KEY_ALIAS, "kmsKeyId").catch(() => undefined);
    return byDefault?.arn === under.arn ? undefined : under.arn;
  }

  /** The account's guardrails (their DRAFTs), or with a guardrail named, its DRAFT and every version of it. */
  async list(accountId: string, of: GuardrailTarget | undefined, maxResults: number, nextToken: string | undefined): Promise<GuardrailPage> {
    if (of) {
      const r = exists(of);
      const versions = await this.#store.listVersions(accountId, r.guardrailId);
      const all = [this.#draft(r), ...versions.map((v) => this.#version(r, v.version, v.name, v.description, v.createdAt))];
      const start = nextToken === undefined ? 0 : readOffset(nextToken, all.length);
      const page = all.slice(start, start + maxResults);
      return { guardrails: page, ...(start + maxResults < all.length ? { nextToken: `v${start + maxResults}` } : {}) };
    }
    const after = nextToken === undefined ? undefined : readAfter(nextToken);
    const records = await this.#store.list(accountId, { ...(after !== undefined ? { after } : {}), limit: maxResults + 1 });
    const page = records.slice(0, maxResults).map((r) => this.#draft(r));
    return { guardrails: page, ...(records.length > maxResults ? { nextToken: `g${page[page.length - 1]!.id}` } : {}) };
  }

  /**
   * Replaces the DRAFT; numbered versions stay as they were made. As in Bedrock, the update names
   * the key afresh: none means the account's default key.
   */
  async update(t: GuardrailTarget, g: GuardrailDefinition, key?: SealingKey): Promise<GuardrailWritten> {
    const r = exists(t);
    this.deps.validate(g.policies);
    // The DRAFT's updatedAt is its revision: it must move on every change, even within a millisecond.
    const now = new Date(Math.max(this.deps.clock.now().getTime(), r.updatedAt.getTime() + 1));
    const sealed = await sealPolicies(this.deps.box, guardrailContext(r.accountId, t.arn, "DRAFT"), g.policies, key);
    try {
      const changed = await this.#store.updateDraft(r.accountId, r.guardrailId, {
        name: g.name, ...(g.description !== undefined ? { description: g.description } : {}), sealed, updatedAt: now,
      });
      if (!changed) throw guardrailNotFound();
    } catch (error) {
      if (error instanceof Fault && error.kind === "conflict") throw new Fault("conflict", "A guardrail with this name already exists", { field: "name" });
      throw error;
    }
    return { id: r.guardrailId, arn: t.arn, version: "DRAFT", at: now };
  }

  /**
   * Copies the DRAFT as it is now into the next numbered version, re-sealed for that version under
   * the DRAFT's key. Sealing reads the key's material from the store, so it happens before the
   * store's transaction (which holds the one connection); the transaction then checks that the
   * DRAFT and the number are still those it was sealed for, and a race is a conflict to retry.
   */
  async createVersion(t: GuardrailTarget, description: string | undefined): Promise<GuardrailWritten> {
    const r = exists(t);
    const now = await this.#store.get(r.accountId, r.guardrailId);
    if (!now) throw guardrailNotFound();
    const planned = now.nextVersion;
    const policies = await openPolicies(this.deps.box, guardrailContext(r.accountId, t.arn, "DRAFT"), now.sealed);
    const sealed = await sealPolicies(this.deps.box, guardrailContext(r.accountId, t.arn, String(planned)), policies, this.deps.box.sealedUnder(now.sealed));
    const made = await this.#store.addVersion(r.accountId, r.guardrailId, async (draft, version, existing) => {
      if (existing >= MAX_VERSIONS_PER_GUARDRAIL) {
        throw new Fault("service-quota-exceeded", `This guardrail has the most versions allowed (${MAX_VERSIONS_PER_GUARDRAIL})`);
      }
      if (version !== planned || !Buffer.from(draft.sealed).equals(Buffer.from(now.sealed))) {
        throw new Fault("conflict", "The guardrail changed while a version of it was being made; try again");
      }
      return { name: draft.name, ...(description !== undefined ? { description } : {}), sealed, createdAt: this.deps.clock.now() };
    });
    if (!made) throw guardrailNotFound();
    return { id: r.guardrailId, arn: t.arn, version: String(made.version), at: made.createdAt };
  }

  /** A numbered version alone, or with DRAFT (or no version) the guardrail, all its versions and its resource policy. */
  async delete(t: GuardrailTarget, version: string | undefined): Promise<void> {
    const r = exists(t);
    const whole = version === undefined || version === "DRAFT";
    const arn = this.arn(r.accountId, r.guardrailId);
    const gone = whole ? await this.#store.delete(r.accountId, r.guardrailId, arn) : await this.#store.deleteVersion(r.accountId, r.guardrailId, Number(version));
    if (!gone) throw guardrailNotFound();
    if (whole) this.deps.policyGone?.(arn);
  }

  /** Adds or replaces tags by key; more than the limit in all is refused whole. */
  async tag(accountId: string, guardrailId: string, tags: readonly Tag[]): Promise<void> {
    checkPlinthTags(tags);
    const changed = await this.#store.updateTags(accountId, guardrailId, (current) => mergeTags(current, tags, MAX_GUARDRAIL_TAGS));
    if (!changed) throw guardrailNotFound();
  }

  async untag(accountId: string, guardrailId: string, keys: readonly string[]): Promise<void> {
    const drop = new Set(keys);
    if (!(await this.#store.updateTags(accountId, guardrailId, (current) => current.filter((t) => !drop.has(t.key))))) throw guardrailNotFound();
  }

  /**
   * `located`: what `locate` read for this request's authorisation, used instead of reading the
   * rows again when it names this very guardrail version of this account (else ignored). The
   * rows are read once per request (a guardrail or version deleted before it is gone for the
   * next); only the envelope's opening is kept across requests, for as long as the stored bytes
   * and the key's state allow (OpenedPolicies: the key's state is read on every use).
   */
  async resolveForInference(accountId: string, identifier: string, version: string, located?: LocatedGuardrail): Promise<ResolvedGuardrail> {
    if (version !== "DRAFT" && !/^[1-9][0-9]{0,7}$/.test(version)) throw guardrailNotFound();
    const l = located !== undefined && locates(located, accountId, identifier, version) ? located : await this.locate(accountId, identifier, version);
    if (l.sealed === undefined || l.revision === undefined) throw guardrailNotFound();
    const policies = await this.#opened.open(guardrailContext(accountId, l.arn, version), l.sealed);
    return { arn: l.arn, guardrailId: l.guardrailId, version, policies, revision: l.revision, tags: l.tags };
  }

  #idOf(identifier: string, accountId: string): string {
    if (!identifier.startsWith("arn:")) return identifier;
    const p = parseArn(identifier);
    const own = p !== undefined && p.partition === PARTITION && p.service === "bedrock" && p.region === this.deps.region
      && p.account === accountId && p.resource.startsWith("guardrail/");
    if (!own) throw guardrailNotFound();
    return p.resource.slice("guardrail/".length);
  }

  async #read(r: GuardrailRecord, version: string): Promise<{ summary: GuardrailSummary; sealed: Uint8Array }> {
    if (version === "DRAFT") return { summary: this.#draft(r), sealed: r.sealed };
    const v = /^[1-9][0-9]{0,7}$/.test(version) ? await this.#store.getVersion(r.accountId, r.guardrailId, Number(version)) : undefined;
    if (!v) throw guardrailNotFound();
    return { summary: this.#version(r, v.version, v.name, v.description, v.createdAt), sealed: v.sealed };
  }

  #draft(r: GuardrailRecord): GuardrailSummary {
    return {
      id: r.guardrailId, arn: this.arn(r.accountId, r.guardrailId), name: r.name, ...(r.description !== undefined ? { description: r.description } : {}),
      version: "DRAFT", status: "READY", createdAt: r.createdAt, updatedAt: r.updatedAt,
    };
  }

  #version(r: GuardrailRecord, version: number, name: string, description: string | undefined, at: Date): GuardrailSummary {
    return {
      id: r.guardrailId, arn: this.arn(r.accountId, r.guardrailId), name, ...(description !== undefined ? { description } : {}),
      version: String(version), status: "READY", createdAt: r.createdAt, updatedAt: at,
    };
  }
}

/** Whether `l` is what `locate(accountId, identifier, version)` reads: the same account and version, by id or canonical ARN. */
function locates(l: LocatedGuardrail, accountId: string, identifier: string, version: string): boolean {
  return l.accountId === accountId && l.version === version && (identifier === l.arn || identifier === l.guardrailId);
}

function exists(t: GuardrailTarget): GuardrailRecord {
  if (!t.record) throw guardrailNotFound();
  return t.record;
}

function readAfter(token: string): string {
  if (/^g[a-z0-9]{12}$/.test(token)) return token.slice(1);
  throw new Fault("validation", "The nextToken is not one this service issued", { field: "nextToken" });
}

function readOffset(token: string, size: number): number {
  const n = /^v[0-9]{1,3}$/.test(token) ? Number(token.slice(1)) : NaN;
  if (Number.isInteger(n) && n <= size) return n;
  throw new Fault("validation", "The nextToken is not one this service issued", { field: "nextToken" });
}
