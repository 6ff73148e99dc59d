import type { ModelProvider } from "../../providers/port.js";
import type { ResourcePolicyStore } from "../../store/iam-port.js";
import { ModelCatalogue } from "../catalogue.js";
import type { CatalogueModel } from "../catalogue.js";

/**
 * A test double of the ResourcePolicyStore PORT (in memory): the SQLite/PostgreSQL store refuses
 * an ARN without an account today (`put` requires the ARN's account to be the owner's), and
 * foundation-model ARNs have none. The same behaviour runs on the real store for account-owned
 * resources in service.test.ts. Also a real catalogue over a provider that is never called.
 */
export class MemoryResourcePolicies implements ResourcePolicyStore {
  readonly rows = new Map<string, { accountId: string; document: string }>();
  async put(resourceArn: string, accountId: string, document: string) { this.rows.set(resourceArn, { accountId, document }); }
  async get(resourceArn: string) { return this.rows.get(resourceArn)?.document; }
  async delete(resourceArn: string) { return this.rows.delete(resourceArn); }
}

export function catalogueOf(...modelIds: string[]): ModelCatalogue {
  // The catalogue reads how a provider takes documents, to describe its models; nothing else may be used.
  const unused = new Proxy({}, { get: (_target, key) => { if (key === "documents") return undefined; throw new Error("the provider is not used by these tests"); } }) as ModelProvider;
  const models: CatalogueModel[] = modelIds.map((modelId) => ({
    modelId, name: modelId, providerName: "Test", inputModalities: ["TEXT"], outputModalities: ["TEXT"], streaming: true,
    lifecycle: "ACTIVE", providerId: "p", upstreamModel: "m", processingRegion: "eu-west-2", timeoutMs: 1000,
  }));
  return new ModelCatalogue(models, new Map([["p", unused]]));
}
