import { Fault, PARTITION, foundationModelArn, parseArn } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { CatalogueEntry, ModelCatalogue } from "../catalogue.js";
import { SystemProfiles, profileFault } from "../inference-profiles/system-profiles.js";
import type { ProfileProblem } from "../inference-profiles/system-profiles.js";
import { idInOwnArn } from "./own-arn.js";

/** A model named by a caller, in the one canonical form every later step uses. */
/** An enforced guardrail as authorisation sees it. */
export interface EnforcedGuardrailRef {
  readonly arn: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}
/** `ctx`: the request it is read for (the guardrail runtime keeps what it read with it, for the inference). */
export type EnforcedGuardrailLookup = (accountId: string, modelId: string, ctx?: RequestContext) => Promise<readonly EnforcedGuardrailRef[]>;

export interface ResolvedModel {
  /** The model that serves the call: for a profile, the model it routes to. */
  readonly modelId: string;
  /**
   * The resource the call is authorised on: `arn:aws:bedrock:<region>::foundation-model/<id>`,
   * or the inference profile's ARN when one was named. What policies and records see.
   */
  readonly arn: string;
  /** Absent when no such model or profile exists: the request is authorised first, then refused as not found. */
  readonly entry?: CatalogueEntry;
  readonly profile?: ResolvedProfile;
  readonly provisioned?: ResolvedProvisioned;
}

/**
 * The provisioned model a call named: authorised on its own ARN (with its tags as
 * aws:ResourceTag/*), served from the capacity its units reserve.
 */
export interface ResolvedProvisioned {
  readonly arn: string;
  readonly id: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** The foundation model it serves (what CountTokens, which AWS authorises on models only, is checked on). */
  readonly modelArn: string;
  readonly providerId: string;
  readonly modelUnits: number;
  /** False while it is Creating or Failed: refused (ModelNotReadyException) after authorisation. */
  readonly inService: boolean;
  /** Why it is not in service, for the refusal: its status (and a Failed one's reason). */
  readonly notInService?: string;
}

/** A provisioned model as the resolver needs it. */
export interface ProvisionedModelRef {
  readonly modelId: string;
  readonly providerId: string;
  readonly modelUnits: number;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly inService: boolean;
  readonly notInService?: string;
}

export interface ProvisionedLookup {
  find(accountId: string, provisionedId: string): Promise<ProvisionedModelRef | undefined>;
}

/** The inference profile a call named, and what Bedrock also authorises for it. */
export interface ResolvedProfile {
  readonly arn: string;
  readonly id: string;
  readonly type: "SYSTEM_DEFINED" | "APPLICATION";
  /** An application profile's tags: its `aws:ResourceTag/*` keys. */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** The foundation-model ARNs the profile routes to, each also authorised for the action. */
  readonly modelArns: readonly string[];
  /** Why the profile cannot serve here, thrown only after authorisation (so callers without permission learn nothing). */
  readonly problem?: ProfileProblem;
  /**
   * An application profile's source when it copies a system-defined profile: that profile's id
   * (absent when it copies a model). An account makes application profiles at will, so they
   * share the service quotas of what they copy rather than holding quotas of their own.
   */
  readonly copies?: string;
}

/** An application profile as the resolver needs it: where it copies from. */
export interface ApplicationProfileLookup {
  find(accountId: string, profileId: string): Promise<{ readonly sourceArn: string; readonly tags: readonly { readonly key: string; readonly value: string }[] } | undefined>;
}

/** What an application profile copying `source` counts as: a system profile's id, passed on through any application profile between. */
function copied(source: ResolvedProfile | undefined): { readonly copies?: string } {
  const id = source?.type === "APPLICATION" ? source.copies : source?.id;
  return id === undefined ? {} : { copies: id };
}

const PROFILE_TYPES = new Set(["inference-profile", "application-inference-profile"]);

/**
 * The one place a model identifier becomes the model it names: a model id, a foundation-model
 * ARN, a system-defined profile id (`eu.<model>`) or ARN, or an application profile's ARN. Any
 * other spelling is refused, so authorisation, resource-policy lookup, invocation and the
 * records all see the same identifier, and a Deny cannot be sidestepped by rewording it.
 */
export class ModelResolver {
  constructor(
    private readonly catalogue: ModelCatalogue,
    private readonly region: string,
    readonly system: SystemProfiles = new SystemProfiles(catalogue, region, "none"),
    private readonly applications?: ApplicationProfileLookup,
    private readonly enforced?: EnforcedGuardrailLookup,
    private readonly provisioned?: ProvisionedLookup,
  ) {}

  /**
   * The guardrails the account enforces on a model (canonical ARN and tags): a call to the model
   * is also bedrock:ApplyGuardrail on each, as in Bedrock, resolved with the model so that
   * authorisation weighs them before anything runs.
   */
  async enforcedGuardrails(accountId: string, modelId: string, ctx?: RequestContext): Promise<readonly EnforcedGuardrailRef[]> {
    return this.enforced ? this.enforced(accountId, modelId, ctx) : [];
  }

