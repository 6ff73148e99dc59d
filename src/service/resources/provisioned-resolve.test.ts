import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import type { ModelProvider } from "../../providers/port.js";
import { ModelCatalogue } from "../catalogue.js";
import { ModelResolver } from "./models.js";
import type { ProvisionedLookup, ProvisionedModelRef } from "./models.js";
import { catalogueModel } from "../catalogue.fixture.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const ACCOUNT = "111122223333";
const REGION = "eu-west-2";
const model = catalogueModel(MODEL, { providerName: "Meta", processingRegion: REGION });
const records: Record<string, ProvisionedModelRef> = {
  readyreadyrdy: { modelId: MODEL, providerId: "p", modelUnits: 2, tags: [{ key: "tier", value: "gold" }], inService: true },
  creatingcreat: { modelId: MODEL, providerId: "p", modelUnits: 1, tags: [], inService: false },
  gonemodelgone: { modelId: "meta.removed-v1:0", providerId: "p", modelUnits: 1, tags: [], inService: true },
};
const lookup: ProvisionedLookup = { find: async (account, id) => (account === ACCOUNT ? records[id] : undefined) };
const resolver = new ModelResolver(new ModelCatalogue([model], new Map([["p", {} as ModelProvider]])), REGION, undefined, undefined, undefined, lookup);
const arn = (id: string, account = ACCOUNT, region = REGION) => `arn:aws:bedrock:${region}:${account}:provisioned-model/${id}`;
const faultOf = (f: () => unknown) => { try { f(); } catch (e) { return isFault(e) ? e.kind : "not a fault"; } return "none"; };

describe("ModelResolver: provisioned models", () => {
  it("resolves to the model it serves, with the provisioned model as the resource and its tags", async () => {
    const r = await resolver.resolveInvocation(arn("readyreadyrdy"), ACCOUNT);
    assert.equal(r.arn, arn("readyreadyrdy"));
    assert.equal(r.modelId, MODEL);
    assert.equal(r.provisioned?.modelArn, `arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`);
    assert.deepEqual(r.provisioned?.tags, [{ key: "tier", value: "gold" }]);
    assert.equal(r.profile, undefined);
    assert.equal(ModelResolver.entryOf(r).model.modelId, MODEL);
  });

  const refusals = [
    { name: "one that does not exist keeps its ARN (authorised first) and is then not found", id: "nosuchthingx", want: "not-found" },
    { name: "one still Creating is not ready", id: "creatingcreat", want: "model-not-ready" },
    { name: "one whose model left the catalogue is not found", id: "gonemodelgone", want: "not-found" },
  ];
  for (const c of refusals) {
    it(c.name, async () => {
      const r = await resolver.resolveInvocation(arn(c.id), ACCOUNT);
      assert.equal(r.arn, arn(c.id));
      assert.equal(faultOf(() => ModelResolver.entryOf(r)), c.want);
    });
  }

  const elsewhere = [
    { name: "another account's ARN", identifier: arn("readyreadyrdy", "999999999999") },
    { name: "another region's ARN", identifier: arn("readyreadyrdy", ACCOUNT, "us-east-1") },
    { name: "another partition", identifier: arn("readyreadyrdy").replace("arn:aws:", "arn:aws-cn:") },
  ];
  for (const c of elsewhere) {
    it(`${c.name} is a ValidationException, never another resource`, async () => {
      await assert.rejects(resolver.resolveInvocation(c.identifier, ACCOUNT), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === "modelId");
    });
  }
});
