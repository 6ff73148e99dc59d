import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foundationModelArn, isFault } from "../kernel/index.js";
import type { RequestContext } from "../kernel/index.js";
import type { ModelProvider } from "../providers/port.js";
import { ModelCatalogue } from "../service/catalogue.js";
import { SystemProfiles } from "../service/inference-profiles/system-profiles.js";
import { MemoryQuotaStore, ServiceQuotas } from "../service/quotas/index.js";
import { ModelResolver } from "../service/resources/index.js";
import type { ApplicationProfileLookup } from "../service/resources/index.js";
import type { Step } from "./hooks.js";
import type { Operation } from "./operation.js";
import { quotaHooks, quotaTargets } from "./quota-admission.js";
import { catalogueModel } from "../service/catalogue.fixture.js";

/**
 * What a quota is kept against, whatever the caller called the model: an application inference
 * profile is a tag-and-cost wrapper an account makes for itself (CreateInferenceProfile), so it
 * must share the quotas of what it copies; were it a quota target of its own, an account could
 * multiply its limits by making profiles, and step around a model's override altogether.
 */
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const ACCOUNT = "111122223333";
const REGION = "eu-west-2";
const model = catalogueModel(MODEL, { providerName: "Meta", processingRegion: REGION });
const catalogue = new ModelCatalogue([model], new Map([["p", {} as ModelProvider]]));
const sources: Record<string, string> = {
  copiesamodel: foundationModelArn(REGION, MODEL),
  copiesaprofl: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/eu.${MODEL}`,
};
const applications: ApplicationProfileLookup = { find: async (account, id) => (account === ACCOUNT && sources[id] ? { sourceArn: sources[id]!, tags: [] } : undefined) };
const resolver = new ModelResolver(catalogue, REGION, new SystemProfiles(catalogue, REGION, "geography"), applications);
const appArn = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/${id}`;

describe("quota target: an application inference profile shares the quotas of what it copies", () => {
  it("one copying a model is counted as the model", async () => {
    const resolution = await resolver.resolveInvocation(appArn("copiesamodel"), ACCOUNT);
    assert.deepEqual(quotaTargets({ resolution }), [MODEL]);
  });

  it("one copying a system-defined profile is counted as that profile (or its model)", async () => {
    const resolution = await resolver.resolveInvocation(appArn("copiesaprofl"), ACCOUNT);
    assert.deepEqual(quotaTargets({ resolution }), [`eu.${MODEL}`, MODEL]);
  });

  it("a model's override cannot be escaped through an application profile (no default: the profile would be unlimited)", async () => {
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), { models: [{ model: MODEL, requestsPerMinute: 1 }] }), () => undefined);
    const step = async (identifier: string): Promise<Step> => ({
      op: { action: "bedrock:InvokeModel" } as Operation,
      ctx: { principal: { accountId: ACCOUNT }, notes: {} } as unknown as RequestContext,
      resource: "", input: { resolution: await resolver.resolveInvocation(identifier, ACCOUNT), inference: { maxTokens: 10 } }, bodyBytes: 0,
    });
    await hooks.admission.admit(await step(MODEL));
    await assert.rejects(hooks.admission.admit(await step(appArn("copiesamodel"))), (e: unknown) => isFault(e) && e.kind === "throttling");
  });

  const call = (hooks: ReturnType<typeof quotaHooks>, identifier: string) => (async () => hooks.admission.admit({
    op: { action: "bedrock:InvokeModel" } as Operation,
    ctx: { principal: { accountId: ACCOUNT }, notes: {} } as unknown as RequestContext,
    resource: "", input: { resolution: await resolver.resolveInvocation(identifier, ACCOUNT), inference: { maxTokens: 10 } }, bodyBytes: 0,
  }))();
  const throttled = (e: unknown) => isFault(e) && e.kind === "throttling";

  it("a system-defined profile without an override of its own is counted as its model (an override is not escaped through eu.<model>)", async () => {
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), { models: [{ model: MODEL, requestsPerMinute: 1 }] }), () => undefined);
    await call(hooks, MODEL);
    await assert.rejects(call(hooks, `eu.${MODEL}`), throttled);
    await assert.rejects(call(hooks, appArn("copiesaprofl")), throttled);
  });

  it("with only a default, a model and its profiles share one allowance rather than one each", async () => {
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), { requestsPerMinute: 1, models: [] }), () => undefined);
    await call(hooks, `eu.${MODEL}`);
    await assert.rejects(call(hooks, MODEL), throttled);
  });

  it("a system-defined profile the operator gave quotas of its own keeps them apart, and so does an application profile copying it", async () => {
    const hooks = quotaHooks(new ServiceQuotas(new MemoryQuotaStore(() => 0), { models: [{ model: MODEL, requestsPerMinute: 1 }, { model: `eu.${MODEL}`, requestsPerMinute: 1 }] }), () => undefined);
    await call(hooks, MODEL);
    await call(hooks, `eu.${MODEL}`);
    await assert.rejects(call(hooks, appArn("copiesaprofl")), throttled);
    await assert.rejects(call(hooks, appArn("copiesamodel")), throttled);
  });
});
