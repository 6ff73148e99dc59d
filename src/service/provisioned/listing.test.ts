import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../../kernel/index.js";
import type { ProvisionedRecord } from "../../store/index.js";
import { asOf, commitmentEnd } from "./lifecycle.js";
import { listPage } from "./listing.js";

function record(id: string, minute: number, extra: Partial<ProvisionedRecord> = {}): ProvisionedRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, minute));
  return {
    provisionedId: id.padEnd(12, "0"), accountId: "111111111111", name: `pt-${id}`, modelId: "m.one", desiredModelId: "m.one", providerId: "p",
    modelUnits: 1, status: "InService", readyAt: at, tags: [], createdAt: at, updatedAt: at, ...extra,
  };
}
const arnOf = (m: string) => `arn:aws:bedrock:eu-west-2::foundation-model/${m}`;
const all = [record("a", 1), record("b", 2, { modelId: "m.two", desiredModelId: "m.two" }), record("c", 3, { status: "Creating" }), record("d", 4, { name: "search-main" })];
const ids = (rs: readonly ProvisionedRecord[]) => rs.map((r) => r.name);

describe("provisioned listing", () => {
  const cases = [
    { name: "newest first by default", q: {}, want: ["search-main", "pt-c", "pt-b", "pt-a"] },
    { name: "ascending", q: { sortOrder: "Ascending" as const }, want: ["pt-a", "pt-b", "pt-c", "search-main"] },
    { name: "created after (exclusive)", q: { creationTimeAfter: all[1]!.createdAt }, want: ["search-main", "pt-c"] },
    { name: "created before (exclusive)", q: { creationTimeBefore: all[1]!.createdAt }, want: ["pt-a"] },
    { name: "by status", q: { statusEquals: "Creating" as const }, want: ["pt-c"] },
    { name: "by model ARN", q: { modelArnEquals: arnOf("m.two") }, want: ["pt-b"] },
    { name: "by part of the name", q: { nameContains: "search" }, want: ["search-main"] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(ids(listPage(all, { maxResults: 10, sortOrder: "Descending", ...c.q }, arnOf).records), c.want));
  }

  it("pages: each token continues after the last record, and the last page has none", () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = listPage(all, { maxResults: 3, sortOrder: "Ascending", ...(token ? { nextToken: token } : {}) }, arnOf);
      seen.push(...ids(page.records));
      token = page.nextToken;
      pages++;
    } while (token !== undefined);
    assert.equal(pages, 2);
    assert.deepEqual(seen, ["pt-a", "pt-b", "pt-c", "search-main"]);
  });

  it("a token it did not issue is a ValidationException naming nextToken", () => {
    assert.throws(() => listPage(all, { maxResults: 3, sortOrder: "Ascending", nextToken: "bm90LWEtdG9rZW4" }, arnOf), (e: unknown) => isFault(e) && e.detail.field === "nextToken");
  });
});

describe("provisioned lifecycle", () => {
  const at = new Date(Date.UTC(2026, 0, 31, 12));
  const cases = [
    { name: "Creating until its activation time", status: "Creating" as const, readyIn: 1, want: "Creating", model: "m.one" },
    { name: "Creating becomes InService at its activation time", status: "Creating" as const, readyIn: 0, want: "InService", model: "m.two" },
    { name: "Updating serves the old model until then", status: "Updating" as const, readyIn: 1, want: "Updating", model: "m.one" },
    { name: "Updating then serves the model it moved to", status: "Updating" as const, readyIn: -1, want: "InService", model: "m.two" },
    { name: "Failed stays Failed", status: "Failed" as const, readyIn: -1, want: "Failed", model: "m.one" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = asOf(record("a", 0, { status: c.status, modelId: "m.one", desiredModelId: "m.two", readyAt: new Date(at.getTime() + c.readyIn) }), at);
      assert.equal(r.status, c.want);
      assert.equal(r.modelId, c.model);
    });
  }

  it("a commitment ends one or six calendar months later", () => {
    assert.equal(commitmentEnd(new Date("2026-01-15T10:00:00Z"), "OneMonth").toISOString(), "2026-02-15T10:00:00.000Z");
    assert.equal(commitmentEnd(new Date("2026-01-15T10:00:00Z"), "SixMonths").toISOString(), "2026-07-15T10:00:00.000Z");
  });
});
