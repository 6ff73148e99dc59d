import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { decodeCreateProvisioned, decodeListProvisioned, decodeProvisionedId, decodeUpdateProvisioned } from "./provisioned-codec.js";

const fieldOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return isFault(e) && e.kind === "validation" ? e.detail.field : "not a validation fault"; }
  return undefined;
};

const CREATE = { provisionedModelName: "search-main", modelId: "meta.llama3-1-8b-instruct-v1:0", modelUnits: 1 };

describe("provisioned codec: CreateProvisionedModelThroughput", () => {
  it("decodes every member", () => {
    assert.deepEqual(decodeCreateProvisioned({ ...CREATE, commitmentDuration: "SixMonths", clientRequestToken: "a-1", tags: [{ key: "k", value: "v" }] }), {
      name: "search-main", modelId: "meta.llama3-1-8b-instruct-v1:0", modelUnits: 1, commitmentDuration: "SixMonths", clientRequestToken: "a-1", tags: [{ key: "k", value: "v" }],
    });
  });
  const refused: Array<[string, object, string]> = [
    ["no name", { modelId: CREATE.modelId, modelUnits: 1 }, "provisionedModelName"],
    ["a name past 63 characters", { ...CREATE, provisionedModelName: "a".repeat(64) }, "provisionedModelName"],
    ["a name outside the pattern", { ...CREATE, provisionedModelName: "a b" }, "provisionedModelName"],
    ["zero units", { ...CREATE, modelUnits: 0 }, "modelUnits"],
    ["fractional units", { ...CREATE, modelUnits: 1.5 }, "modelUnits"],
    ["units as text", { ...CREATE, modelUnits: "1" }, "modelUnits"],
    ["an unknown commitment", { ...CREATE, commitmentDuration: "OneYear" }, "commitmentDuration"],
    ["a model id outside the pattern", { ...CREATE, modelId: "meta llama" }, "modelId"],
    ["a token outside the pattern", { ...CREATE, clientRequestToken: "-x" }, "clientRequestToken"],
    ["a tag key twice", { ...CREATE, tags: [{ key: "k", value: "1" }, { key: "k", value: "2" }] }, "tags"],
  ];
  for (const [name, body, field] of refused) it(`refuses ${name}, naming ${field}`, () => assert.equal(fieldOf(() => decodeCreateProvisioned(body)), field));
  it("refuses an unknown member", () => assert.ok(fieldOf(() => decodeCreateProvisioned({ ...CREATE, desiredModelUnits: 2 })) !== undefined));
});

describe("provisioned codec: identifiers and Update", () => {
  const ids: Array<[string, string, boolean]> = [
    ["an id", "abcdefghijkl", true],
    ["a name", "search-main", true],
    ["an ARN", "arn:aws:bedrock:eu-west-2:111122223333:provisioned-model/abcdefghijkl", true],
    ["another resource type's ARN", "arn:aws:bedrock:eu-west-2:111122223333:custom-model/abcdefghijkl", false],
    ["a path", "../x", false],
  ];
  for (const [name, label, ok] of ids) it(`${ok ? "takes" : "refuses"} ${name}`, () => assert.equal(fieldOf(() => decodeProvisionedId(label)), ok ? undefined : "provisionedModelId"));
  it("Update names the member it refuses", () => {
    assert.deepEqual(decodeUpdateProvisioned("abcdefghijkl", { desiredProvisionedModelName: "renamed" }), { provisionedModelId: "abcdefghijkl", desiredName: "renamed" });
    assert.equal(fieldOf(() => decodeUpdateProvisioned("abcdefghijkl", { desiredProvisionedModelName: "" })), "desiredProvisionedModelName");
    assert.equal(fieldOf(() => decodeUpdateProvisioned("abcdefghijkl", { desiredModelId: "a b" })), "desiredModelId");
  });
});

describe("provisioned codec: ListProvisionedModelThroughputs", () => {
  it("defaults: everything, newest first", () => assert.deepEqual(decodeListProvisioned(new URLSearchParams()), { maxResults: 1000, sortOrder: "Descending" }));
  it("reads the SDK's timestamps and filters", () => {
    const q = decodeListProvisioned(new URLSearchParams({
      creationTimeAfter: "2026-01-01T00:00:00.000Z", creationTimeBefore: "1767225600", statusEquals: "InService",
      modelArnEquals: "arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0", nameContains: "search", sortBy: "CreationTime", sortOrder: "Ascending", maxResults: "5",
    }));
    assert.equal(q.creationTimeAfter?.toISOString(), "2026-01-01T00:00:00.000Z");
    assert.equal(q.creationTimeBefore?.toISOString(), "2026-01-01T00:00:00.000Z");
    assert.equal(q.statusEquals, "InService");
    assert.equal(q.maxResults, 5);
    assert.equal(q.sortOrder, "Ascending");
  });
  const refused: Array<[string, Record<string, string>, string]> = [
    ["maxResults 0", { maxResults: "0" }, "maxResults"],
    ["maxResults 1001", { maxResults: "1001" }, "maxResults"],
    ["a status outside the enum", { statusEquals: "Deleted" }, "statusEquals"],
    ["a time that is not one", { creationTimeAfter: "yesterday" }, "creationTimeAfter"],
    ["an unknown sort", { sortBy: "Name" }, "sortBy"],
    ["an unknown parameter", { byName: "x" }, "byName"],
    ["a model ARN outside the pattern", { modelArnEquals: "arn:aws:bedrock:eu-west-2::provisioned-model/x" }, "modelArnEquals"],
  ];
  for (const [name, query, field] of refused) it(`refuses ${name}, naming ${field}`, () => assert.equal(fieldOf(() => decodeListProvisioned(new URLSearchParams(query))), field));
});
