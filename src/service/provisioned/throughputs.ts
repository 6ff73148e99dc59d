import { randomInt } from "node:crypto";
import { Fault, PARTITION, invalid } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { CommitmentDuration, ProvisionedRecord, ProvisionedStore, Tag } from "../../store/index.js";
import { mergeTags } from "../resources/tags.js";
import type { ProvisionedLookup, ProvisionedModelRef } from "../resources/models.js";
import type { CapacityPlan } from "./capacity-plan.js";
import { asOf, commitmentEnd } from "./lifecycle.js";

/** Bedrock's limit on a resource's tags. */
export const MAX_PROVISIONED_TAGS = 200;
/** Provisioned throughputs per account: bounds what one caller can make the store hold (and what a list reads). */
export const MAX_PROVISIONED_PER_ACCOUNT = 50;
/** How long the units reserved per provider are trusted before being read again: other nodes' and workers' changes arrive within it. */
const RESERVED_TTL_MS = 1_000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface NewProvisioned {
  readonly accountId: string;
  readonly provisionedId: string;
  readonly name: string;
  /** A model of the catalogue, already resolved. */
  readonly modelId: string;
  readonly modelUnits: number;
  readonly commitmentDuration?: CommitmentDuration;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
}

/** Which provider serves a model, if the catalogue has it. */
export type ProviderOf = (modelId: string) => string | undefined;

/**
 * Provisioned throughput: an account's reservation of model units of one model, each unit a share
 * of its provider's configured capacity (CapacityPlan). The reservation is checked against every
 * account's units on the provider in the same transaction that records it, so two creates cannot
 * both take the last units. Invoking one goes through ModelResolver, which finds it here.
 */
export class ProvisionedThroughputs implements ProvisionedLookup {
  #reserved: { readonly at: number; readonly units: Promise<ReadonlyMap<string, number>> } | undefined;

  constructor(
    private readonly store: ProvisionedStore,
    private readonly plan: CapacityPlan,
    private readonly providerOf: ProviderOf,
    private readonly region: string,
    private readonly clock: Clock,
  ) {}

  arn(accountId: string, provisionedId: string): string {
    return `arn:${PARTITION}:bedrock:${this.region}:${accountId}:provisioned-model/${provisionedId}`;
  }

  newId(): string {
    return Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
  }

  /** The record as it is now (its status weighed against the clock). */
  async get(accountId: string, provisionedId: string): Promise<ProvisionedRecord | undefined> {
    if (!/^[a-z0-9]{12}$/.test(provisionedId)) return undefined;
    const record = await this.store.get(accountId, provisionedId);
    return record && this.#asOf(record, this.clock.now());
  }

  /** For ModelResolver: what an invocation naming the provisioned model's ARN serves. */
  async find(accountId: string, provisionedId: string): Promise<ProvisionedModelRef | undefined> {
    const r = await this.get(accountId, provisionedId);
    return r && {
      modelId: r.modelId, providerId: r.providerId, modelUnits: r.modelUnits, tags: r.tags, inService: r.status === "InService" || r.status === "Updating",
      ...(r.status === "Failed" ? { notInService: `The provisioned model is Failed: ${r.failureMessage ?? "see GetProvisionedModelThroughput"}` } : {}),
    };
  }

  async byToken(accountId: string, token: string | undefined): Promise<ProvisionedRecord | undefined> {
    if (token === undefined) return undefined;
    const record = await this.store.getByToken(accountId, token);
    return record && this.#asOf(record, this.clock.now());
  }

