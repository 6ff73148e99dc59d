import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../../kernel/index.js";
import { DATA_RETENTION_MODES, isDataRetentionMode, postureOf, requireProviderAllowed, requireServiceRetentionAllowed } from "./modes.js";
import type { DataRetentionMode } from "./modes.js";

describe("what each data-retention mode allows", () => {
  const table: [DataRetentionMode, string, boolean, boolean][] = [
    // mode, effective, the service may keep, retaining providers may serve
    ["none", "none", false, false],
    ["default", "none", false, false],
    ["inherit", "none", false, false],
    ["aws_review", "aws_review", true, false],
    ["provider_data_share", "provider_data_share", true, true],
  ];
  for (const [mode, effective, service, provider] of table) {
    it(mode, () => assert.deepEqual(postureOf(mode), { effective, serviceMayRetain: service, providerMayRetain: provider }));
  }
  it("the table covers every mode the Bedrock model defines", () => {
    assert.deepEqual(table.map(([m]) => m).sort(), [...DATA_RETENTION_MODES].sort());
  });
  it("only Bedrock's wire values are modes", () => {
    for (const m of DATA_RETENTION_MODES) assert.ok(isDataRetentionMode(m));
    for (const v of ["NONE", "", "provider-data-share", 1, undefined]) assert.ok(!isDataRetentionMode(v));
  });
});

describe("refusals", () => {
  const refusal = (fn: () => void): Fault => {
    try { fn(); } catch (e) { assert.ok(e instanceof Fault); return e; }
    assert.fail("expected a refusal");
  };

  it("a retaining provider is refused unless the account shares with providers; the message names the model and why", () => {
    for (const mode of ["none", "default", "inherit", "aws_review"] as const) {
      const f = refusal(() => requireProviderAllowed(postureOf(mode), "meta.llama3-1-8b-instruct-v1:0", true));
      assert.equal(f.kind, "validation");
      assert.equal(f.detail.field, "modelId");
      assert.match(f.message, /meta\.llama3-1-8b-instruct-v1:0/);
      assert.match(f.message, /retains request data/);
      assert.match(f.message, /provider_data_share/);
    }
    requireProviderAllowed(postureOf("provider_data_share"), "m", true);
  });

  it("a provider that keeps nothing serves every mode", () => {
    for (const mode of DATA_RETENTION_MODES) requireProviderAllowed(postureOf(mode), "m", false);
  });

  it("asking the service to keep content is refused under none, naming the field that asked", () => {
    const f = refusal(() => requireServiceRetentionAllowed(postureOf("none"), "store"));
    assert.equal(f.kind, "validation");
    assert.equal(f.detail.field, "store");
    assert.match(f.message, /Value at 'store'/);
    assert.match(f.message, /keeps nothing derived from content/);
    requireServiceRetentionAllowed(postureOf("aws_review"), "store");
    requireServiceRetentionAllowed(postureOf("provider_data_share"), "background");
  });
});
