import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { ModelProvider } from "../providers/port.js";
import { foundationModels } from "./resource-policies/kinds.js";
import { ModelCatalogue, type CatalogueModel } from "./catalogue.js";
import { catalogueModel } from "./catalogue.fixture.js";

const model = (modelId: string, extra: Partial<CatalogueModel> = {}): CatalogueModel => catalogueModel(modelId, { providerName: "Local", ...extra });

describe("ModelCatalogue and UNAVAILABLE models", () => {
  const catalogue = new ModelCatalogue([
    model("local.ok"),
    model("local.v1", { lifecycle: "UNAVAILABLE", statusReason: "GGUF version 1 is not supported by this server's llama.cpp", outputModalities: [] }),
  ], new Map([["p", {} as ModelProvider]]));

  it("an UNAVAILABLE model is listed and found, but refused for use with its reason", () => {
    assert.deepEqual(catalogue.list().map((m) => [m.modelId, m.lifecycle]), [["local.ok", "ACTIVE"], ["local.v1", "UNAVAILABLE"]]);
    assert.equal(catalogue.find("local.v1")?.model.statusReason, "GGUF version 1 is not supported by this server's llama.cpp");
    assert.equal(catalogue.resolve("local.ok").model.modelId, "local.ok");
    assert.throws(() => catalogue.resolve("local.v1"), (e: unknown) => e instanceof Fault && e.kind === "model-error" && /local\.v1 cannot be used: GGUF version 1/.test(e.message));
  });

  it("an UNAVAILABLE model may still carry a resource policy: it exists", async () => {
    const kind = foundationModels(catalogue);
    const arn = (id: string) => ({ partition: "aws", service: "bedrock", region: "us-east-1", account: "", resource: `foundation-model/${id}` });
    assert.equal(await kind.owner(arn("local.v1") as never, "111122223333"), "111122223333");
    assert.equal(await kind.owner(arn("local.none") as never, "111122223333"), undefined);
  });
});

describe("ModelCatalogue describes how a model reads documents", () => {
  const providers = new Map<string, ModelProvider>([
    ["native", { documents: "native" } as ModelProvider],
    ["text", { documents: "text" } as ModelProvider],
    ["none", {} as ModelProvider],
  ]);
  const catalogue = new ModelCatalogue([
    model("a.native", { providerId: "native" }),
    model("a.text", { providerId: "text" }),
    model("a.none", { providerId: "none" }),
    model("a.own", { providerId: "text", description: "The operator's words." }),
  ], providers);
  const describe_ = (id: string) => catalogue.find(id)?.model.description;

  it("natively, as extracted text, not at all, or as the operator described it", () => {
    assert.match(describe_("a.native") ?? "", /as documents the model reads itself/);
    assert.match(describe_("a.text") ?? "", /text plinth extracts first: pdf/);
    assert.equal(describe_("a.none"), undefined);
    assert.equal(describe_("a.own"), "The operator's words.");
  });
});