  /**
   * A foundation model: its id or ARN. A model that does not exist still gets its canonical
   * ARN, as AWS authorises on the ARN before the service looks: so a caller without permission
   * learns nothing of which models exist (AccessDenied either way).
   */
  resolve(identifier: string, field = "modelId"): ResolvedModel {
    const modelId = identifier.startsWith("arn:")
      ? idInOwnArn(identifier, { region: this.region, account: "" }, { service: "bedrock", resourceType: "foundation-model", field })
      : identifier;
    const entry = this.catalogue.find(modelId);
    return { modelId, arn: foundationModelArn(this.region, modelId), ...(entry ? { entry } : {}) };
  }

  /** What an inference names (every runtime operation resolves through this): a model or an inference profile. */
  async resolveInvocation(identifier: string, accountId: string, field = "modelId"): Promise<ResolvedModel> {
    const type = identifier.startsWith("arn:") ? parseArn(identifier)?.resource.split("/")[0] : undefined;
    if (type !== undefined && PROFILE_TYPES.has(type)) {
      const id = idInOwnArn(identifier, { region: this.region, account: accountId }, { service: "bedrock", resourceType: type, field });
      return type === "inference-profile" ? this.#system(id, accountId) : this.#application(id, accountId, field);
    }
    if (type === "provisioned-model") {
      const id = idInOwnArn(identifier, { region: this.region, account: accountId }, { service: "bedrock", resourceType: type, field });
      return this.#provisioned(id, accountId);
    }
    if (identifier.startsWith("arn:") || this.catalogue.find(identifier)) return this.resolve(identifier, field);
    const split = /^(us|eu|apac|jp|au|us-gov|global)\./.test(identifier);
    return split ? this.#system(identifier, accountId) : this.resolve(identifier, field);
  }

  #system(id: string, accountId: string): ResolvedModel {
    const arn = this.system.arn(id, accountId);
    const found = this.system.find(id);
    if (!found) return { modelId: id, arn, profile: { arn, id, type: "SYSTEM_DEFINED", tags: [], modelArns: [] } };
    const { profile, problem } = found;
    return {
      modelId: profile.model.modelId, arn, entry: this.catalogue.find(profile.model.modelId)!,
      profile: { arn, id, type: "SYSTEM_DEFINED", tags: [], modelArns: this.system.foundationModelArns(profile), ...(problem ? { problem } : {}) },
    };
  }

  async #application(id: string, accountId: string, field: string): Promise<ResolvedModel> {
    const arn = `arn:${PARTITION}:bedrock:${this.region}:${accountId}:application-inference-profile/${id}`;
    const record = /^[a-z0-9]{12}$/.test(id) ? await this.applications?.find(accountId, id) : undefined;
    if (!record) return { modelId: id, arn, profile: { arn, id, type: "APPLICATION", tags: [], modelArns: [] } };
    const source = await this.resolveInvocation(record.sourceArn, accountId, field);
    const modelArns = source.profile ? source.profile.modelArns : [source.arn];
    return {
      modelId: source.modelId, arn, ...(source.entry ? { entry: source.entry } : {}),
      profile: {
        arn, id, type: "APPLICATION", tags: record.tags, modelArns,
        ...(source.profile?.problem ? { problem: source.profile.problem } : {}), ...copied(source.profile),
      },
    };
  }

  /**
   * A provisioned model's ARN: the model it serves, with the provisioned model as the resource. One
   * that does not exist keeps its ARN (authorised first, then not found), as profiles do.
   */
  async #provisioned(id: string, accountId: string): Promise<ResolvedModel> {
    const arn = `arn:${PARTITION}:bedrock:${this.region}:${accountId}:provisioned-model/${id}`;
    const found = await this.provisioned?.find(accountId, id);
    if (!found) return { modelId: id, arn, provisioned: { arn, id, tags: [], modelArn: "", providerId: "", modelUnits: 0, inService: false } };
    const entry = this.catalogue.find(found.modelId);
    return {
      modelId: found.modelId, arn, ...(entry ? { entry } : {}),
      provisioned: {
        arn, id, tags: found.tags, modelArn: foundationModelArn(this.region, found.modelId), providerId: found.providerId,
        modelUnits: found.modelUnits, inService: found.inService, ...(found.notInService !== undefined ? { notInService: found.notInService } : {}),
      },
    };
  }

  /** After authorisation: the model's entry, or the refusal (not found; a profile that cannot serve here). */
  static entryOf(model: ResolvedModel, field = "modelId"): CatalogueEntry {
    if (model.profile?.problem) throw profileFault(model.profile.problem);
    if (!model.entry) {
      const what = model.profile ? "inference profile" : model.provisioned ? "provisioned model" : "model";
      throw new Fault("not-found", `The ${what} named was not found in this region`, { field });
    }
    if (model.provisioned && !model.provisioned.inService) {
      throw new Fault("model-not-ready", model.provisioned.notInService ?? "The provisioned model is not in service yet (Creating); try again once it is InService", { field });
    }
    return model.entry;
  }
}