  /** The model units reserved on a provider, every account's, read at most once a second. */
  async reservedUnits(providerId: string): Promise<number> {
    const now = performance.now();
    if (this.#reserved === undefined || now - this.#reserved.at >= RESERVED_TTL_MS) {
      const units = this.store.reservedUnits();
      this.#reserved = { at: now, units };
      units.catch(() => { this.#reserved = undefined; });
    }
    return (await this.#reserved.units).get(providerId) ?? 0;
  }

  async create(p: NewProvisioned): Promise<ProvisionedRecord> {
    const providerId = this.#provisionableProvider(p.modelId, "modelId");
    if ((await this.store.list(p.accountId)).length >= MAX_PROVISIONED_PER_ACCOUNT) {
      throw new Fault("service-quota-exceeded", `This account has the most provisioned throughputs allowed (${MAX_PROVISIONED_PER_ACCOUNT})`);
    }
    const now = this.clock.now();
    const activation = this.plan.activationMs(providerId);
    const record: ProvisionedRecord = {
      provisionedId: p.provisionedId, accountId: p.accountId, name: p.name, modelId: p.modelId, desiredModelId: p.modelId, providerId,
      modelUnits: p.modelUnits, status: activation === 0 ? "InService" : "Creating", readyAt: new Date(now.getTime() + activation),
      ...(p.commitmentDuration !== undefined ? { commitmentDuration: p.commitmentDuration, commitmentExpiresAt: commitmentEnd(now, p.commitmentDuration) } : {}),
      ...(p.clientRequestToken !== undefined ? { clientRequestToken: p.clientRequestToken } : {}),
      tags: p.tags, createdAt: now, updatedAt: now,
    };
    try {
      await this.store.create(record, (reserved) => {
        if (!this.plan.fits(providerId, reserved, p.modelUnits)) {
          const left = Math.max(0, this.plan.maxUnits(providerId) - reserved);
          throw new Fault("service-quota-exceeded", `The model's provider has capacity for ${left} more model units; ${p.modelUnits} were asked for`, { field: "modelUnits" });
        }
      });
    } catch (error) {
      // A retry racing its own first attempt finds what that attempt made.
      const made = await this.byToken(p.accountId, p.clientRequestToken);
      if (made) return made;
      if (error instanceof Fault && error.kind === "conflict") throw new Fault("conflict", "A provisioned model with this provisionedModelName already exists", { field: "provisionedModelName" });
      throw error;
    }
    this.#reserved = undefined;
    return record;
  }

  /** The account's provisioned throughputs as they are now. */
  async list(accountId: string): Promise<ProvisionedRecord[]> {
    const now = this.clock.now();
    return (await this.store.list(accountId)).map((r) => this.#asOf(r, now));
  }

  /**
   * Renames, or moves to another model of the same provider (the units stay reserved there): the
   * throughput is Updating, serving the model it had, until the provider's activation time passes.
   */
  async update(accountId: string, provisionedId: string, change: { readonly name?: string; readonly modelId?: string }): Promise<void> {
    if (change.modelId !== undefined) this.#provisionableProvider(change.modelId, "desiredModelId");
    const now = this.clock.now();
    try {
      const updated = await this.store.update(accountId, provisionedId, (stored) => {
        const current = asOf(stored, now);
        const moving = change.modelId !== undefined && change.modelId !== current.modelId;
        if (moving && current.status !== "InService") throw new Fault("conflict", `The provisioned model is ${current.status}; it can change model once it is InService`, { field: "provisionedModelId" });
        if (moving && this.providerOf(change.modelId!) !== current.providerId) {
          throw invalid("desiredModelId", "the model must be served by the provider the model units are reserved on");
        }
        const activation = this.plan.activationMs(current.providerId);
        const name = change.name ?? current.name;
        if (!moving) return { name, modelId: current.modelId, desiredModelId: current.desiredModelId, status: current.status, readyAt: current.readyAt, updatedAt: now };
        // Without activation time the move is done at once; with it, the old model serves until then.
        return activation === 0
          ? { name, modelId: change.modelId!, desiredModelId: change.modelId!, status: "InService", readyAt: now, updatedAt: now }
          : { name, modelId: current.modelId, desiredModelId: change.modelId!, status: "Updating", readyAt: new Date(now.getTime() + activation), updatedAt: now };
      });
      if (!updated) throw notFound();
    } catch (error) {
      if (error instanceof Fault && error.kind === "conflict" && error.detail.field === undefined) {
        throw new Fault("conflict", "A provisioned model with this desiredProvisionedModelName already exists", { field: "desiredProvisionedModelName" });
      }
      throw error;
    }
  }

  /** Frees the units; refused while a commitment term runs, as Bedrock does. */
  async delete(accountId: string, provisionedId: string): Promise<void> {
    const now = this.clock.now();
    const deleted = await this.store.delete(accountId, provisionedId, (current) => {
      if (current.commitmentExpiresAt !== undefined && now < current.commitmentExpiresAt) {
        throw new Fault("conflict", `A provisioned model with a commitment cannot be deleted before its term ends (${current.commitmentExpiresAt.toISOString()})`, { field: "provisionedModelId" });
      }
    });
    if (!deleted) throw notFound();
    this.#reserved = undefined;
  }

  async tag(accountId: string, provisionedId: string, tags: readonly Tag[]): Promise<void> {
    if (!(await this.store.updateTags(accountId, provisionedId, (current) => mergeTags(current, tags, MAX_PROVISIONED_TAGS), this.clock.now()))) throw notFound();
  }

  async untag(accountId: string, provisionedId: string, keys: readonly string[]): Promise<void> {
    const drop = new Set(keys);
    if (!(await this.store.updateTags(accountId, provisionedId, (current) => current.filter((t) => !drop.has(t.key)), this.clock.now()))) throw notFound();
  }

  /**
   * The record as it is at `now`; Failed, with the reason, while the configuration no longer
   * honours it: its provider's capacity was removed, or its model moved to another provider (its
   * units are reserved where the model is no longer served). It is not served then. Derived on
   * read like the rest of the status, so restoring the configuration brings it back; deleting it
   * frees the units as for any other.
   */
  #asOf(record: ProvisionedRecord, now: Date): ProvisionedRecord {
    const current = asOf(record, now);
    const failure = !this.plan.provisionable(current.providerId)
      ? "The provider its model units are reserved on no longer has capacity configured"
      : this.providerOf(current.modelId) !== current.providerId
        ? "Its model is no longer served by the provider its model units are reserved on"
        : undefined;
    return failure === undefined ? current : { ...current, status: "Failed", failureMessage: failure };
  }

  #provisionableProvider(modelId: string, field: string): string {
    const providerId = this.providerOf(modelId);
    if (providerId === undefined) throw new Fault("not-found", "The model named was not found in this region", { field });
    if (!this.plan.provisionable(providerId)) {
      throw invalid(field, "the model's provider has no capacity configured, so it cannot be provisioned (see providers[].capacity)");
    }
    return providerId;
  }
}

export function notFound(): Fault {
  return new Fault("not-found", "The provisioned model named was not found", { field: "provisionedModelId" });
}
