import { Fault, PARTITION, foundationModelArn } from "../../kernel/index.js";
import type { CatalogueModel, ModelCatalogue } from "../catalogue.js";
import { GEOGRAPHIES, isRegion, placeInside, splitProfileId } from "./geography.js";
import type { Geography } from "./geography.js";

/** How far a system-defined profile may carry a request from the deployment's region (config `inference.crossRegion`). */
export type CrossRegion = "none" | "geography" | "global";

/** A system-defined (cross-region) profile this deployment offers: a geography and a catalogue model. */
export interface SystemProfile {
  /** `<geography>.<modelId>`, as Bedrock spells them. */
  readonly id: string;
  readonly geography: Geography;
  readonly model: CatalogueModel;
}

/** Why a profile cannot serve: absent (404, which clients probing `eu.`/`us.` ids expect) or not allowed here. */
export type ProfileProblem = { readonly kind: "not-found" | "validation"; readonly message: string };

const LABEL: Readonly<Record<Geography, string>> = {
  us: "US", eu: "EU", apac: "APAC", jp: "JP", au: "AU", "us-gov": "US-GOV", global: "Global",
};

/**
 * The system-defined profiles of this deployment and the rule that decides where each may go.
 * A deployment is a region R. A profile of geography G is offered only when R lies inside G
 * (as in Bedrock, where `us.` profiles exist only in US regions; `global.` everywhere). It
 * routes to its model's provider only when the provider's processingRegion P lies inside G. And
 * unless P is R itself, the owner must have opted in: `geography` lets a request go to P when P
 * lies inside one of R's own geographies, `global` anywhere. Calling the model by its own id is
 * not governed here: the operator chose its provider when configuring it.
 */
export class SystemProfiles {
  readonly #home: readonly Geography[];

  constructor(private readonly catalogue: ModelCatalogue, private readonly region: string, private readonly crossRegion: CrossRegion) {
    this.#home = GEOGRAPHIES.filter((g) => g !== "global" && placeInside(region, g));
  }

  /** Whether a profile of geography G exists in this region at all. */
  offered(geography: Geography): boolean {
    return placeInside(this.region, geography);
  }

  /** The problem with serving `model` through a profile of `geography`, if there is one. */
  problem(geography: Geography, model: CatalogueModel, id: string): ProfileProblem | undefined {
    if (!this.offered(geography)) return { kind: "not-found", message: `The inference profile ${id} is not offered in ${this.region}` };
    const place = model.processingRegion;
    if (!placeInside(place, geography)) {
      return { kind: "not-found", message: `The inference profile ${id} routes to no provider inside its geography: the model is processed in ${place}` };
    }
    if (!this.reaches(place)) {
      return {
        kind: "validation",
        message: `The inference profile ${id} would send the request outside ${this.region} (the model is processed in ${place}), ` +
          `and this deployment keeps data in its region (inference.crossRegion is ${this.crossRegion}); call ${model.modelId} by its id or ask the owner to allow cross-region inference`,
      };
    }
    return undefined;
  }

  /** Whether the owner's setting lets a request be processed at `place`. */
  reaches(place: string): boolean {
    if (place === this.region || this.crossRegion === "global") return true;
    return this.crossRegion === "geography" && this.#home.some((g) => placeInside(place, g));
  }

  /** The profile an id names, when its prefix is a geography and the rest a catalogue model (else undefined). */
  find(id: string): { readonly profile: SystemProfile; readonly problem?: ProfileProblem } | undefined {
    const split = splitProfileId(id);
    const entry = split && this.catalogue.find(split.modelId);
    if (!split || !entry) return undefined;
    const problem = this.problem(split.geography, entry.model, id);
    return { profile: { id, geography: split.geography, model: entry.model }, ...(problem ? { problem } : {}) };
  }

  /** Every profile a caller here can use, in id order. */
  list(): SystemProfile[] {
    const out: SystemProfile[] = [];
    for (const model of this.catalogue.list()) {
      for (const geography of GEOGRAPHIES) {
        const id = `${geography}.${model.modelId}`;
        if (!this.problem(geography, model, id)) out.push({ id, geography, model });
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  arn(id: string, accountId: string): string {
    return `arn:${PARTITION}:bedrock:${this.region}:${accountId}:inference-profile/${id}`;
  }

  /**
   * The foundation-model ARNs a call through the profile is authorised on, as Bedrock documents:
   * the model in the source region (the ARN plinth's policies already name), the model in the
   * destination region when the provider names one, and for `global.` the region-less ARN.
   */
  foundationModelArns(profile: SystemProfile): string[] {
    const arns = [foundationModelArn(this.region, profile.model.modelId)];
    const place = profile.model.processingRegion;
    if (isRegion(place) && place !== this.region) arns.push(foundationModelArn(place, profile.model.modelId));
    if (profile.geography === "global") arns.push(`arn:${PARTITION}:bedrock:::foundation-model/${profile.model.modelId}`);
    return arns;
  }

  name(profile: SystemProfile): string {
    return `${LABEL[profile.geography]} ${profile.model.name}`;
  }

  description(profile: SystemProfile): string {
    return `Routes requests to ${profile.model.name}, processed in ${profile.model.processingRegion}`;
  }
}

/** A refusal as the Fault the use case throws after authorisation. */
export function profileFault(problem: ProfileProblem): Fault {
  return new Fault(problem.kind, problem.message, { field: "modelId" });
}
