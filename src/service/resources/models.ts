import { Fault, foundationModelArn } from "../../kernel/index.js";
import type { CatalogueEntry, ModelCatalogue } from "../catalogue.js";
import { idInOwnArn } from "./own-arn.js";

/** A model named by a caller, in the one canonical form every later step uses. */
export interface ResolvedModel {
  readonly modelId: string;
  /** `arn:aws:bedrock:<region>::foundation-model/<id>`: what policies, resource policies and records see. */
  readonly arn: string;
  /** Absent when no such model is configured: the request is authorised first, then refused as not found. */
  readonly entry?: CatalogueEntry;
}

/**
 * The one place a model identifier (a model id or a foundation-model ARN) becomes the model it
 * names. Any other spelling is refused, so authorisation, resource-policy lookup, invocation and
 * the records all see the same identifier, and a Deny cannot be sidestepped by rewording it.
 */
export class ModelResolver {
  constructor(private readonly catalogue: ModelCatalogue, private readonly region: string) {}

  /**
   * The canonical form of what the caller named. A model that does not exist still gets its
   * canonical ARN, as AWS authorises on the ARN before the service looks: so a caller without
   * permission learns nothing of which models exist (AccessDenied either way).
   */
  resolve(identifier: string, field = "modelId"): ResolvedModel {
    const modelId = identifier.startsWith("arn:")
      ? idInOwnArn(identifier, { region: this.region, account: "" }, { service: "bedrock", resourceType: "foundation-model", field })
      : identifier;
    const entry = this.catalogue.find(modelId);
    return { modelId, arn: foundationModelArn(this.region, modelId), ...(entry ? { entry } : {}) };
  }

  /** After authorisation: the model's entry, or the not-found refusal. */
  static entryOf(model: ResolvedModel, field = "modelId"): CatalogueEntry {
    if (!model.entry) throw new Fault("not-found", "The model named was not found in this region", { field });
    return model.entry;
  }
}
